import {
  ActionButton,
  DetailLines,
  type EmailAction,
  EmailLayout,
  type EmailUnsubscribe,
  ItemLine,
  Note,
  Paragraphs,
  renderEmail,
  SectionTitle,
} from './email-layout.tsx';

/**
 * The emails that carry notices (one event that asks something of a person) and digests (what could wait, bundled),
 * in the shared layout. Other features do not call these directly for notices: the emailer (features/messages)
 * does, with the person's preferences, waking hours and unsubscribe link.
 */

export interface NoticeEmailInput {
  organisationName: string;
  recipientName: string;
  title: string;
  /** The notice's text; a blank line starts a new paragraph. */
  body: string;
  /** Facts worth seeing at a glance: when, where, who, why. */
  details?: string[];
  /** The exact page to act on. */
  action: EmailAction | null;
  unsubscribe?: EmailUnsubscribe;
  /** The person has no account yet: the email also invites them to create one (a one-time link). */
  invitation?: { url: string; expiresInHours: number };
  /** Why the person gets it, when not because they take part (e.g. an invitation to a program's enrolment). */
  reason?: 'program_launch';
}

/** The footer's "why you get this email". */
function reasonLine(reason: NoticeEmailInput['reason'], organisationName: string): string {
  return reason === 'program_launch'
    ? `You get this email because ${organisationName} is inviting people to its mentoring programs, which it runs with Trellis.`
    : `You get this email because you take part in mentoring at ${organisationName}, which uses Trellis for its mentoring programs.`;
}

/** Where the invitation link stood, in the copy the mailbox shows to admins. */
const hiddenInvitation = '[Invitation link hidden: only the recipient can use it]';

function validFor(hours: number): string {
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

function NoticeEmail(props: NoticeEmailInput & { invitationShown: boolean }) {
  const { invitation, action } = props;
  return (
    <EmailLayout
      organisationName={props.organisationName}
      preview={props.body || props.title}
      heading={props.title}
      unsubscribe={props.unsubscribe}
      footer={reasonLine(props.reason, props.organisationName)}
    >
      <Paragraphs text={[`Hi ${props.recipientName},`, props.body]} />
      <DetailLines lines={props.details} />
      {invitation ? (
        <>
          <Paragraphs
            text={`To take part you need a Trellis account, and you don’t have one yet: ${props.organisationName} invites you to create yours. Choose a password with this link — it works once, for ${validFor(invitation.expiresInHours)}.`}
          />
          {props.invitationShown ? (
            <ActionButton action={{ label: 'Create my account', url: invitation.url }} />
          ) : (
            <Note>{hiddenInvitation}</Note>
          )}
          {action ? <Note>{`Once you are signed in, you will find it here: ${action.url}`}</Note> : null}
        </>
      ) : action ? (
        <ActionButton action={action} />
      ) : null}
    </EmailLayout>
  );
}

/**
 * A notice as an email. The subject is the notice's title. With an invitation, the result also carries its redacted
 * twin (the link hidden): the only copy an admin reading the mailbox ever sees (decision 015).
 */
export async function renderNoticeEmail(input: NoticeEmailInput): Promise<{
  subject: string;
  html: string;
  text: string;
  redacted?: { text: string; html: string };
}> {
  const shown = await renderEmail(<NoticeEmail {...input} invitationShown />);
  if (!input.invitation) return { subject: input.title, ...shown };
  const redacted = await renderEmail(<NoticeEmail {...input} invitationShown={false} />);
  return { subject: input.title, ...shown, redacted };
}

export interface DigestEmailInput {
  organisationName: string;
  recipientName: string;
  heading: string;
  intro: string;
  sections: { title: string; items: { title: string; body?: string; url?: string }[] }[];
  action?: EmailAction;
  unsubscribe?: EmailUnsubscribe;
}

function DigestEmail(props: DigestEmailInput) {
  return (
    <EmailLayout
      organisationName={props.organisationName}
      preview={props.intro}
      heading={props.heading}
      unsubscribe={props.unsubscribe}
      footer="A digest bundles the updates that could wait. Change how often you get it in Trellis, under Email and notifications."
    >
      <Paragraphs text={[`Hi ${props.recipientName},`, props.intro]} />
      {props.sections.map((section, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sections of one immutable digest
        <div key={index}>
          <SectionTitle>{section.title}</SectionTitle>
          {section.items.map((item, itemIndex) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items of one immutable digest
            <ItemLine key={itemIndex} {...item} />
          ))}
        </div>
      ))}
      {props.action ? <ActionButton action={props.action} /> : null}
    </EmailLayout>
  );
}

/** A digest as an email; the subject names the organisation, as several may send one. */
export async function renderDigestEmail(
  input: DigestEmailInput,
): Promise<{ subject: string; html: string; text: string }> {
  return {
    subject: `${input.heading} — ${input.organisationName}`,
    ...(await renderEmail(<DigestEmail {...input} />)),
  };
}
