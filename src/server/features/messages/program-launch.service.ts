import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  LaunchEmailJob,
  LaunchEmailPreview,
  LaunchEmailResult,
  LaunchEmailSummary,
  launchAudience,
} from '../../../contracts/program-launch.contracts.ts';
import { AppError, invalidField } from '../../../core/errors.ts';
import { channelFor } from '../../../core/messages/categories.ts';
import { isEmailAddress } from '../../../core/people/email-list.ts';
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
import { readAudienceEmailList } from '../../lib/email-list-input.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type NewNotification, notifyPeople } from '../notifications/notifications.service.ts';
import { type ProgramRow, programForStaff } from '../programs/program-access.ts';
import { activeActorOf } from '../users/users.service.ts';
import {
  type LaunchCandidateRow,
  launchCandidates,
  launchKeyPrefix,
  launchSent,
} from './program-launch.repository.ts';

/**
 * A program's launch email (issue 13 §1). Staff (admins, the program's coordinators) pick an audience — everyone,
 * departments and levels, or a list of emails — see how many it reaches, and send. Each person is told by a
 * `program_launch` notice (category "Enrolment") with a link to the enrolment form: the emailer turns it into an
 * email with their preferences, waking hours, digest and unsubscribe link, and invites those without an account
 * in the same email (decision 020). A person gets it once per program: the dedupe key names the program, the person
 * and the send, and people who got any send of this program are left out unless the staff send it again on purpose.
 * People already enrolled, who left, or who turned enrolment messages off are left out. Up to `backgroundFrom`
 * people are told in the request; more go to a `program_launch_email` job that works in slices and reports progress.
 */

/** More recipients than this are told by a background job. */
export const backgroundFrom = 500;
/** People read and told per transaction in the background job. */
const sliceSize = 500;
const jobKind = 'program_launch_email';
const noticeKind = 'program_launch';

type Audience = z.output<typeof launchAudience>;
type Verdict = 'recipient' | 'alreadyEnrolled' | 'alreadySent' | 'optedOut' | 'noEmail' | 'inactive';

function verdictOf(row: LaunchCandidateRow, resend: boolean): Verdict {
  if (row.status !== 'active') return 'inactive';
  if (!isEmailAddress(row.email.trim().toLowerCase())) return 'noEmail';
  if (row.enrolled) return 'alreadyEnrolled';
  if (row.alreadySent && !resend) return 'alreadySent';
  if (channelOf(row) === 'off') return 'optedOut';
  return 'recipient';
}

function channelOf(row: LaunchCandidateRow) {
  return channelFor(noticeKind, row.channel ? { enrolment: row.channel as 'email' } : null);
}

/** Only an open program can be enrolled in, so only then does its launch email go out. */
function assertEnrolmentOpen(program: ProgramRow) {
  if (program.status !== 'enrolling')
    throw new AppError(
      'conflict',
      program.status === 'draft'
        ? 'Open enrolment first: people cannot enrol in a draft program'
        : 'Enrolment in this program is closed: the launch email can only invite people while it is open',
    );
}

/** The audience as the repository reads it; a list of emails is read (and refused whole if a line is bad). */
function readAudience(audience: Audience) {
  if (audience.kind === 'directory') {
    if (audience.departments.length === 0 && audience.levels.length === 0)
      throw invalidField(
        'body.audience.departments',
        'pick at least one department or level, or choose everyone',
      );
    return { query: audience, list: null };
  }
  if (audience.kind === 'everyone') return { query: audience, list: null };
  const list = readAudienceEmailList(audience.csv);
  return { query: { kind: 'emails' as const, emails: list.entries.map((entry) => entry.email) }, list };
}

type ReadAudience = ReturnType<typeof readAudience>;

/** Everyone the audience names, a slice at a time (a list of emails: its addresses a slice at a time). */
async function* candidateSlices(db: Db, organisationId: string, programId: string, audience: ReadAudience) {
  const { query } = audience;
  if (query.kind === 'emails') {
    for (let start = 0; start < query.emails.length; start += sliceSize)
      yield await launchCandidates(db, {
        organisationId,
        programId,
        audience: { kind: 'emails', emails: query.emails.slice(start, start + sliceSize) },
      });
    return;
  }
  let afterId: string | undefined;
  for (;;) {
    const rows = await launchCandidates(db, {
      organisationId,
      programId,
      audience: query,
      afterId,
      limit: sliceSize,
    });
    if (rows.length === 0) return;
    yield rows;
    afterId = rows.at(-1)!.personId;
    if (rows.length < sliceSize) return;
  }
}

