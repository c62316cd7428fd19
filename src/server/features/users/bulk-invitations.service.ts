import type { z } from 'zod';
import type {
  BulkInvitationJob,
  BulkInvitationPreview,
  BulkInvitationResult,
  BulkInvitationStatus,
  invitationAudience,
  PendingInvitations,
  ResendInvitationsRequest,
} from '../../../contracts/users.contracts.ts';
import { AppError, notFound } from '../../../core/errors.ts';
import { isEmailAddress } from '../../../core/people/email-list.ts';
import { requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import {
  enqueueJob,
  type JobFigures,
  type JobView,
  jobProgressOf,
  latestJobOf,
  type RunningJob,
} from '../../jobs/job-queue.ts';
import { isUniqueViolation } from '../../lib/database-errors.ts';
import { readAudienceEmailList } from '../../lib/email-list-input.ts';
import {
  type PreparedInvitation,
  prepareInvitation,
  recordPreparedInvitation,
} from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { programInOrganisation } from '../programs/program-access.ts';
import {
  accountsOfPeople,
  countPendingInvitations,
  emailHasAccount,
  findAccountOfPerson,
  findByEmails,
  findOrganisationName,
  findOrganisationUser,
  type InvitationCandidateRow,
  insertUser,
  invitationCandidates,
  pendingInvitationAccounts,
  type UserRow,
} from './users.repository.ts';
import { activeActorOf } from './users.service.ts';

/**
 * Bulk invitations (issue 13 §1): invite everyone of a selection who has no account — the people enrolled in a
 * program, a part of the directory, or a list of emails — and send a new link to everyone who has not accepted. The
 * same machinery as one invitation (accounts.service: the one-time link, its email through the outbox, redacted in
 * the mailbox; one `user.invited` audit entry per account). Emails are rendered before the transaction that stores
 * them, so the database is held only for the writes. Up to `backgroundFrom` people are invited in the request, in
 * one transaction; more go to a `bulk_invitations` job that works in batches and reports its progress, so a large
 * selection never holds a request (or the database) for minutes.
 */

/** More invitations than this at once are sent by a background job. */
export const backgroundFrom = 50;
/** Invitations per transaction in the background job. */
const batchSize = 25;
const jobKind = 'bulk_invitations';

type Audience = z.output<typeof invitationAudience>;
type Verdict = 'invite' | 'hasAccount' | 'awaitingAcceptance' | 'noEmail' | 'inactive';
interface Candidate {
  personId: string | null;
  name: string;
  email: string;
  verdict: Verdict;
}

function verdictOf(row: InvitationCandidateRow, organisationId: string): Verdict {
  if (row.personStatus && row.personStatus !== 'active') return 'inactive';
  if (!isEmailAddress(row.email.trim().toLowerCase())) return 'noEmail';
  if (row.accountId) {
    return row.accountStatus === 'invited' && row.accountOrganisationId === organisationId
      ? 'awaitingAcceptance'
      : 'hasAccount';
  }
  return 'invite';
}

/** Everyone the audience names, each with what an invitation would do for them. */
async function resolveAudience(
  db: Db,
  organisationId: string,
  audience: Audience,
): Promise<{ candidates: Candidate[]; duplicates: number }> {
  const judged = (rows: InvitationCandidateRow[]) =>
    rows.map((row) => ({
      personId: row.personId,
      name: row.name,
      email: row.email.trim().toLowerCase(),
      verdict: verdictOf(row, organisationId),
    }));
  if (audience.source === 'program') {
    if (!(await programInOrganisation(db, organisationId, audience.programId))) throw notFound('Program');
    const rows = await invitationCandidates(db, {
      organisationId,
      program: { id: audience.programId, roles: audience.roles },
    });
    return { candidates: judged(rows), duplicates: 0 };
  }
  if (audience.source === 'directory') {
    const rows = await invitationCandidates(db, { organisationId, directory: audience });
    return { candidates: judged(rows), duplicates: 0 };
  }
  const list = readAudienceEmailList(audience.csv);
  const emails = list.entries.map((entry) => entry.email);
  const found = await findByEmails(db, { organisationId, emails });
  const personByEmail = new Map(found.people.map((person) => [person.email, person]));
  const accountByEmail = new Map(found.accounts.map((account) => [account.email, account]));
  const accountByPerson = new Map(
    (
      await accountsOfPeople(db, {
        organisationId,
        personIds: found.people.map((person) => person.id),
      })
    ).map((account) => [account.personId, account]),
  );
  const rows = list.entries.map((entry): InvitationCandidateRow => {
    const person = personByEmail.get(entry.email);
    const byEmail = accountByEmail.get(entry.email);
    const byPerson = person ? accountByPerson.get(person.id) : undefined;
    const account = byPerson
      ? { ...byPerson, organisationId }
      : byEmail
        ? { id: byEmail.id, status: byEmail.status, organisationId: byEmail.organisationId }
        : null;
    return {
      personId: person?.id ?? null,
      name: person?.name ?? entry.name ?? entry.email.split('@')[0]!,
      email: entry.email,
      personStatus: person?.status ?? null,
      accountId: account?.id ?? null,
      accountStatus: account?.status ?? null,
      accountOrganisationId: account?.organisationId ?? null,
    };
  });
  return { candidates: judged(rows), duplicates: list.duplicates };
}

function summarise(resolved: { candidates: Candidate[]; duplicates: number }): BulkInvitationPreview {
  const count = (verdict: Verdict) => resolved.candidates.filter((c) => c.verdict === verdict).length;
  const toInvite = resolved.candidates.filter((c) => c.verdict === 'invite');
  return {
    total: resolved.candidates.length,
    toInvite: toInvite.length,
    hasAccount: count('hasAccount'),
    awaitingAcceptance: count('awaitingAcceptance'),
    noEmail: count('noEmail'),
    inactive: count('inactive'),
    duplicates: resolved.duplicates,
    sample: toInvite.slice(0, 5).map((c) => ({ name: c.name, email: c.email })),
    runsInBackground: toInvite.length > backgroundFrom,
  };
}

function delivery(ctx: AppContext): 'email' | 'mailbox' {
  return ctx.config.smtpUrl ? 'email' : 'mailbox';
}

/** What a bulk invitation to this audience would do: how many get one, and why the others do not. */
export async function previewBulkInvitations(
  ctx: AppContext,
  actor: Actor | null,
  input: { audience: Audience },
): Promise<BulkInvitationPreview> {
  const admin = requireAdmin(actor);
  return summarise(await resolveAudience(ctx.db, admin.organisationId, input.audience));
}

/**
 * Invite one person of a bulk selection, in the caller's transaction, unless they got an account meanwhile: the
 * account (invited member), its link and email, and its audit entry, as for one invitation.
 */
async function inviteOne(
  ctx: AppContext,
  tx: Db,
  input: { admin: Actor; candidate: Candidate; prepared: PreparedInvitation; delivery: 'email' | 'mailbox' },
): Promise<boolean> {
  const { admin, candidate } = input;
  if (await emailHasAccount(tx, candidate.email)) return false;
  if (
    candidate.personId &&
    (await findAccountOfPerson(tx, { organisationId: admin.organisationId, personId: candidate.personId }))
  )
    return false;
  const now = ctx.now();
  const user = await insertUser(tx, {
    organisationId: admin.organisationId,
    personId: candidate.personId,
    email: candidate.email,
    name: candidate.name.slice(0, 120),
    role: 'member',
    status: 'invited',
    createdAt: now,
    updatedAt: now,
  });
  await recordPreparedInvitation(ctx, tx, { user, prepared: input.prepared });
  await recordAudit(tx, {
    organisationId: admin.organisationId,
    actorUserId: admin.userId,
    action: 'user.invited',
    targetType: 'user',
    targetId: user.id,
    details: { email: user.email, role: user.role, delivery: input.delivery, bulk: true },
    at: now,
  });
  return true;
}

/** Send an invited account a new link (earlier ones stop working), unless it was accepted meanwhile. */
async function resendOne(
  ctx: AppContext,
  tx: Db,
  input: { admin: Actor; account: UserRow; prepared: PreparedInvitation; delivery: 'email' | 'mailbox' },
): Promise<boolean> {
  const { admin } = input;
  const user = await findOrganisationUser(tx, { organisationId: admin.organisationId, id: input.account.id });
  if (user?.status !== 'invited') return false;
  await recordPreparedInvitation(ctx, tx, { user, prepared: input.prepared });
  await recordAudit(tx, {
    organisationId: admin.organisationId,
    actorUserId: admin.userId,
    action: 'user.invitation_resent',
    targetType: 'user',
    targetId: user.id,
    details: { delivery: input.delivery, bulk: true },
    at: ctx.now(),
  });
  return true;
}

/** Render the invitations of these people, before any transaction. */
async function prepareAll(
  ctx: AppContext,
  input: { admin: Actor; organisationName: string; names: string[] },
): Promise<PreparedInvitation[]> {
  const prepared: PreparedInvitation[] = [];
  for (const name of input.names)
    prepared.push(
      await prepareInvitation(ctx, {
        recipientName: name.slice(0, 120),
        organisationName: input.organisationName,
        inviterName: input.admin.name,
      }),
    );
  return prepared;
}

const raced = () =>
  new AppError(
    'conflict',
    'Someone invited some of these people at the same moment: check the list and try again',
  );

interface JobPayload {
  mode: 'invite' | 'resend';
  actorUserId: string;
  total: number;
  audience?: Audience;
  only?: ResendInvitationsRequest['only'];
  /** Resend: accounts invited again after this moment are done already (a retried job skips them). */
  requestedAt?: string;
}

function toJobView(row: JobView): BulkInvitationJob {
  const payload = (row.payload ?? {}) as Partial<JobPayload>;
  return {
    ...jobProgressOf(
      row,
      'Sending stopped after an error. Send again to invite the people it did not reach.',
    ),
    mode: payload.mode === 'resend' ? 'resend' : 'invite',
  };
}

/** Queue the background job of a large bulk action, with its audit entry, in one transaction. */
async function startJob(
  ctx: AppContext,
  admin: Actor,
  payload: JobPayload,
  audit: { action: string; details: Record<string, unknown> },
): Promise<BulkInvitationJob> {
  return ctx.db.transaction(async (tx) => {
    const job = await enqueueJob(tx, {
      kind: jobKind,
      payload,
      organisationId: admin.organisationId,
      runAt: ctx.now(),
      maxAttempts: 3,
    });
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: audit.action,
      targetType: 'job',
      targetId: String(job.id),
      details: { ...audit.details, background: true },
      at: ctx.now(),
    });
    return toJobView(job);
  });
}

