/** The wording of the emails Trellis sends: plain text first, with a simple HTML twin. */

interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * An email holding a one-time link: what goes to the recipient, and the same message with the link hidden — the
 * only version anyone else (an admin reading the mailbox) ever sees.
 */
interface SecretEmail extends RenderedEmail {
  redacted: { text: string; html: string };
}

/** Where the link stood, in what the mailbox shows to admins. */
const hiddenLink = '[Link hidden: only the recipient can use it]';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const mutedStyle = 'font-size: 13px; color: #52606d';

function layout(paragraphs: string[], action: { label: string; url: string } | null, footer: string): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="display: inline-block; padding: 10px 18px; background: #2f6f4e; color: #fff; border-radius: 6px; text-decoration: none">${escapeHtml(action.label)}</a></p>
<p style="${mutedStyle}">If the button does not work, paste this link into your browser:<br>${escapeHtml(action.url)}</p>`
    : '';
  return `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2933; max-width: 560px">
${body}
${button}
<p style="${mutedStyle}">${escapeHtml(footer)}</p>
</body></html>`;
}

/** The message with its link, and the same with the link replaced by a notice. */
function withSecretLink(
  subject: string,
  paragraphs: string[],
  action: { label: string; url: string },
  footer: string,
): SecretEmail {
  return {
    subject,
    text: `${paragraphs.join('\n\n')}\n\n${action.url}\n\n${footer}\n`,
    html: layout(paragraphs, action, footer),
    redacted: {
      text: `${paragraphs.join('\n\n')}\n\n${hiddenLink}\n\n${footer}\n`,
      html: layout([...paragraphs, hiddenLink], null, footer),
    },
  };
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
}): SecretEmail {
  return withSecretLink(
    `${input.inviterName} invited you to join ${input.organisationName} on Trellis`,
    [
      `Hi ${input.recipientName},`,
      `${input.inviterName} invited you to join ${input.organisationName} on Trellis, where your organisation runs its mentoring programs.`,
      'Choose a password to accept the invitation:',
    ],
    { label: 'Accept the invitation', url: input.link },
    `The link works once and for ${duration(input.validForHours)}. If you were not expecting this invitation, you can ignore this email.`,
  );
}

export function passwordResetEmail(input: {
  recipientName: string;
  organisationName: string;
  link: string;
  validForHours: number;
  /** Set when an admin (not the account's owner) started the reset. */
  resetBy?: string;
}): SecretEmail {
  const why = input.resetBy
    ? `${input.resetBy} reset the password of your ${input.organisationName} account on Trellis and signed you out everywhere.`
    : `Someone (we hope you) asked to reset the password of your ${input.organisationName} account on Trellis.`;
  const footer = input.resetBy
    ? `The link works once and for ${duration(input.validForHours)}. Until you use it, your current password still works.`
    : `The link works once and for ${duration(input.validForHours)}; using it signs you out everywhere else. If you did not ask for this, ignore this email: your password stays as it is.`;
  return withSecretLink(
    'Reset your Trellis password',
    [`Hi ${input.recipientName},`, why, 'Choose a new password here:'],
    { label: 'Choose a new password', url: input.link },
    footer,
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
}): RenderedEmail {
  const paragraphs = [
    `Hi ${input.recipientName},`,
    `${input.resetBy} reset the password of your ${input.organisationName} account on Trellis and signed you out everywhere. They will give you a one-time link to choose a new password; until you use it, your current password still works.`,
    'If you did not ask for this, tell your Trellis administrator.',
  ];
  const footer = 'This email holds no link to follow: never share a password reset link.';
  return {
    subject: 'Your Trellis password was reset',
    text: `${paragraphs.join('\n\n')}\n\n${footer}\n`,
    html: layout(paragraphs, null, footer),
  };
}

/** Tells the owner their password changed (from My account), in case it was not them. */
export function passwordChangedEmail(input: {
  recipientName: string;
  organisationName: string;
}): RenderedEmail {
  const paragraphs = [
    `Hi ${input.recipientName},`,
    `The password of your ${input.organisationName} account on Trellis was just changed, and every other session was signed out.`,
    'If this was not you, reset your password from the sign-in page at once and tell your Trellis administrator.',
  ];
  const footer = 'You receive this email whenever your password changes.';
  return {
    subject: 'Your Trellis password was changed',
    text: `${paragraphs.join('\n\n')}\n\n${footer}\n`,
    html: layout(paragraphs, null, footer),
  };
}
