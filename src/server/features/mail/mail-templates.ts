/** The wording of the emails Trellis sends: plain text first, with a simple HTML twin. */

interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(paragraphs: string[], action: { label: string; url: string }, footer: string): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const url = escapeHtml(action.url);
  return `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2933; max-width: 560px">
${body}
<p><a href="${url}" style="display: inline-block; padding: 10px 18px; background: #2f6f4e; color: #fff; border-radius: 6px; text-decoration: none">${escapeHtml(action.label)}</a></p>
<p style="font-size: 13px; color: #52606d">If the button does not work, paste this link into your browser:<br>${url}</p>
<p style="font-size: 13px; color: #52606d">${escapeHtml(footer)}</p>
</body></html>`;
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
}): RenderedEmail {
  const subject = `${input.inviterName} invited you to join ${input.organisationName} on Trellis`;
  const paragraphs = [
    `Hi ${input.recipientName},`,
    `${input.inviterName} invited you to join ${input.organisationName} on Trellis, where your organisation runs its mentoring programs.`,
    'Choose a password to accept the invitation:',
  ];
  const footer = `The link works once and for ${duration(input.validForHours)}. If you were not expecting this invitation, you can ignore this email.`;
  return {
    subject,
    text: `${paragraphs.join('\n\n')}\n\n${input.link}\n\n${footer}\n`,
    html: layout(paragraphs, { label: 'Accept the invitation', url: input.link }, footer),
  };
}

export function passwordResetEmail(input: {
  recipientName: string;
  organisationName: string;
  link: string;
  validForHours: number;
}): RenderedEmail {
  const subject = 'Reset your Trellis password';
  const paragraphs = [
    `Hi ${input.recipientName},`,
    `Someone (we hope you) asked to reset the password of your ${input.organisationName} account on Trellis.`,
    'Choose a new password here:',
  ];
  const footer = `The link works once and for ${duration(input.validForHours)}; using it signs you out everywhere else. If you did not ask for this, ignore this email: your password stays as it is.`;
  return {
    subject,
    text: `${paragraphs.join('\n\n')}\n\n${input.link}\n\n${footer}\n`,
    html: layout(paragraphs, { label: 'Choose a new password', url: input.link }, footer),
  };
}