function audienceDetails(audience: Audience) {
  if (audience.source === 'program')
    return { source: 'program', programId: audience.programId, roles: audience.roles };
  if (audience.source === 'directory')
    return { source: 'directory', departments: audience.departments, levels: audience.levels };
  return { source: 'emails' };
}

/**
 * Invite everyone of the audience who has no account. A few are invited in this request, all or nothing; more are
 * handed to a background job (see `bulkInvitationStatus` for its progress). Audited as one `user.bulk_invitation`
 * plus one `user.invited` per account.
 */
export async function sendBulkInvitations(
  ctx: AppContext,
  actor: Actor | null,
  input: { audience: Audience },
): Promise<BulkInvitationResult> {
  const admin = requireAdmin(actor);
  const resolved = await resolveAudience(ctx.db, admin.organisationId, input.audience);
  const summary = summarise(resolved);
  const toInvite = resolved.candidates.filter((c) => c.verdict === 'invite');
  const { sample: _sample, runsInBackground: _background, ...counts } = summary;
  const auditDetails = { ...audienceDetails(input.audience), ...counts };
  if (toInvite.length > backgroundFrom) {
    const job = await startJob(
      ctx,
      admin,
      { mode: 'invite', actorUserId: admin.userId, total: toInvite.length, audience: input.audience },
      { action: 'user.bulk_invitation', details: auditDetails },
    );
    return { sent: 0, job, delivery: delivery(ctx) };
  }
  const organisationName = await findOrganisationName(ctx.db, admin.organisationId);
  const prepared = await prepareAll(ctx, { admin, organisationName, names: toInvite.map((c) => c.name) });
  try {
    const sent = await ctx.db.transaction(async (tx) => {
      let invited = 0;
      for (const [index, candidate] of toInvite.entries()) {
        const invitation = { admin, candidate, prepared: prepared[index]!, delivery: delivery(ctx) };
        if (await inviteOne(ctx, tx, invitation)) invited++;
      }
      if (invited > 0) {
        await recordAudit(tx, {
          organisationId: admin.organisationId,
          actorUserId: admin.userId,
          action: 'user.bulk_invitation',
          targetType: 'organisation',
          targetId: admin.organisationId,
          details: { ...auditDetails, invited },
          at: ctx.now(),
        });
      }
      return invited;
    });
    return { sent, job: null, delivery: delivery(ctx) };
  } catch (error) {
    if (isUniqueViolation(error)) throw raced();
    throw error;
  }
}

