import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeScanner, type Harness, startHarness } from './harness.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

interface Party {
  personId: string;
  name: string;
}
interface Relationship {
  id: string;
  program: { id: string; name: string };
  mentor: Party;
  mentee: Party;
}

test('an admin deactivates a mentor who left, then ends their open relationships from the program', async () => {
  const scanner = axeScanner(harness, 'leavers');
  const { page } = await harness.newPage();
  const scan = (label: string) => scanner.scan(page, label);
  try {
    const demo = await page.request.post('/api/setup/demo');
    assert.ok(demo.ok(), `demo setup answered ${demo.status()}: ${await demo.text()}`);
    const me = await (await page.request.get('/api/auth/me')).json();

    // A mentor of an active relationship, not the admin themself.
    let found: Relationship | undefined;
    // A one-to-one program: its Pairs tab lists leavers (a group program's Groups tab does too).
    const programs = (
      (await (await page.request.get('/api/programs?pageSize=50')).json()).items as {
        id: string;
        type: string;
      }[]
    ).filter((program) => program.type === 'one_to_one');
    for (const program of programs) {
      const page1 = await page.request.get(
        `/api/programs/${program.id}/relationships?status=active&pageSize=50`,
      );
      const items = (await page1.json()).items as Relationship[];
      found = items.find((r) => r.mentor.personId !== me.personId && r.mentee.personId !== me.personId);
      if (found) break;
    }
    assert.ok(found, 'the demo has an active relationship without the admin');
    const mentor = found.mentor;

    await page.goto(`/people/${mentor.personId}`);
    await page.getByRole('heading', { level: 1, name: mentor.name }).waitFor();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Deactivate…' }).click();
    const deactivate = page.getByRole('dialog', { name: `Deactivate ${mentor.name}?` });
    await deactivate.getByText(/listed under “Left the organisation”/).waitFor();
    await scan('01-deactivate-confirm');
    await deactivate.getByRole('button', { name: 'Deactivate' }).click();
    await deactivate.waitFor({ state: 'detached' });

    // The person page flags their open relationships, with the count.
    const onPerson = page.getByRole('region', { name: /^Left the organisation: \d+ open relationships?$/ });
    await onPerson.waitFor();
    await onPerson.getByText(found.mentee.name).first().waitFor();
    await scan('02-person-left');

    // The program's relationships tab lists them too; the admin ends this person's with one action.
    await page.goto(`/programs/${found.program.id}/relationships`);
    const panel = page.getByRole('region', { name: 'Left the organisation' });
    await panel.getByRole('link', { name: mentor.name }).waitFor();
    await scan('03-program-leavers');
    await panel
      .getByRole('button', { name: new RegExp(`^End \\d+ relationships?… of ${mentor.name}$`) })
      .click();
    const confirm = page.getByRole('dialog', { name: new RegExp(`^End ${mentor.name}’s`) });
    await confirm.getByText(/reason “left the organisation”/).waitFor();
    await scan('04-end-confirm');
    await confirm.getByRole('button', { name: 'End relationships' }).click();
    await page.getByText(/ended\. The other side of each was told\./).waitFor();
    await panel.waitFor({ state: 'detached' });
    const ended = await (await page.request.get(`/api/relationships/${found.id}`)).json();
    assert.equal(ended.status, 'ended_early');
    assert.equal(ended.reason, 'left the organisation');

    // Reactivating says what it does not restore.
    await page.goto(`/people/${mentor.personId}`);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Reactivate…' }).click();
    const reactivate = page.getByRole('dialog', { name: `Reactivate ${mentor.name}?` });
    await reactivate.getByText(/comes back to the directory/).waitFor();
    await scan('05-reactivate-confirm');
    await reactivate.getByRole('button', { name: 'Reactivate' }).click();
    await reactivate.waitFor({ state: 'detached' });
    await page.getByText(`${mentor.name} is active again.`, { exact: false }).waitFor();
    scanner.assertNone();
  } finally {
    await page.close();
  }
});
