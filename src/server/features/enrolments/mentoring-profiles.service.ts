import type { z } from 'zod';
import type {
  MentoringProfile,
  mentoringProfileInput,
  SavedMentoringProfile,
} from '../../../contracts/mentoring-profiles.contracts.ts';
import { AppError, type FieldIssue } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { resolveSkills } from '../skills/skills.service.ts';
import { updateEnrolmentInTransaction } from './enrolments.service.ts';
import {
  currentMentoringProfile,
  enrolmentInputFromProfile,
  type MentoringProfileValues,
  profileFromEnrolments,
  readMentoringProfile,
  storedMentoringProfile,
} from './mentoring-profile-store.ts';
import * as repo from './mentoring-profiles.repository.ts';

/*
 * "My profile" (issue 13 §3, decision 029): a person reads and edits their own mentoring profile, and may copy it
 * into their enrolments in programs not matched yet. There is no route to anyone else's: the caller's person is the
 * only one these functions touch.
 */

function personOf(actor: Actor | null): { actor: Actor; personId: string } {
  const signedIn = requireActor(actor);
  if (!signedIn.personId)
    throw new AppError(
      'conflict',
      'Your account is not linked to a person in the directory, so it has no mentoring profile',
    );
  return { actor: signedIn, personId: signedIn.personId };
}

async function view(db: Db, organisationId: string, personId: string): Promise<MentoringProfile> {
  const [current, open] = await Promise.all([
    currentMentoringProfile(db, organisationId, personId),
    repo.openEnrolmentsOf(db, organisationId, personId),
  ]);
  return {
    ...current.values,
    source: current.source,
    updatedAt: current.updatedAt?.toISOString() ?? null,
    openEnrolments: open.map((row) => ({
      id: row.id,
      programId: row.programId,
      programName: row.programName,
      role: row.role as 'mentor' | 'mentee',
      status: row.status as MentoringProfile['openEnrolments'][number]['status'],
    })),
  };
}

/** The caller's own profile: as saved, or read through from their latest enrolments until they save it. */
export async function getMyMentoringProfile(ctx: AppContext, actor: Actor | null): Promise<MentoringProfile> {
  const { actor: me, personId } = personOf(actor);
  return view(ctx.db, me.organisationId, personId);
}

/**
 * Save the caller's profile (the whole of it) and, if asked, copy it into some of their open enrolments, all in one
 * transaction: skills must be in the organisation's vocabulary, and every enrolment named must be one of theirs in a
 * program not matched yet; otherwise nothing is written.
 */
export async function saveMyMentoringProfile(
  ctx: AppContext,
  actor: Actor | null,
  input: z.output<typeof mentoringProfileInput>,
): Promise<SavedMentoringProfile> {
  const { actor: me, personId } = personOf(actor);
  return ctx.db.transaction(async (tx) => {
    const issues: FieldIssue[] = [];
    const skills = await resolveSkills(tx, me.organisationId, [
      { path: 'body.skillsOffered', names: input.skillsOffered },
      { path: 'body.skillsWanted', names: input.skillsWanted },
    ]);
    issues.push(...skills.issues);
    const open = new Map(
      (await repo.openEnrolmentsOf(tx, me.organisationId, personId)).map((row) => [row.id, row]),
    );
    input.applyTo.forEach((id, index) => {
      if (!open.has(id))
        issues.push({
          path: `body.applyTo[${index}]`,
          message: 'not one of your enrolments in a program that is still before matching',
        });
    });
    if (issues.length > 0)
      throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });

    const { applyTo, ...fields } = input;
    const values: MentoringProfileValues = {
      ...fields,
      skillsOffered: skills.resolved[0]!,
      skillsWanted: skills.resolved[1]!,
    };
    const applied: SavedMentoringProfile['applied'] = [];
    for (const id of new Set(applyTo)) {
      const target = open.get(id)!;
      const role = target.role as 'mentor' | 'mentee';
      await updateEnrolmentInTransaction(ctx, tx, me, id, {
        profile: enrolmentInputFromProfile(values, role),
      });
      applied.push({ enrolmentId: id, programName: target.programName });
    }
    // Last, so the profile is exactly what was sent whatever updating the enrolments remembered on the way.
    await repo.upsertMentoringProfile(tx, {
      organisationId: me.organisationId,
      personId,
      profile: storedMentoringProfile(values),
      capacity: values.capacity,
      updatedAt: ctx.now(),
    });
    return { profile: await view(tx, me.organisationId, personId), applied };
  });
}

/** The person's saved profile, unauthorised, for their export (§10); null until they first enrol or save it. */
export async function savedMentoringProfileOf(db: Db, organisationId: string, personId: string) {
  const row = await repo.findMentoringProfile(db, organisationId, personId);
  return row
    ? { ...readMentoringProfile(row.profile, row.capacity), updatedAt: row.updatedAt.toISOString() }
    : null;
}

/**
 * Erasure (§10), in the eraser's transaction: the person's own profile goes, and what they wrote when enrolling
 * (each enrolment's profile and answers) is emptied. Returns how many of each, for the audit entry.
 */
export async function eraseMentoringProfileOf(tx: Db, organisationId: string, personId: string, at: Date) {
  return {
    mentoringProfiles: await repo.deleteMentoringProfile(tx, organisationId, personId),
    enrolmentProfiles: await repo.clearEnrolmentWordsOf(tx, organisationId, personId, at),
  };
}

/** The demo seeder: everyone enrolled gets the profile their enrolments say, as if they had enrolled themselves. */
export async function seedMentoringProfilesFromEnrolments(db: Db, organisationId: string, at: Date) {
  const rows = await repo.enrolmentProfilesOfOrganisation(db, organisationId);
  const byPerson = new Map<string, typeof rows>();
  for (const row of rows) byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row]);
  const profiles = [...byPerson].map(([personId, newestFirst]) => {
    const values = profileFromEnrolments(newestFirst)!;
    return {
      organisationId,
      personId,
      profile: storedMentoringProfile(values),
      capacity: values.capacity,
      updatedAt: at,
    };
  });
  await repo.insertMentoringProfilesQuietly(db, profiles);
  return profiles.length;
}