async function previewOf(
  db: Db,
  organisationId: string,
  programId: string,
  audience: ReadAudience,
  resend: boolean,
): Promise<LaunchEmailPreview> {
  const counts = { recipient: 0, alreadyEnrolled: 0, alreadySent: 0, optedOut: 0, noEmail: 0, inactive: 0 };
  let byEmail = 0;
  let withInvitation = 0;
  const found = new Set<string>();
  for await (const rows of candidateSlices(db, organisationId, programId, audience)) {
    for (const row of rows) {
      found.add(row.email.trim().toLowerCase());
      const verdict = verdictOf(row, resend);
      counts[verdict] += 1;
      if (verdict === 'recipient' && channelOf(row) === 'email') {
        byEmail += 1;
        if (row.accountStatus !== 'active' && row.accountStatus !== 'disabled') withInvitation += 1;
      }
    }
  }
  const unknown = audience.list ? audience.list.entries.filter((entry) => !found.has(entry.email)) : [];
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0) + unknown.length;
  return {
    total,
    recipients: counts.recipient,
    byEmail,
    withInvitation,
    alreadyEnrolled: counts.alreadyEnrolled,
    alreadySent: counts.alreadySent,
    optedOut: counts.optedOut,
    noEmail: counts.noEmail,
    inactive: counts.inactive,
    notInDirectory: {
      count: unknown.length,
      examples: unknown.slice(0, 10).map((entry) => ({ line: entry.line, email: entry.email })),
    },
    duplicates: audience.list?.duplicates ?? 0,
    runsInBackground: counts.recipient > backgroundFrom,
  };
}

/** What sending the program's launch email to this audience would do. Program staff only. */
export async function previewLaunchEmail(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: { audience: Audience; resend: boolean },
): Promise<LaunchEmailPreview> {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  const audience = readAudience(input.audience);
  return previewOf(ctx.db, staff.organisationId, program.id, audience, input.resend);
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const day = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));
const cadence: Record<string, string> = {
  weekly: 'every week',
  fortnightly: 'every two weeks',
  monthly: 'every month',
};

/** The notice each person gets: what the program is, until when to enrol, and the link to its enrolment form. */
function launchNotice(program: ProgramRow, message: string | undefined) {
  const details: string[] = [];
  if (program.goals.trim()) details.push(`What it is for: ${program.goals.trim()}`);
  if (program.enrolmentClosesOn) details.push(`Enrol by: ${day(program.enrolmentClosesOn)}`);
  if (program.startsOn)
    details.push(`Runs: from ${day(program.startsOn)}${program.endsOn ? ` to ${day(program.endsOn)}` : ''}`);
  details.push(
    `Commitment: ${program.relationshipMonths} months, meeting ${cadence[program.meetingCadence] ?? program.meetingCadence}`,
  );
  const body = [message?.trim(), program.description.trim()].filter(Boolean).join('\n\n');
  return {
    title: `${program.name} is open for enrolment`,
    body: body || `You can now enrol in ${program.name}, as a mentor or as a mentee.`,
    link: `/mentoring/programs/${program.id}/enrol`,
    email: { details, actionLabel: 'Enrol now', programId: program.id },
  };
}

interface JobPayload {
  programId: string;
  actorUserId: string;
  audience: Audience;
  resend: boolean;
  message?: string;
  /** Names the send in the dedupe keys: a retried job tells nobody twice. */
  sendId: string;
  total: number;
}

/** Tell the recipients among these people, in the caller's transaction; returns how many were told. */
async function tellSlice(
  tx: Db,
  input: {
    organisationId: string;
    program: ProgramRow;
    rows: LaunchCandidateRow[];
    resend: boolean;
    sendId: string;
    message?: string;
  },
): Promise<number> {
  const notice = launchNotice(input.program, input.message);
  const notes: NewNotification[] = input.rows
    .filter((row) => verdictOf(row, input.resend) === 'recipient')
    .map((row) => ({
      organisationId: input.organisationId,
      personId: row.personId,
      kind: noticeKind,
      ...notice,
      dedupeKey: `${launchKeyPrefix(input.program.id)}${row.personId}:${input.sendId}`,
    }));
  if (notes.length === 0) return 0;
  return notifyPeople(tx, notes);
}

function toJobView(row: JobView): LaunchEmailJob {
  return jobProgressOf(
    row,
    'Sending stopped after an error. Send it again: people already told are left out.',
  );
}

function audienceDetails(audience: Audience) {
  if (audience.kind === 'directory')
    return { kind: 'directory', departments: audience.departments, levels: audience.levels };
  return { kind: audience.kind };
}

/**
 * Send the program's launch email to the audience (program staff, while enrolment is open). A few hundred are told
 * in the request, all or nothing; more by a background job. Audited as `program.launch_email_sent`.
 */
