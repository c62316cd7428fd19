import { randomInt } from 'node:crypto';
import type { Me } from '../../../contracts/accounts.contracts.ts';
import { AppError } from '../../../core/errors.ts';
import {
  demoAdminPerson,
  generateDemoPeople,
  memorablePassword,
  toHrisCsv,
} from '../../../core/people/demo-data.ts';
import type { AppContext } from '../../context.ts';
import { hashPassword } from '../../lib/passwords.ts';
import {
  createOrganisationWithAdmin,
  createSignedInSession,
  type SessionMeta,
  setupFirstOrganisation,
} from '../accounts/accounts.service.ts';
import { seedMentoringProfilesFromEnrolments } from '../enrolments/mentoring-profiles.service.ts';
import { emailPendingNotices } from '../messages/messages.service.ts';
import { settleDemoNoticeEmails } from '../notifications/notifications.service.ts';
import { runMessageTick } from '../nudges/nudges.service.ts';
import { importPeopleIntoOrganisation } from '../people-imports/people-imports.service.ts';
import * as repo from './demo.repository.ts';
import { createDemoFormats } from './demo-formats.ts';
import { createDemoHistory } from './demo-history.ts';
import { createDemoPastCohort } from './demo-past-cohort.ts';
import { createDemoPrograms } from './demo-programs.ts';

const demoAdminEmail = 'admin@demo.trellis.local';
const demoOrganisationName = 'Northwind Demo';
const demoSeed = 20_240_601;

interface DemoOrganisation {
  organisation: { id: string; name: string; slug: string; isDemo: boolean };
  admin: { userId: string; personId: string | null; name: string; email: string; password: string };
  peopleCount: number;
}

const cryptoRandom = () => randomInt(0, 2 ** 32) / 2 ** 32;

/**
 * A demo organisation of 360 generated people (deterministic), whose Head of People is the admin, with a fresh
 * memorable password. `emptyInstanceOnly` (the first-run screen) refuses once any organisation exists; otherwise
 * (the CLI) it only refuses when a demo organisation exists already.
 */
export async function createDemoOrganisation(
  ctx: AppContext,
  options: { emptyInstanceOnly: boolean },
): Promise<DemoOrganisation> {
  const generated = generateDemoPeople({ seed: demoSeed });
  const head = demoAdminPerson(generated);
  const people = generated.map((person) => (person === head ? { ...person, email: demoAdminEmail } : person));
  const password = memorablePassword(cryptoRandom);
  const now = ctx.now();

  return ctx.db.transaction(async (tx) => {
    const txCtx: AppContext = { ...ctx, db: tx };
    if (await repo.findDemoOrganisation(tx))
      throw new AppError('conflict', 'A demo organisation already exists on this instance');
    let organisation: DemoOrganisation['organisation'];
    let userId: string;
    let personId: string | null;
    if (options.emptyInstanceOnly || (await repo.countOrganisations(tx)) === 0) {
      const setup = await setupFirstOrganisation(
        txCtx,
        { organisationName: demoOrganisationName, adminName: head.name, email: demoAdminEmail, password },
        { isDemo: true },
      );
      organisation = setup.organisation;
      userId = setup.user.id;
      personId = setup.user.personId;
    } else {
      if (await repo.userEmailTaken(tx, demoAdminEmail))
        throw new AppError('conflict', `An account with the email ${demoAdminEmail} already exists`);
      let slug = 'northwind-demo';
      for (let n = 2; await repo.slugTaken(tx, slug); n++) slug = `northwind-demo-${n}`;
      const created = await createOrganisationWithAdmin(tx, {
        organisation: { name: demoOrganisationName, slug, isDemo: true },
        admin: { name: head.name, email: demoAdminEmail, passwordHash: await hashPassword(password) },
        now,
        auditDetails: { demo: true },
      });
      organisation = created.organisation;
      userId = created.user.id;
      personId = created.user.personId;
    }
    // The people arrive the way an admin's would: through the HRIS import (the admin's own entry is matched by email).
    const imported = await importPeopleIntoOrganisation(txCtx, organisation.id, userId, {
      csv: toHrisCsv(people),
      fileName: 'demo-hris-export.csv',
    });
    if (imported.status !== 'succeeded')
      throw new Error(`the demo data did not import: ${JSON.stringify(imported.errors.slice(0, 3))}`);
    const adminActor = {
      userId,
      organisationId: organisation.id,
      role: 'admin' as const,
      personId,
      email: demoAdminEmail,
      name: head.name,
    };
    await createDemoPrograms(txCtx, adminActor, demoSeed + 1);
    // A group program with two groups and history, and a flash program with slots and past sessions (issue 14).
    await createDemoFormats(txCtx, adminActor, demoSeed + 4);
    // A program that closed two years ago: participants whose year after joining has passed, for the outcome pages.
    await createDemoPastCohort(txCtx, adminActor, demoSeed + 3);
    // Everyone enrolled has the mentoring profile their enrolments say, prefilled in their next program (issue 13).
    await seedMentoringProfilesFromEnrolments(tx, organisation.id, now);
    // Five years of promotions and departures, and opt-in demographics, for the outcome pages (decision 023). The
    // history follows each participant's real start (a little more promotion and retention in the year after).
    await createDemoHistory(txCtx, organisation.id, demoSeed + 2);
    // The programs' reminders and nudges are planned (each Messages tab shows next weeks' schedule) and what is due
    // now is sent, as the five-minute tick would. The history never happened, so it is not emailed; what waits for
    // the admin (the persona one signs in as) is, so the mailbox and the Sent list show what Trellis sends.
    await runMessageTick(txCtx, { organisationId: organisation.id });
    await settleDemoNoticeEmails(tx, organisation.id, personId ? [personId] : []);
    await emailPendingNotices(txCtx, organisation.id);
    return {
      organisation: {
        id: organisation.id,
        name: organisation.name,
        slug: organisation.slug,
        isDemo: organisation.isDemo,
      },
      admin: { userId, personId, name: head.name, email: demoAdminEmail, password },
      peopleCount: await repo.countPeople(tx, organisation.id),
    };
  });
}

/** POST /api/setup/demo: on an empty instance, create the demo organisation and sign its admin in. */
export async function setupDemo(ctx: AppContext, meta: SessionMeta) {
  const demo = await createDemoOrganisation(ctx, { emptyInstanceOnly: true });
  const token = await createSignedInSession(ctx, demo.admin.userId, meta);
  const me: Me = {
    id: demo.admin.userId,
    email: demo.admin.email,
    name: demo.admin.name,
    role: 'admin',
    personId: demo.admin.personId,
    organisation: demo.organisation,
  };
  return {
    token,
    response: {
      me,
      credentials: { email: demo.admin.email, password: demo.admin.password },
      peopleCount: demo.peopleCount,
    },
  };
}
