import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  invitationEmail,
  passwordChangedEmail,
  passwordResetEmail,
  passwordResetNoticeEmail,
  renderDigestEmail,
  renderNoticeEmail,
} from './mail.service.ts';

/** Every href of an HTML body. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
}

const pageUrl = 'http://localhost:3000/mentoring/relationships/7f0c?tab=agreement&x=1';
const unsubscribeUrl = 'http://localhost:3000/unsubscribe/signed-token-abc';

const notice = {
  organisationName: 'Acme & Sons <Mentoring>',
  recipientName: 'Grace <Hopper>',
  title: 'Ada asks you to sign the agreement',
  body: 'Ada changed the agreement: <script>alert("x")</script> & <b>read it</b>.\n\nThen sign it.',
  details: ['Goal: lead a team <now>', 'Meet every 2 weeks'],
  action: { label: 'Read and sign the agreement', url: pageUrl },
  unsubscribe: { url: unsubscribeUrl, categoryLabel: 'Agreements' },
};

describe('a notice as an email', () => {
  test('names the organisation and carries the title, the details, the link and the unsubscribe link in both parts', async () => {
    const email = await renderNoticeEmail(notice);
    assert.equal(email.subject, 'Ada asks you to sign the agreement');
    assert.equal(email.redacted, undefined, 'no secret, no redacted twin');

    // The text part, as a person reads it.
    const text = email.text;
    assert.match(text, /^Acme & Sons <Mentoring>\n/, 'the organisation first');
    assert.match(text, /Ada asks you to sign the agreement/);
    assert.match(text, /Hi Grace <Hopper>,/);
    assert.ok(text.includes('<script>alert("x")</script> & <b>read it</b>'), 'text is taken as written');
    assert.match(text, /Then sign it\./);
    assert.match(text, /• Goal: lead a team <now>/);
    assert.match(text, /• Meet every 2 weeks/);
    assert.ok(
      text.includes(`Read and sign the agreement:\n${pageUrl}\n`),
      'the button: label, then the link',
    );
    assert.equal(text.split(pageUrl).length - 1, 1, 'the link once in the text');
    assert.ok(text.includes(unsubscribeUrl));
    assert.match(text, /Stop emails about agreements/);
    assert.match(text, /You get this email because you take part in mentoring at Acme & Sons <Mentoring>/);

    // The HTML part: the same content, with every bit of user text escaped.
    const html = email.html;
    assert.ok(html.includes('Acme &amp; Sons &lt;Mentoring&gt;'));
    assert.match(html, /<h1[^>]*>Ada asks you to sign the agreement<\/h1>/);
    assert.ok(
      html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;read it&lt;/b&gt;'),
    );
    assert.doesNotMatch(html, /<script|<b>/, 'no user text becomes markup');
    assert.ok(html.includes('Hi Grace &lt;Hopper&gt;,'));
    assert.match(html, /<li[^>]*>Goal: lead a team &lt;now&gt;<\/li>/);
    assert.ok(hrefs(html).includes(pageUrl), 'the button links to the page');
    assert.ok(html.includes('If the button does not work, paste this link into your browser'));
    assert.ok(hrefs(html).includes(unsubscribeUrl));
  });

  test('without an action or an unsubscribe link, neither is there', async () => {
    const email = await renderNoticeEmail({ ...notice, action: null, unsubscribe: undefined, details: [] });
    assert.deepEqual(hrefs(email.html), []);
    assert.doesNotMatch(email.text, /https?:\/\//);
    assert.doesNotMatch(email.text, /Stop emails/);
    assert.doesNotMatch(email.html, /<ul/);
  });

  test('for someone without an account it also invites them; the redacted twin hides that link only', async () => {
    const invitationUrl = 'http://localhost:3000/invitations/secret-token-0123456789abcdef';
    const email = await renderNoticeEmail({
      ...notice,
      invitation: { url: invitationUrl, expiresInHours: 72 },
    });
    assert.ok(email.text.includes(`Create my account:\n${invitationUrl}`));
    assert.ok(hrefs(email.html).includes(invitationUrl));
    assert.match(email.text, /works once, for 3 days/);
    assert.ok(email.text.includes(pageUrl), 'where to find it once signed in');

    assert.ok(email.redacted);
    for (const body of [email.redacted.text, email.redacted.html]) {
      assert.ok(!body.includes('secret-token'), 'the invitation link is hidden');
      assert.match(body, /\[Invitation link hidden: only the recipient can use it\]/);
      assert.match(body, /Ada asks you to sign the agreement/);
    }
    assert.ok(!hrefs(email.redacted.html).includes(invitationUrl));
    assert.ok(email.redacted.text.includes(pageUrl), 'the page link is no secret and stays');
  });
});

describe('a digest as an email', () => {
  test('lists each section with its items and links, in both parts', async () => {
    const email = await renderDigestEmail({
      organisationName: 'Acme',
      recipientName: 'Grace',
      heading: 'Your mentoring this week',
      intro: 'Three updates could wait until now.',
      sections: [
        {
          title: 'Rising Leaders',
          items: [
            { title: 'Ada added a goal', body: 'Lead a <team>', url: 'http://localhost:3000/goals/1' },
            { title: 'A milestone was reached' },
          ],
        },
      ],
      action: { label: 'Open Trellis', url: 'http://localhost:3000/' },
      unsubscribe: { url: unsubscribeUrl, categoryLabel: 'Digests' },
    });
    assert.equal(email.subject, 'Your mentoring this week — Acme');
    for (const part of [email.text, email.html]) {
      assert.match(part, /Rising Leaders/);
      assert.match(part, /Ada added a goal/);
      assert.match(part, /A milestone was reached/);
      assert.match(part, /Three updates could wait until now\./);
    }
    assert.ok(email.text.includes('Lead a <team>'));
    assert.ok(email.html.includes('Lead a &lt;team&gt;'));
    assert.ok(email.text.includes('http://localhost:3000/goals/1'));
    assert.ok(hrefs(email.html).includes('http://localhost:3000/goals/1'));
    assert.ok(hrefs(email.html).includes(unsubscribeUrl));
    assert.ok(email.text.includes(unsubscribeUrl));
  });
});

describe('account emails', () => {
  test('an invitation carries its link; the redacted twin has no link at all', async () => {
    const link = 'http://localhost:3000/invitations/tok_ABCDEFGHIJKLMNOPQRST';
    const email = await invitationEmail({
      inviterName: 'Ada',
      organisationName: 'Acme',
      recipientName: 'Grace',
      link,
      validForHours: 72,
    });
    assert.equal(email.subject, 'Ada invited you to join Acme on Trellis');
    assert.match(email.text, /^Acme\n/);
    assert.ok(email.text.includes(`Accept the invitation:\n${link}`));
    assert.ok(hrefs(email.html).includes(link));
    assert.match(email.text, /works once and for 3 days/);
    for (const body of [email.redacted.text, email.redacted.html]) {
      assert.ok(!body.includes('tok_'), 'the token is hidden');
      assert.match(body, /\[Link hidden: only the recipient can use it\]/);
      assert.match(body, /Ada invited you to join Acme on Trellis/);
    }
    assert.deepEqual(hrefs(email.redacted.html), []);
  });

  test('a password reset carries its link, hidden in the twin; the notices carry none', async () => {
    const link = 'http://localhost:3000/reset-password/tok_ZYXWVUTSRQPONMLKJIHG';
    const reset = await passwordResetEmail({
      recipientName: 'Grace',
      organisationName: 'Acme',
      link,
      validForHours: 1,
      resetBy: 'Ada Admin',
    });
    assert.equal(reset.subject, 'Reset your Trellis password');
    assert.match(reset.text, /Ada Admin reset the password of your Acme account/);
    assert.ok(reset.text.includes(link));
    assert.ok(!reset.redacted.text.includes('tok_') && !reset.redacted.html.includes('tok_'));

    const notice = await passwordResetNoticeEmail({
      recipientName: 'Grace',
      organisationName: 'Acme',
      resetBy: 'Ada Admin',
      signInUrl: 'http://localhost:3000/sign-in',
    });
    assert.equal(notice.subject, 'Your Trellis password was reset');
    assert.deepEqual(hrefs(notice.html), []);
    assert.doesNotMatch(notice.text, /https?:\/\//);

    const changed = await passwordChangedEmail({ recipientName: 'Grace', organisationName: 'Acme' });
    assert.equal(changed.subject, 'Your Trellis password was changed');
    assert.match(changed.text, /was just changed/);
    assert.deepEqual(hrefs(changed.html), []);
  });
});