export async function sendLaunchEmail(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: { audience: Audience; resend: boolean; message?: string },
): Promise<LaunchEmailResult> {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  assertEnrolmentOpen(program);
  const audience = readAudience(input.audience);
  const preview = await previewOf(ctx.db, staff.organisationId, program.id, audience, input.resend);
  const sendId = randomUUID();
  const { notInDirectory, runsInBackground: _background, ...counts } = preview;
  const details = {
    ...audienceDetails(input.audience),
    resend: input.resend,
    ...counts,
    notInDirectory: notInDirectory.count,
    sendId,
    ...(input.message ? { message: input.message } : {}),
  };
  if (preview.runsInBackground) {
    return ctx.db.transaction(async (tx) => {
      const job = await enqueueJob(tx, {
        kind: jobKind,
        payload: {
          programId: program.id,
          actorUserId: staff.userId,
          audience: input.audience,
          resend: input.resend,
          message: input.message,
          sendId,
          total: preview.recipients,
        } satisfies JobPayload,
        organisationId: staff.organisationId,
        runAt: ctx.now(),
        maxAttempts: 3,
      });
      await recordAudit(tx, {
        organisationId: staff.organisationId,
        actorUserId: staff.userId,
        action: 'program.launch_email_sent',
        targetType: 'program',
        targetId: program.id,
        details: { ...details, background: true, jobId: job.id },
        at: ctx.now(),
      });
      return { sent: 0, job: toJobView(job) };
    });
  }
  return ctx.db.transaction(async (tx) => {
    let sent = 0;
    for await (const rows of candidateSlices(tx, staff.organisationId, program.id, audience))
      sent += await tellSlice(tx, {
        organisationId: staff.organisationId,
        program,
        rows,
        resend: input.resend,
        sendId,
        message: input.message,
      });
    if (sent > 0) {
      await recordAudit(tx, {
        organisationId: staff.organisationId,
        actorUserId: staff.userId,
        action: 'program.launch_email_sent',
        targetType: 'program',
        targetId: program.id,
        details: { ...details, sent },
        at: ctx.now(),
      });
    }
    return { sent, job: null };
  });
}

/** Whether the program's launch email went out and to how many, with its latest background send. Staff only. */
export async function launchEmailSummary(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
): Promise<LaunchEmailSummary> {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  const sent = await launchSent(ctx.db, { organisationId: staff.organisationId, programId: program.id });
  const job = await latestJobOf(ctx.db, {
    organisationId: staff.organisationId,
    kind: jobKind,
    payload: { key: 'programId', value: program.id },
  });
  return {
    sentTo: sent.sentTo,
    lastSentAt: sent.lastSentAt?.toISOString() ?? null,
    lastSentBy: sent.lastSentBy,
    job: job ? toJobView(job) : null,
    enrolmentOpen: program.status === 'enrolling',
  };
}

/**
 * Job `program_launch_email`: tell a large audience, a slice per transaction, reporting progress after each. A
 * retried job tells nobody twice (the send's dedupe keys). It stops when enrolment closed meanwhile, the program
 * went, or the person who sent it is no longer its staff.
 */
export async function launchEmailJob(ctx: AppContext, job: RunningJob): Promise<JobFigures> {
  const payload = job.payload as JobPayload;
  const organisationId = job.organisationId;
  if (!organisationId) throw new Error('program_launch_email job without an organisation');
  const stop = (stopped: string): JobFigures => ({ total: payload.total, processed: 0, sent: 0, stopped });
  const actor = await activeActorOf(ctx.db, organisationId, payload.actorUserId);
  if (!actor) return stop('Stopped: the person who sent it can no longer sign in.');
  let program: ProgramRow;
  try {
    program = (await programForStaff(ctx, actor, payload.programId)).program;
  } catch (error) {
    if (error instanceof AppError)
      return stop('Stopped: the person who sent it no longer runs this program.');
    throw error;
  }
  if (program.status !== 'enrolling') return stop('Stopped: enrolment closed before everyone was told.');
  const audience = readAudience(payload.audience);
  const total = payload.total;
  let processed = 0;
  let sent = 0;
  for await (const rows of candidateSlices(ctx.db, organisationId, program.id, audience)) {
    const recipients = rows.filter((row) => verdictOf(row, payload.resend) === 'recipient').length;
    sent += await ctx.db.transaction((tx) =>
      tellSlice(tx, {
        organisationId,
        program,
        rows,
        resend: payload.resend,
        sendId: payload.sendId,
        message: payload.message,
      }),
    );
    processed += recipients;
    await job.setProgress({ total, processed, sent });
  }
  return { total, processed, sent };
}
