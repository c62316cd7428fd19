import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  render,
  Section,
  Text,
} from '@react-email/components';
import type { ReactNode } from 'react';

/**
 * The emails that carry notices and digests, rendered with react-email: one template gives the HTML (inline styles,
 * table layout that mail clients keep) and, with `plainText`, its text part. User text goes in as JSX text, so it
 * is escaped; nothing is injected as raw HTML.
 */

const colours = { ink: '#1f2933', muted: '#52606d', brand: '#2f6f4e', line: '#e4e7eb', page: '#f5f7fa' };

const styles = {
  body: {
    backgroundColor: colours.page,
    fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  },
  container: { backgroundColor: '#ffffff', margin: '24px auto', padding: '24px 28px', maxWidth: '560px' },
  organisation: { color: colours.muted, fontSize: '13px', letterSpacing: '0.02em', margin: '0 0 12px' },
  heading: { color: colours.ink, fontSize: '20px', lineHeight: '28px', margin: '0 0 12px' },
  text: { color: colours.ink, fontSize: '15px', lineHeight: '24px', margin: '0 0 12px' },
  detail: { color: colours.ink, fontSize: '14px', lineHeight: '22px', margin: '0 0 4px' },
  button: {
    backgroundColor: colours.brand,
    borderRadius: '6px',
    color: '#ffffff',
    fontSize: '15px',
    padding: '10px 18px',
    textDecoration: 'none',
  },
  muted: { color: colours.muted, fontSize: '13px', lineHeight: '20px', margin: '0 0 8px' },
  sectionTitle: { color: colours.ink, fontSize: '16px', fontWeight: 600, margin: '16px 0 8px' },
  hr: { borderColor: colours.line, margin: '20px 0' },
};

interface Action {
  label: string;
  url: string;
}

interface Unsubscribe {
  url: string;
  categoryLabel: string;
}

function Frame(props: {
  organisationName: string;
  preview: string;
  children: ReactNode;
  footer: string;
  unsubscribe?: Unsubscribe;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.organisation}>{props.organisationName} · Mentoring on Trellis</Text>
          {props.children}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{props.footer}</Text>
          {props.unsubscribe ? (
            <Text style={styles.muted}>
              Don’t want these emails?{' '}
              <Link href={props.unsubscribe.url}>
                Stop emails about {props.unsubscribe.categoryLabel.toLowerCase()}
              </Link>{' '}
              (you will still see them in Trellis).
            </Text>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}

function ActionButton({ action }: { action: Action }) {
  return (
    <Section style={{ margin: '16px 0' }}>
      <Button href={action.url} style={styles.button}>
        {action.label}
      </Button>
      <Text style={styles.muted}>
        If the button does not work, paste this link into your browser: {action.url}
      </Text>
    </Section>
  );
}

/** What `render` gives: the HTML and its plain-text twin. */
async function both(element: ReactNode) {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

export interface NoticeEmailInput {
  organisationName: string;
  recipientName: string;
  title: string;
  body: string;
  details?: string[];
  action: Action | null;
  unsubscribe?: Unsubscribe;
  /** The person has no account yet: the email invites them to create one (a one-time link). */
  invitation?: { url: string; expiresInHours: number };
}

const hiddenInvitation = '[Invitation link hidden: only the recipient can use it]';

function NoticeEmail(props: NoticeEmailInput & { invitationShown: boolean }) {
  const { invitation } = props;
  return (
    <Frame
      organisationName={props.organisationName}
      preview={props.body || props.title}
      unsubscribe={props.unsubscribe}
      footer={`You get this email because you take part in mentoring at ${props.organisationName}.`}
    >
      <Heading as="h1" style={styles.heading}>
        {props.title}
      </Heading>
      <Text style={styles.text}>Hi {props.recipientName},</Text>
      {props.body
        .split(/\n{2,}/)
        .filter(Boolean)
        .map((paragraph) => (
          <Text key={paragraph} style={styles.text}>
            {paragraph}
          </Text>
        ))}
      {props.details && props.details.length > 0 ? (
        <Section style={{ margin: '8px 0 12px' }}>
          {props.details.map((line) => (
            <Text key={line} style={styles.detail}>
              • {line}
            </Text>
          ))}
        </Section>
      ) : null}
      {invitation ? (
        <Section>
          <Text style={styles.text}>
            To open it you need a Trellis account. {props.organisationName} invites you to create yours:
            choose a password with the link below (it works once, for {invitation.expiresInHours} hours).
          </Text>
          {props.invitationShown ? (
            <ActionButton action={{ label: 'Create my account', url: invitation.url }} />
          ) : (
            <Text style={styles.muted}>{hiddenInvitation}</Text>
          )}
        </Section>
      ) : null}
      {props.action && !invitation ? <ActionButton action={props.action} /> : null}
      {props.action && invitation ? (
        <Text style={styles.muted}>Once signed in, you will find it here: {props.action.url}</Text>
      ) : null}
    </Frame>
  );
}

/** A notice as an email; with an invitation, also its redacted twin (the link hidden) for the mailbox. */
export async function renderNoticeEmail(input: NoticeEmailInput): Promise<{
  subject: string;
  html: string;
  text: string;
  redacted?: { text: string; html: string };
}> {
  const shown = await both(<NoticeEmail {...input} invitationShown />);
  if (!input.invitation) return { subject: input.title, ...shown };
  const redacted = await both(<NoticeEmail {...input} invitationShown={false} />);
  return { subject: input.title, ...shown, redacted };
}

export interface DigestEmailInput {
  organisationName: string;
  recipientName: string;
  heading: string;
  intro: string;
  sections: { title: string; items: { title: string; body?: string; url?: string }[] }[];
  action?: Action;
  unsubscribe?: Unsubscribe;
}

function DigestEmail(props: DigestEmailInput) {
  return (
    <Frame
      organisationName={props.organisationName}
      preview={props.intro}
      unsubscribe={props.unsubscribe}
      footer="A digest bundles the updates that could wait. Change how often you get it in Trellis, under Email and notifications."
    >
      <Heading as="h1" style={styles.heading}>
        {props.heading}
      </Heading>
      <Text style={styles.text}>Hi {props.recipientName},</Text>
      <Text style={styles.text}>{props.intro}</Text>
      {props.sections.map((section) => (
        <Section key={section.title}>
          <Text style={styles.sectionTitle}>{section.title}</Text>
          {section.items.map((item) => (
            <Section
              key={`${item.title}|${item.url ?? ''}|${item.body ?? ''}`}
              style={{ margin: '0 0 10px' }}
            >
              <Text style={styles.detail}>
                {item.url ? <Link href={item.url}>{item.title}</Link> : item.title}
              </Text>
              {item.body ? <Text style={styles.muted}>{item.body}</Text> : null}
            </Section>
          ))}
        </Section>
      ))}
      {props.action ? <ActionButton action={props.action} /> : null}
    </Frame>
  );
}

export async function renderDigestEmail(input: DigestEmailInput) {
  return {
    subject: `${input.heading} — ${input.organisationName}`,
    ...(await both(<DigestEmail {...input} />)),
  };
}
