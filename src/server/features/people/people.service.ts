import type { Paginated } from '../../../contracts/common.ts';
import type {
  PeopleQuery,
  Person,
  PersonDetail,
  PersonExport,
  PersonInput,
  PersonSummary,
  PersonUpdate,
} from '../../../contracts/people.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import type { PlannedPerson } from '../../../core/people/import-rows.ts';
import { isValidTimeZone } from '../../../core/time-zones.ts';
import { requireActor, requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enrolmentsOfPerson } from '../enrolments/enrolments.service.ts';
import {
  eraseMentoringProfileOf,
  savedMentoringProfileOf,
} from '../enrolments/mentoring-profiles.service.ts';
import { eraseRatingWordsOf } from '../meetings/meetings.service.ts';
import { erasePrivateNotesOf } from '../notes/notes.service.ts';
import { listRelationshipPage } from '../relationships/relationships.service.ts';
import { eraseSurveyWordsOf } from '../surveys/surveys.service.ts';
import { deleteAccountsOfPerson } from '../users/user-accounts.service.ts';
import type { NewPersonRow, PersonRow } from './people.repository.ts';
import * as repo from './people.repository.ts';

function toPersonSummary(row: repo.PersonSummaryRow): PersonSummary {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    title: row.title,
    department: row.department,
    jobFunction: row.jobFunction,
    level: row.level,
    location: row.location,
    status: row.status as PersonSummary['status'],
    managerId: row.managerId,
  };
}

/** A directory row as the API shows it. */
export function toPerson(row: PersonRow): Person {
  return {
    ...toPersonSummary(row),
    hrisId: row.hrisId,
    timeZone: row.timeZone,
    languages: row.languages,
    hireDate: row.hireDate,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Words for a prefix full-text search: letters and digits only, so nothing reaches tsquery syntax. */
function searchWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 10);
}

/** The organisation's directory: any signed-in member may search it (it is how mentors and mentees find each other). */
export async function listPeople(
  ctx: AppContext,
  actor: Actor | null,
  query: PeopleQuery,
): Promise<Paginated<PersonSummary>> {
  const caller = requireActor(actor);
  const q = query.q?.trim() ?? '';
  const { rows, total } = await repo.listPeople(ctx.db, {
    organisationId: caller.organisationId,
    words: searchWords(q),
    phrase: q ? q.toLowerCase() : null,
    department: query.department,
    jobFunction: query.jobFunction,
    level: query.level,
    location: query.location,
    managerId: query.managerId,
    statuses: query.status === 'all' ? ['active', 'inactive'] : [query.status],
    sort: query.sort,
    order: query.order,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toPersonSummary), total, page: query.page, pageSize: query.pageSize };
}

export async function getPeopleFacets(ctx: AppContext, actor: Actor | null) {
  const caller = requireActor(actor);
  return repo.peopleFacets(ctx.db, caller.organisationId);
}

export async function getPerson(ctx: AppContext, actor: Actor | null, id: string): Promise<PersonDetail> {
  const caller = requireActor(actor);
  const row = await repo.findPerson(ctx.db, caller.organisationId, id);
  if (!row) throw notFound('Person');
  const { chain, reports, hasAccount } = await repo.personSurroundings(ctx.db, caller.organisationId, id);
  return {
    ...toPerson(row),
    manager: chain[0] ? toPersonSummary(chain[0]) : null,
    managerChain: chain.map(toPersonSummary),
    directReports: reports.map(toPersonSummary),
    hasAccount,
  };
}

function isUniqueViolation(error: unknown): string | null {
  let current = error as { code?: string; constraint?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current.code === '23505') return current.constraint ?? 'unique';
    current = current.cause as typeof current;
  }
  return null;
}

async function assertUnique(
  db: Db,
  organisationId: string,
  input: { email?: string; hrisId?: string | null },
  selfId: string | null,
) {
  if (input.email !== undefined) {
    const other = await repo.findPersonByEmail(db, organisationId, input.email);
    if (other && other.id !== selfId)
      throw new AppError('conflict', 'body.email: another person already has this email', {
        issues: [{ path: 'body.email', message: 'another person already has this email' }],
      });
  }
  if (input.hrisId) {
    const other = await repo.findPersonByHrisId(db, organisationId, input.hrisId);
    if (other && other.id !== selfId)
      throw new AppError('conflict', 'body.hrisId: another person already has this HRIS id', {
        issues: [{ path: 'body.hrisId', message: 'another person already has this HRIS id' }],
      });
  }
}

/** A manager must be a person of the same organisation, not erased, and not below the person (no cycles). */
async function assertValidManager(
  db: Db,
  organisationId: string,
  personId: string | null,
  managerId: string,
) {
  const manager = await repo.findPerson(db, organisationId, managerId);
  if (!manager || manager.status === 'erased')
    throw invalidField('body.managerId', 'no such person in your organisation');
  if (personId === null) return;
  if (managerId === personId) throw conflictOn('body.managerId', 'a person cannot manage themselves');
  const chain = await repo.managerChain(db, organisationId, managerId);
  if (chain.some((above) => above.id === personId))
    throw conflictOn(
      'body.managerId',
      `${manager.name} reports to this person, so they cannot be their manager (that would make a cycle)`,
    );
}

