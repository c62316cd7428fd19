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
 * The one layout of every email Trellis sends, rendered with react-email: the organisation's name on top (the email
 * speaks for it), a heading, paragraphs, detail lines, a button with its link written out below (some clients block
 * buttons), and a footer saying why the person gets it, with an unsubscribe link when the kind of message has one.
 * The same element gives the HTML (inline styles, table layout that mail clients keep) and the plain-text part.
 * Everything a person typed goes in as JSX text, which React escapes; nothing is injected as raw HTML.
 */

const colours = { ink: '#1f2933', muted: '#52606d', brand: '#2f6f4e', line: '#e4e7eb', page: '#f5f7fa' };

const styles = {
  body: {
    backgroundColor: colours.page,
    fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif',
  },
  container: { backgroundColor: '#ffffff', margin: '24px auto', padding: '24px 28px', maxWidth: '560px' },
  organisation: {
    color: colours.brand,
    fontSize: '14px',
    fontWeight: 600,
    lineHeight: '20px',
    margin: '0 0 16px',
  },
  heading: { color: colours.ink, fontSize: '20px', lineHeight: '28px', margin: '0 0 12px' },
  text: { color: colours.ink, fontSize: '15px', lineHeight: '24px', margin: '0 0 12px' },
  details: {
    color: colours.ink,
    fontSize: '14px',
    lineHeight: '22px',
    margin: '4px 0 16px',
    paddingLeft: '20px',
  },
  detail: { margin: '0 0 4px' },
  button: {
    backgroundColor: colours.brand,
    borderRadius: '6px',
    color: '#ffffff',
    fontSize: '15px',
    fontWeight: 600,
    padding: '10px 18px',
    textDecoration: 'none',
  },
  muted: { color: colours.muted, fontSize: '13px', lineHeight: '20px', margin: '0 0 8px' },
  fallbackLink: { color: colours.muted, wordBreak: 'break-all' as const },
  sectionTitle: {
    color: colours.ink,
    fontSize: '16px',
    fontWeight: 600,
    lineHeight: '24px',
    margin: '20px 0 8px',
  },
  hr: { borderColor: colours.line, margin: '20px 0' },
  link: { color: colours.brand, textDecoration: 'underline' },
};

export interface EmailAction {
  label: string;
  url: string;
}

export interface EmailUnsubscribe {
  url: string;
  /** The kind of message the link stops, e.g. `Meetings`. */
  categoryLabel: string;
}

export function EmailLayout(props: {
  organisationName: string;
  /** The line an inbox shows after the subject. */
  preview: string;
  heading: string;
  children: ReactNode;
  /** Why the person gets this email (and, for a one-time link, what to do if they did not expect it). */
  footer: string;
  unsubscribe?: EmailUnsubscribe;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.organisation}>{props.organisationName}</Text>
          <Heading as="h1" style={styles.heading}>
            {props.heading}
          </Heading>
          {props.children}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{props.footer}</Text>
          {props.unsubscribe ? (
            <Text style={styles.muted}>
              {'Don’t want these emails? '}
              <Link href={props.unsubscribe.url} style={styles.link}>
                {`Stop emails about ${props.unsubscribe.categoryLabel.toLowerCase()}`}
              </Link>
              {' (you will still see them in Trellis).'}
            </Text>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}

/** Paragraphs of text: a blank line starts a new one. */
export function Paragraphs({ text }: { text: string | string[] }) {
  const paragraphs = (Array.isArray(text) ? text : [text])
    .flatMap((block) => block.split(/\n\s*\n/))
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return (
    <>
      {paragraphs.map((paragraph, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one immutable text, which may repeat
        <Text key={index} style={styles.text}>
          {paragraph}
        </Text>
      ))}
    </>
  );
}

/** Facts worth seeing at a glance (when, where, who), as a bulleted list. */
export function DetailLines({ lines }: { lines: string[] | undefined }) {
  if (!lines || lines.length === 0) return null;
  // A first line ending in a colon ("Why you were matched:") introduces the list rather than being one of it.
  const [first, ...rest] = lines;
  const lead = first?.trim().endsWith(':') && rest.length > 0 ? first : null;
  const items = lead ? rest : lines;
  return (
    <>
      {lead ? <Text style={styles.text}>{lead}</Text> : null}
      <DetailList items={items} />
    </>
  );
}

function DetailList({ items }: { items: string[] }) {
  return (
    <ul style={styles.details}>
      {items.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of one immutable list, which may repeat
        <li key={index} style={styles.detail}>
          {line}
        </li>
      ))}
    </ul>
  );
}

/**
 * The button, and its link written out for clients that show no buttons. In the text part the button becomes
 * "Label:" with the link on the next line, and the written-out link is left out (it would repeat it).
 */
export function ActionButton({ action }: { action: EmailAction }) {
  return (
    <Section style={{ margin: '16px 0 20px' }}>
      <Button href={action.url} style={styles.button} data-text="action">
        {action.label}
      </Button>
      <Text style={{ ...styles.muted, margin: '12px 0 0' }} data-skip-in-text="true">
        {'If the button does not work, paste this link into your browser: '}
        <Link href={action.url} style={styles.fallbackLink}>
          {action.url}
        </Link>
      </Text>
    </Section>
  );
}

/** A grey aside, e.g. where a hidden link stood. */
export function Note({ children }: { children: ReactNode }) {
  return <Text style={styles.muted}>{children}</Text>;
}

export function SectionTitle({ children }: { children: ReactNode }) {
  return <Text style={styles.sectionTitle}>{children}</Text>;
}

export function ItemLine(props: { title: string; url?: string; body?: string }) {
  return (
    <Section style={{ margin: '0 0 10px' }}>
      <Text style={{ ...styles.text, fontSize: '14px', lineHeight: '22px', margin: '0 0 2px' }}>
        {props.url ? (
          <Link href={props.url} style={styles.link}>
            {props.title}
          </Link>
        ) : (
          props.title
        )}
      </Text>
      {props.body ? <Text style={{ ...styles.muted, margin: '0' }}>{props.body}</Text> : null}
    </Section>
  );
}

// html-to-text has no type declarations here: the few builder calls the formatter below makes.
interface TextBuilder {
  openBlock(options: { leadingLineBreaks: number }): void;
  closeBlock(options: { trailingLineBreaks: number }): void;
  addInline(text: string, options?: { noWordTransform: boolean }): void;
  addLineBreak(): void;
}
interface TextElement {
  attribs?: Record<string, string>;
  children: unknown[];
}

/** The button in the text part: its label, then the link alone on its line (easy to copy, linkified by clients). */
function actionInText(
  element: TextElement,
  walk: (nodes: unknown[], builder: TextBuilder) => void,
  builder: TextBuilder,
) {
  builder.openBlock({ leadingLineBreaks: 2 });
  walk(element.children, builder);
  builder.addInline(':');
  builder.addLineBreak();
  builder.addInline(element.attribs?.href ?? '', { noWordTransform: true });
  builder.closeBlock({ trailingLineBreaks: 2 });
}

const textOptions = {
  formatters: { actionInText },
  selectors: [
    { selector: 'a[data-text=action]', format: 'actionInText' },
    // Headings as written (the default shouts them in capitals).
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'ul', options: { itemPrefix: ' • ' } },
    { selector: 'hr', options: { length: 24 } },
  ],
};

/** The HTML and plain-text parts of one email element. */
export async function renderEmail(element: ReactNode): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([
    render(element),
    render(element, { plainText: true, htmlToTextOptions: textOptions }),
  ]);
  return { html, text: `${text.replace(/\n{3,}/g, '\n\n').trim()}\n` };
}