/** How many invitations wait to be accepted, and how many of them no longer hold a working link. */
export async function pendingInvitationCounts(
  ctx: AppContext,
  actor: Actor | null,
): Promise<PendingInvitations> {
  const admin = requireAdmin(actor);
  const counts = await countPendingInvitations(ctx.db, {
    organisationId: admin.organisationId,
    now: ctx.now(),
  });
  return { ...counts, backgroundFrom };
}

/**
 * Send a new invitation to everyone who has not accepted theirs (or only to those whose every link expired):
 * earlier links stop working. Few in the request, many in the background job, like `sendBulkInvitations`.
 */
export async function resendPendingInvitations(
  ctx: AppContext,
  actor: Actor | null,
  input: ResendInvitationsRequest,
): Promise<BulkInvitationResult> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  const accounts = await pendingInvitationAccounts(ctx.db, {
    organisationId: admin.organisationId,
    now,
    expiredOnly: input.only === 'expired',
  });
  if (accounts.length > backgroundFrom) {
    const job = await startJob(
      ctx,
      admin,
      {
        mode: 'resend',
        actorUserId: admin.userId,
        total: accounts.length,
        only: input.only,
        requestedAt: now.toISOString(),
      },
      { action: 'user.bulk_invitation_resent', details: { only: input.only, pending: accounts.length } },
    );
    return { sent: 0, job, delivery: delivery(ctx) };
  }
  const organisationName = await findOrganisationName(ctx.db, admin.organisationId);
  const prepared = await prepareAll(ctx, { admin, organisationName, names: accounts.map((a) => a.name) });
  const sent = await ctx.db.transaction(async (tx) => {
    let resent = 0;
    for (const [index, account] of accounts.entries()) {
      const invitation = { admin, account, prepared: prepared[index]!, delivery: delivery(ctx) };
      if (await resendOne(ctx, tx, invitation)) resent++;
    }
    if (resent > 0) {
      await recordAudit(tx, {
        organisationId: admin.organisationId,
        actorUserId: admin.userId,
        action: 'user.bulk_invitation_resent',
        targetType: 'organisation',
        targetId: admin.organisationId,
        details: { only: input.only, resent },
        at: now,
      });
    }
    return resent;
  });
  return { sent, job: null, delivery: delivery(ctx) };
}