/** A 409 naming the field, with the issue the web app shows at that field. */
function conflictOn(path: string, message: string): AppError {
  return new AppError('conflict', `${path}: ${message}`, { issues: [{ path, message }] });
}

function withUniqueConflict<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    const constraint = isUniqueViolation(error);
    if (!constraint) throw error;
    throw constraint.includes('hris')
      ? conflictOn('body.hrisId', 'another person already has this HRIS id')
      : conflictOn('body.email', 'another person already has this email');
  });
}

/**
 * Serialise changes to an organisation's reporting lines until the transaction ends: directory edits and imports
 * take it, so two of them together cannot create a manager cycle.
 */
export async function lockPeopleHierarchy(db: Db, organisationId: string): Promise<void> {
  await repo.lockHierarchy(db, organisationId);
}

/**
 * An import's planned people written in bulk, in the caller's transaction (one set-based statement per call):
 * new people first, then changed ones, then every manager change once all rows exist.
 */
export async function insertImportedPeople(db: Db, organisationId: string, rows: PlannedPerson[], now: Date) {
  await repo.insertPeople(db, organisationId, rows, now);
}

export async function updateImportedPeople(db: Db, organisationId: string, rows: PlannedPerson[], now: Date) {
  await repo.updatePeople(db, organisationId, rows, now);
}

export async function setImportedManagers(
  db: Db,
  organisationId: string,
  changes: { id: string; managerId: string | null }[],
  now: Date,
) {
  await repo.setManagers(db, organisationId, changes, now);
}

/** A directory entry written as given, in the caller's transaction: an account holder's own entry at set-up. */
export async function createPersonRecord(db: Db, values: NewPersonRow): Promise<PersonRow> {
  return repo.insertPerson(db, values);
}

/** The person's IANA time zone in the directory when it is a valid one, else null (the home shows times in it). */
export async function timeZoneOfPerson(
  db: Db,
  organisationId: string,
  personId: string,
): Promise<string | null> {
  const row = await repo.findPerson(db, organisationId, personId);
  return row?.timeZone && isValidTimeZone(row.timeZone) ? row.timeZone : null;
}

/** Whether the person is active in the directory (not inactive, not erased): only then may their account be enabled. */
export async function isPersonActive(db: Db, organisationId: string, personId: string): Promise<boolean> {
  const row = await repo.findPerson(db, organisationId, personId);
  return row?.status === 'active';
}

export async function createPerson(
  ctx: AppContext,
  actor: Actor | null,
  input: PersonInput,
): Promise<Person> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  const row = await withUniqueConflict(
    ctx.db.transaction(async (tx) => {
      await assertUnique(tx, admin.organisationId, input, null);
      if (input.managerId) await assertValidManager(tx, admin.organisationId, null, input.managerId);
      const created = await repo.insertPerson(tx, {
        organisationId: admin.organisationId,
        name: input.name,
        email: input.email,
        hrisId: input.hrisId ?? null,
        title: input.title ?? null,
        department: input.department ?? null,
        jobFunction: input.jobFunction ?? null,
        level: input.level ?? null,
        managerId: input.managerId ?? null,
        location: input.location ?? null,
        timeZone: input.timeZone ?? null,
        languages: input.languages ?? [],
        hireDate: input.hireDate ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, {
        organisationId: admin.organisationId,
        actorUserId: admin.userId,
        action: 'person.created',
        targetType: 'person',
        targetId: created.id,
        at: now,
      });
      return created;
    }),
  );
  return toPerson(row);
}

/** The person, locked with the organisation's reporting lines for a change; 404, or 409 once erased. */
export async function lockPersonForChange(db: Db, organisationId: string, id: string): Promise<PersonRow> {
  await repo.lockHierarchy(db, organisationId);
  const row = await repo.lockPerson(db, organisationId, id);
  if (!row) throw notFound('Person');
  if (row.status === 'erased')
    throw new AppError('conflict', 'This person was erased and can no longer change');
  return row;
}

export async function updatePerson(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: PersonUpdate,
): Promise<Person> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  const row = await withUniqueConflict(
    ctx.db.transaction(async (tx) => {
      const current = await lockPersonForChange(tx, admin.organisationId, id);
      await assertUnique(tx, admin.organisationId, input, id);
      if (input.managerId && input.managerId !== current.managerId)
        await assertValidManager(tx, admin.organisationId, id, input.managerId);
      const changed = Object.keys(input);
      const updated = await repo.updatePerson(tx, admin.organisationId, id, { ...input, updatedAt: now });
      await recordAudit(tx, {
        organisationId: admin.organisationId,
        actorUserId: admin.userId,
        action: 'person.updated',
        targetType: 'person',
        targetId: id,
        details: { fields: changed },
        at: now,
      });
      return updated!;
    }),
  );
  return toPerson(row);
}

