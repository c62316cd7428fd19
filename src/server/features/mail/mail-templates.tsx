import { ActionButton, EmailLayout, Note, Paragraphs, renderEmail } from './email-layout.tsx';

/** The wording of the account emails (invitation, password reset and its notices), in the shared layout. */

interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * An email holding a one-time link: what goes to the recipient, and the same message with the link hidden — the
 * only version anyone else (an admin reading the mailbox) ever sees (decision 015).
 */
interface SecretEmail extends RenderedEmail {
  redacted: { text: string; html: string };
}

/** Where the link stood, in what the mailbox shows to admins. */
const hiddenLink = '[Link hidden: only the recipient can use it]';

interface AccountEmail {
  organisationName: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  footer: string;
}

function AccountEmailBody(
  props: AccountEmail & { action: { label: string; url: string } | null; hidden?: boolean },
) {
  return (
    <EmailLayout
      organisationName={props.organisationName}
      preview={props.paragraphs[1] ?? props.heading}
      heading={props.heading}
      footer={props.footer}
    >
      <Paragraphs text={props.paragraphs} />
      {props.action ? <ActionButton action={props.action} /> : null}
      {props.hidden ? <Note>{hiddenLink}</Note> : null}
    </EmailLayout>
  );
}

/** The message with its link, and the same with the link replaced by a notice. */
async function withSecretLink(
  email: AccountEmail,
  action: { label: string; url: string },
): Promise<SecretEmail> {
  const [shown, redacted] = await Promise.all([
    renderEmail(<AccountEmailBody {...email} action={action} />),
    renderEmail(<AccountEmailBody {...email} action={null} hidden />),
  ]);
  return { subject: email.subject, ...shown, redacted };
}

async function withoutLink(email: AccountEmail): Promise<RenderedEmail> {
  return { subject: email.subject, ...(await renderEmail(<AccountEmailBody {...email} action={null} />)) };
}

function duration(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

export function invitationEmail(input: {
  inviterName: string;
  organisationName: string;
  recipientName: string;
  link: string;
  validForHours: number;
}): Promise<SecretEmail> {
  return withSecretLink(
    {
      organisationName: input.organisationName,
      subject: `${input.inviterName} invited you to join ${input.organisationName} on Trellis`,
      heading: `Join ${input.organisationName} on Trellis`,
      paragraphs: [
        `Hi ${input.recipientName},`,
        `${input.inviterName} invited you to join ${input.organisationName} on Trellis, where your organisation runs its mentoring programs.`,
        'Choose a password to accept the invitation.',
      ],
      footer: `The link works once and for ${duration(input.validForHours)}. If you were not expecting this invitation, you can ignore this email.`,
    },
    { label: 'Accept the invitation', url: input.link },
  );
}

export function passwordResetEmail(input: {
  recipientName: string;
  organisationName: string;
  link: string;
  validForHours: number;
  /** Set when an admin (not the account's owner) started the reset. */
  resetBy?: string;
}): Promise<SecretEmail> {
  const why = input.resetBy
    ? `${input.resetBy} reset the password of your ${input.organisationName} account on Trellis and signed you out everywhere.`
    : `Someone (we hope you) asked to reset the password of your ${input.organisationName} account on Trellis.`;
  const footer = input.resetBy
    ? `The link works once and for ${duration(input.validForHours)}. Until you use it, your current password still works.`
    : `The link works once and for ${duration(input.validForHours)}; using it signs you out everywhere else. If you did not ask for this, ignore this email: your password stays as it is.`;
  return withSecretLink(
    {
      organisationName: input.organisationName,
      subject: 'Reset your Trellis password',
      heading: 'Reset your password',
      paragraphs: [`Hi ${input.recipientName},`, why, 'Choose a new password with this link.'],
      footer,
    },
    { label: 'Choose a new password', url: input.link },
  );
}

/**
 * Tells the owner that their password was reset for them (by an admin, or by the operator from the command line)
 * while the link went another way. It carries no link.
 */
export function passwordResetNoticeEmail(input: {
  recipientName: string;
  organisationName: string;
  resetBy: string;
  signInUrl: string;
}): Promise<RenderedEmail> {
  return withoutLink({
    organisationName: input.organisationName,
    subject: 'Your Trellis password was reset',
    heading: 'Your password was reset',
    paragraphs: [
      `Hi ${input.recipientName},`,
      `${input.resetBy} reset the password of your ${input.organisationName} account on Trellis and signed you out everywhere. They will give you a one-time link to choose a new password; until you use it, your current password still works.`,
      'If you did not ask for this, tell your Trellis administrator.',
    ],
    footer: 'This email holds no link to follow: never share a password reset link.',
  });
}

/** Tells the owner their password changed (from My account), in case it was not them. */
export function passwordChangedEmail(input: {
  recipientName: string;
  organisationName: string;
}): Promise<RenderedEmail> {
  return withoutLink({
    organisationName: input.organisationName,
    subject: 'Your Trellis password was changed',
    heading: 'Your password was changed',
    paragraphs: [
      `Hi ${input.recipientName},`,
      `The password of your ${input.organisationName} account on Trellis was just changed, and every other session was signed out.`,
      'If this was not you, reset your password from the sign-in page at once and tell your Trellis administrator.',
    ],
    footer: 'You get this email whenever the password of your Trellis account changes.',
  });
}