/** The organisation's latest bulk invitation job (its progress while it runs). */
export async function bulkInvitationStatus(
  ctx: AppContext,
  actor: Actor | null,
): Promise<BulkInvitationStatus> {
  const admin = requireAdmin(actor);
  const latest = await latestJobOf(ctx.db, { organisationId: admin.organisationId, kind: jobKind });
  return { latest: latest ? toJobView(latest) : null };
}

/**
 * Job `bulk_invitations`: invite (or invite again) the people of a large selection, `batchSize` per transaction,
 * reporting progress after each. The selection is read again when the job runs, so a retried job skips those it
 * already reached; whoever got an account meanwhile is skipped too. Stops when its admin can no longer invite.
 */
export async function bulkInvitationsJob(ctx: AppContext, job: RunningJob): Promise<JobFigures> {
  const payload = job.payload as JobPayload;
  const organisationId = job.organisationId;
  if (!organisationId) throw new Error('bulk_invitations job without an organisation');
  const admin = await activeActorOf(ctx.db, organisationId, payload.actorUserId);
  if (admin?.role !== 'admin')
    return {
      total: payload.total,
      processed: 0,
      sent: 0,
      stopped: 'Stopped: the admin who started it can no longer invite people.',
    };

  const organisationName = await findOrganisationName(ctx.db, organisationId);
  const how = delivery(ctx);
  let sent = 0;
  let processed = 0;
  if (payload.mode === 'resend') {
    const accounts = await pendingInvitationAccounts(ctx.db, {
      organisationId,
      now: ctx.now(),
      expiredOnly: payload.only === 'expired',
      notSentAfter: payload.requestedAt ? new Date(payload.requestedAt) : undefined,
    });
    const total = accounts.length;
    for (let start = 0; start < total; start += batchSize) {
      const batch = accounts.slice(start, start + batchSize);
      const prepared = await prepareAll(ctx, { admin, organisationName, names: batch.map((a) => a.name) });
      sent += await ctx.db.transaction(async (tx) => {
        let resent = 0;
        for (const [index, account] of batch.entries())
          if (await resendOne(ctx, tx, { admin, account, prepared: prepared[index]!, delivery: how }))
            resent++;
        return resent;
      });
      processed += batch.length;
      await job.setProgress({ total, processed, sent });
    }
    return { total, processed, sent };
  }

  if (!payload.audience) throw new Error('bulk_invitations job without an audience');
  let resolved: Awaited<ReturnType<typeof resolveAudience>>;
  try {
    resolved = await resolveAudience(ctx.db, organisationId, payload.audience);
  } catch (error) {
    // The program was deleted since: nobody left to invite.
    if (error instanceof AppError)
      return { total: payload.total, processed: 0, sent: 0, stopped: error.message };
    throw error;
  }
  const toInvite = resolved.candidates.filter((c) => c.verdict === 'invite');
  const total = toInvite.length;
  await job.setProgress({ total, processed, sent });
  for (let start = 0; start < total; start += batchSize) {
    const batch = toInvite.slice(start, start + batchSize);
    const prepared = await prepareAll(ctx, { admin, organisationName, names: batch.map((c) => c.name) });
    sent += await ctx.db.transaction(async (tx) => {
      let invited = 0;
      for (const [index, candidate] of batch.entries())
        if (await inviteOne(ctx, tx, { admin, candidate, prepared: prepared[index]!, delivery: how }))
          invited++;
      return invited;
    });
    processed += batch.length;
    await job.setProgress({ total, processed, sent });
  }
  return { total, processed, sent };
}