/**
 * Erasure (§10): the row stays so history keeps its shape, but every personal field is replaced by a placeholder,
 * the account is deleted, the person's reports move up to their manager, and what they wrote for themselves goes:
 * in mentoring workspaces (private notes; the words of their ratings and survey answers), their mentoring profile and
 * their enrolments' profiles and answers.
 */
export async function erasePerson(ctx: AppContext, actor: Actor | null, id: string) {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const current = await lockPersonForChange(tx, admin.organisationId, id);
    if (admin.personId === id)
      throw new AppError('conflict', 'You cannot erase yourself: ask another admin to do it');
    const reportsMoved = await repo.moveReports(tx, admin.organisationId, id, current.managerId, now);
    const accountsDeleted = await deleteAccountsOfPerson(tx, admin.organisationId, id);
    // What they wrote for themselves in workspaces; shared notes stay, the pair's record now by "Erased person".
    const workspaceWriting = {
      privateNotes: await erasePrivateNotesOf(tx, admin.organisationId, id),
      ratings: await eraseRatingWordsOf(tx, admin.organisationId, id),
      surveyAnswers: await eraseSurveyWordsOf(tx, admin.organisationId, id),
    };
    // Their mentoring profile, and what they wrote when enrolling (issue 13 §3, decision 029).
    const profiles = await eraseMentoringProfileOf(tx, admin.organisationId, id, now);
    await repo.updatePerson(tx, admin.organisationId, id, {
      name: 'Erased person',
      email: `erased-${id}@invalid`,
      hrisId: null,
      title: null,
      department: null,
      jobFunction: null,
      level: null,
      managerId: null,
      location: null,
      timeZone: null,
      languages: [],
      hireDate: null,
      demographics: null,
      status: 'erased',
      updatedAt: now,
    });
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'person.erased',
      targetType: 'person',
      targetId: id,
      details: { reportsMoved, accountDeleted: accountsDeleted > 0, ...workspaceWriting, ...profiles },
      at: now,
    });
    return { id, status: 'erased' as const, reportsMoved };
  });
}

/** Everything stored about one person (§10 export); the export itself is audited. */
export async function exportPerson(ctx: AppContext, actor: Actor | null, id: string): Promise<PersonExport> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  const row = await repo.findPerson(ctx.db, admin.organisationId, id);
  if (!row) throw notFound('Person');
  const manager = row.managerId ? await repo.findPerson(ctx.db, admin.organisationId, row.managerId) : null;
  const reports = await repo.directReports(ctx.db, admin.organisationId, id);
  const account = await repo.accountOfPerson(ctx.db, admin.organisationId, id);
  await recordAudit(ctx.db, {
    organisationId: admin.organisationId,
    actorUserId: admin.userId,
    action: 'person.exported',
    targetType: 'person',
    targetId: id,
    at: now,
  });
  const trail = await repo.auditEntriesAbout(ctx.db, admin.organisationId, id);
  const enrolled = await enrolmentsOfPerson(ctx.db, admin.organisationId, id);
  const paired = await listRelationshipPage(ctx.db, {
    organisationId: admin.organisationId,
    personId: id,
    limit: 10_000,
    offset: 0,
  });
  return {
    exportedAt: now.toISOString(),
    person: { ...toPerson(row), demographics: row.demographics ?? null },
    manager: manager ? toPersonSummary(manager) : null,
    directReports: reports.map(toPersonSummary),
    account: account
      ? {
          ...account,
          lastSignInAt: account.lastSignInAt?.toISOString() ?? null,
          createdAt: account.createdAt.toISOString(),
        }
      : null,
    auditTrail: trail.map((entry) => ({
      action: entry.action,
      actorUserId: entry.actorUserId,
      details: entry.details,
      at: entry.createdAt.toISOString(),
    })),
    mentoring: {
      profile: await savedMentoringProfileOf(ctx.db, admin.organisationId, id),
      enrolments: enrolled.map(({ enrolment, programName }) => ({
        programId: enrolment.programId,
        programName,
        role: enrolment.role,
        status: enrolment.status,
        capacity: enrolment.capacity,
        profile: enrolment.profile,
        answers: enrolment.answers,
        enrolledAt: enrolment.createdAt.toISOString(),
      })),
      relationships: paired.rows.map((row) => {
        const r = row.relationship;
        const role = r.mentorPersonId === id ? ('mentor' as const) : ('mentee' as const);
        return {
          id: r.id,
          programName: row.programName,
          role,
          partnerName: role === 'mentor' ? row.menteeName : row.mentorName,
          status: r.status,
          startedAt: r.startedAt?.toISOString() ?? null,
          endedAt: r.endedAt?.toISOString() ?? null,
          reason: r.reason,
        };
      }),
    },
  };
}
