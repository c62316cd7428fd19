/**
 * Scheduled reminders and nudges (issue 11, docs/decisions/022-nudge-scheduling.md). Every five minutes the
 * `message_tick` job, for each program with something to plan:
 * 1. gathers the program's facts in a few set-based queries and plans every message owed (src/core/nudges/planner.ts);
 * 2. reconciles the plan with `scheduled_messages`: a new cause is inserted (its key is unique per organisation, so
 *    two processes planning at once write one row), a cause no longer planned is cancelled with the reason in words;
 * 3. sends what is due: rows are claimed FOR UPDATE SKIP LOCKED and, in the same transaction, marked sent and turned
 *    into notices (`notifyPeople`, dedupe key `nudge:<cause>`), so each cause reaches its recipient once, whichever
 *    process and however many restarts. Kinds paused for the program wait, scheduled, until resumed.
 * Staff read and change the program's settings, and see what is scheduled and what was sent.
 */
import type { Paginated } from '../../../contracts/common.ts';
import type {
  ProgramMessageSettings,
  ScheduledMessage,
  ScheduledMessagesQuery,
  SentMessage,
  SentMessagesQuery,
  UpdateProgramMessageSettingsRequest,
} from '../../../contracts/messages.contracts.ts';
import { DAY_MS } from '../../../core/analytics/calendar.ts';
import { invalidField } from '../../../core/errors.ts';
import { intoWakingHours } from '../../../core/messages/quiet-hours.ts';
import {
  cancelReasonFor,
  type PlannedMessage,
  planNudges,
  plannedEndOn,
  plannedKindsOf,
  settingKindOf,
} from '../../../core/nudges/planner.ts';
import {
  defaultNudgeSettings,
  type NudgeKind,
  type NudgeOverrides,
  type NudgeSettings,
  nudgeKindDescriptions,
  nudgeKindLabels,
  nudgeKinds,
  quietDaysForCadence,
  resolveNudgeSettings,
} from '../../../core/nudges/settings.ts';
import { checkInDaysOf } from '../../../core/workspace/survey-rules.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJobUnlessQueued, type RunningJob } from '../../jobs/job-queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueEmail, listProgramMail, renderNoticeEmail } from '../mail/mail.service.ts';
import { type NewNotification, notifyPeople } from '../notifications/notifications.service.ts';
import { programForStaff } from '../programs/program-access.ts';
import { applyTransition, lockRelationshipRow } from '../relationships/relationships.service.ts';
import { closedNotice, escalationNotice, personNotice, toNotification } from './nudge-notices.ts';
import {
  cancelKinds,
  cancelRows,
  claimDueRows,
  countOpenEscalations,
  type DueRow,
  escalationRecipients,
  findProgramSettings,
  listProgramsToPlan,
  listWaiting,
  markRowsSent,
  type NewScheduledRow,
  type ProgramToPlan,
  pendingRequests,
  relationshipFacts,
  saveProgramSettings,
  tryLockProgramPlanning,
  upsertPlanned,
  waitingRows,
} from './nudges.repository.ts';

/** How far ahead messages are scheduled (and shown to staff). */
const horizonDays = 30;
const sendBatch = 100;
/** A relationship that ended stays in the plan this long after its closing-survey reminder was due. */
const closingLookbackDays = 14;

function settingsOf(program: { nudges: unknown }): NudgeSettings {
  return resolveNudgeSettings((program.nudges ?? {}) as NudgeOverrides);
}

function rowOf(program: ProgramToPlan, message: PlannedMessage, now: Date): NewScheduledRow {
  return {
    organisationId: program.organisationId,
    programId: program.id,
    relationshipId: message.relationshipId,
    kind: message.kind,
    causeKey: message.causeKey,
    recipientPersonId: message.recipientPersonId,
    dueAt: message.dueAt,
    sendAt: message.sendAt,
    status: 'scheduled',
    reason: message.reason,
    payload: message.payload,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Plan one program and reconcile its scheduled rows, in the caller's transaction. Skipped (zeros) when another
 * process is planning the same program at this moment: it writes the same rows.
 */
async function reconcileProgram(tx: Db, program: ProgramToPlan, now: Date) {
  if (!(await tryLockProgramPlanning(tx, program.id))) return { scheduled: 0, cancelled: 0 };
  const settings = settingsOf(program);
  const endedSince = new Date(now.getTime() - (settings.survey_reminder.days + closingLookbackDays) * DAY_MS);
  const [facts, requests, waiting] = await Promise.all([
    relationshipFacts(tx, { organisationId: program.organisationId, programId: program.id, now, endedSince }),
    pendingRequests(tx, program.organisationId, program.id),
    waitingRows(tx, program.id),
  ]);
  const plan = planNudges({
    now,
    settings,
    program: {
      id: program.id,
      cadence: program.meetingCadence,
      requestExpiryDays: program.requestExpiryDays,
      checkInDays: checkInDaysOf(program.surveySchedule),
    },
    relationships: facts.map(({ agreementEndDate, ...relationship }) => ({
      ...relationship,
      plannedEndOn: plannedEndOn({
        agreementEndDate,
        startedAt: relationship.startedAt,
        relationshipMonths: program.relationshipMonths,
        programEndsOn: program.endsOn,
      }),
    })),
    requests,
    horizonDays,
  });

  // A row already waiting for a cause now due after the horizon still takes its new times (e.g. more days set).
  const waitingKeys = new Set(waiting.map((row) => row.causeKey));
  const toWrite = [...plan.messages, ...plan.later.filter((message) => waitingKeys.has(message.causeKey))];
  const scheduled = await upsertPlanned(
    tx,
    toWrite.map((message) => rowOf(program, message, now)),
    now,
  );

  const open = new Set([
    ...facts.filter((f) => f.status === 'active').map((f) => f.id),
    ...requests.map((r) => r.id),
  ]);
  const ended = new Set(facts.filter((f) => f.status !== 'active').map((f) => f.id));
  const byReason = new Map<string, string[]>();
  for (const row of waiting) {
    if (plan.causeKeys.has(row.causeKey)) continue;
    const relationshipOpen =
      row.relationshipId !== null &&
      (open.has(row.relationshipId) || (row.kind === 'survey_reminder' && ended.has(row.relationshipId)));
    const reason = cancelReasonFor(row.kind, {
      enabled: settings[settingKindOf(row.kind)]?.enabled ?? false,
      relationshipOpen,
    });
    byReason.set(reason, [...(byReason.get(reason) ?? []), row.id]);
  }
  let cancelled = 0;
  for (const [reason, ids] of byReason) cancelled += await cancelRows(tx, ids, reason, now);
  return { scheduled, cancelled };
}

/** Plan one program now (after its settings changed), in the caller's transaction. */
async function replanProgram(tx: Db, organisationId: string, programId: string, now: Date) {
  const [program] = await listProgramsToPlan(tx, {
    organisationId,
    programId,
    endedSince: new Date(now.getTime() - (365 + closingLookbackDays) * DAY_MS),
  });
  if (program) await reconcileProgram(tx, program, now);
}

/** Escalation: the program's staff are told; those with a person get a notice, the others an email. */
async function escalate(ctx: AppContext, tx: Db, row: DueRow, now: Date): Promise<NewNotification[]> {
  const content = escalationNotice(row);
  const notes: NewNotification[] = [];
  for (const staff of await escalationRecipients(tx, row.organisationId, row.programId)) {
    if (staff.personId) {
      notes.push(toNotification(row, staff.personId, content, `nudge:${row.causeKey}:${staff.personId}`));
      continue;
    }
    // An account outside the directory has no notices and no preferences: a plain email, in UTC waking hours.
    const rendered = await renderNoticeEmail({
      organisationName: row.organisationName,
      recipientName: staff.name,
      title: content.title,
      body: content.body,
      details: content.details,
      action: { label: content.actionLabel, url: `${ctx.config.publicUrl}${content.link}` },
    });
    const sendAt = intoWakingHours(now, 'UTC');
    await enqueueEmail(tx, {
      organisationId: row.organisationId,
      to: staff.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      kind: 'escalation',
      now,
      programId: row.programId,
      ...(sendAt.getTime() > now.getTime() ? { notBefore: sendAt } : {}),
    });
  }
  return notes;
}

/** Closure of a long-inactive relationship: ended by the system (reason code `inactive`), both sides told. */
async function closeInactive(tx: Db, row: DueRow, now: Date): Promise<NewNotification[] | null> {
  if (!row.relationshipId) return null;
  const locked = await lockRelationshipRow(tx, row.organisationId, row.relationshipId).catch(() => null);
  if (locked?.status !== 'active') return null;
  const days = Number(row.payload.inactiveDays ?? 0);
  const updated = await applyTransition(tx, now, locked, {
    event: 'end_early',
    actorKind: 'system',
    actorUserId: null,
    reason: `Closed after ${days} days without activity, following a warning to both`,
    reasonCode: 'inactive',
    details: { cause: row.causeKey },
  });
  await recordAudit(tx, {
    organisationId: row.organisationId,
    actorUserId: null,
    action: 'relationship.closed_inactive',
    targetType: 'relationship',
    targetId: updated.id,
    details: { programId: row.programId, inactiveDays: days },
    at: now,
  });
  return [
    toNotification(
      row,
      updated.mentorPersonId,
      closedNotice(row, row.menteeName, updated.id),
      `nudge:${row.causeKey}:mentor`,
    ),
    toNotification(
      row,
      updated.menteePersonId,
      closedNotice(row, row.mentorName, updated.id),
      `nudge:${row.causeKey}:mentee`,
    ),
  ];
}

/** Send every due row (in `organisationId`, or everywhere) whose kind is not paused; returns how many were sent. */
export async function sendDueMessages(
  ctx: AppContext,
  organisationId: string | null = null,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const claimed = await ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      const rows = await claimDueRows(tx, { organisationId, now, limit: sendBatch });
      const notes: NewNotification[] = [];
      const sentIds: string[] = [];
      const gone: string[] = [];
      for (const row of rows) {
        if (row.kind === 'escalation') {
          notes.push(...(await escalate(ctx, tx, row, now)));
        } else if (row.kind === 'inactive_closure') {
          const closed = await closeInactive(tx, row, now);
          if (!closed) {
            gone.push(row.id);
            continue;
          }
          notes.push(...closed);
        } else if (row.recipientPersonId) {
          notes.push(
            toNotification(row, row.recipientPersonId, personNotice(row, now), `nudge:${row.causeKey}`),
          );
        }
        sentIds.push(row.id);
      }
      await markRowsSent(tx, sentIds, now);
      await cancelRows(tx, gone, 'The relationship is no longer active', now);
      if (notes.length > 0) await notifyPeople(tx, notes);
      sent += sentIds.length;
      return rows.length;
    });
    if (claimed < sendBatch) return sent;
  }
}

/**
 * One tick: plan and reconcile every program with something to plan (in `organisationId`, or everywhere), then send
 * what is due. Safe to run from several processes at once and to repeat: each cause is sent once.
 */
export async function runMessageTick(
  ctx: AppContext,
  options: { organisationId?: string | null } = {},
): Promise<{ programs: number; scheduled: number; cancelled: number; sent: number }> {
  const organisationId = options.organisationId ?? null;
  const now = ctx.now();
  const programs = await listProgramsToPlan(ctx.db, {
    organisationId,
    // The widest closing-survey window any program can have; each program then uses its own.
    endedSince: new Date(now.getTime() - (365 + closingLookbackDays) * DAY_MS),
  });
  const totals = { programs: programs.length, scheduled: 0, cancelled: 0, sent: 0 };
  for (const program of programs) {
    const result = await ctx.db.transaction((tx) => reconcileProgram(tx, program, now));
    totals.scheduled += result.scheduled;
    totals.cancelled += result.cancelled;
  }
  totals.sent = await sendDueMessages(ctx, organisationId);
  return totals;
}

const tickEveryMs = 5 * 60_000;

/** Make sure a `message_tick` job is queued (at start-up and by each run), once however many processes start. */
export async function scheduleMessageTick(
  ctx: AppContext,
  options: { inMs?: number } = {},
): Promise<boolean> {
  const runAt = new Date(ctx.now().getTime() + (options.inMs ?? 0));
  const job = await ctx.db.transaction((tx) =>
    enqueueJobUnlessQueued(tx, { kind: 'message_tick', runAt, maxAttempts: 3 }),
  );
  return job !== null;
}

/** Job `message_tick`, every five minutes: queue the next run first (a failing tick never ends the chain), then tick. */
export async function messageTickJob(ctx: AppContext, _job: RunningJob) {
  const next = await scheduleMessageTick(ctx, { inMs: tickEveryMs });
  const result = await runMessageTick(ctx);
  return { ...result, next: next ? 'queued' : 'already queued' };
}

// ── Staff: settings, scheduled and sent messages of a program ────────────────────────────────────────────────────

function valuesOf(kind: NudgeKind, settings: NudgeSettings) {
  const { enabled: _enabled, ...values } = settings[kind] as { enabled: boolean } & Record<string, unknown>;
  return values as Record<string, number | number[] | null>;
}

function settingsView(
  program: { meetingCadence: string },
  stored: { nudges: unknown; pausedKinds: string[] } | null,
): ProgramMessageSettings {
  const settings = settingsOf({ nudges: stored?.nudges ?? {} });
  const paused = new Set(stored?.pausedKinds ?? []);
  return {
    kinds: nudgeKinds.map((kind) => ({
      kind,
      label: nudgeKindLabels[kind],
      description: nudgeKindDescriptions[kind],
      enabled: settings[kind].enabled,
      paused: paused.has(kind),
      values: valuesOf(kind, settings),
      defaults: { ...(defaultNudgeSettings[kind] as Record<string, number | number[] | null | boolean>) },
    })),
    quietDaysFromCadence: quietDaysForCadence(program.meetingCadence),
  };
}

/** Staff: the program's reminders and nudges, each with its effective values, defaults and pause. */
export async function getProgramMessageSettings(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
): Promise<ProgramMessageSettings> {
  const { program } = await programForStaff(ctx, actor, programId);
  return settingsView(program, await findProgramSettings(ctx.db, program.id));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The stored overrides after a change: the fields given replace the stored ones, and a field equal to its default
 * is dropped — the program keeps only what its staff changed.
 */
function mergeOverrides(stored: NudgeOverrides, given: NudgeOverrides): NudgeOverrides {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const kind of nudgeKinds) {
    const fields = { ...(stored[kind] ?? {}), ...(given[kind] ?? {}) } as Record<string, unknown>;
    const defaults = defaultNudgeSettings[kind] as Record<string, unknown>;
    const kept = Object.fromEntries(
      Object.entries(fields).filter(([field, value]) => field in defaults && !same(value, defaults[field])),
    );
    if (Object.keys(kept).length > 0) merged[kind] = kept;
  }
  return merged as NudgeOverrides;
}

/**
 * Staff: change the program's reminders and nudges — the fields given (others stay), and which kinds are paused.
 * A kind switched off has its scheduled messages cancelled at once; the program is planned again so the list of
 * scheduled messages shows the change. Audited.
 */
export async function updateProgramMessageSettings(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: UpdateProgramMessageSettingsRequest,
): Promise<ProgramMessageSettings> {
  const hours = input.nudges?.meeting_reminder?.hoursBefore;
  if (hours && new Set(hours).size !== hours.length)
    throw invalidField('body.nudges.meeting_reminder.hoursBefore', 'must not repeat a number of hours');
  return ctx.db.transaction(async (tx) => {
    const { actor: me, program } = await programForStaff(ctx, actor, programId, tx);
    const now = ctx.now();
    const stored = await findProgramSettings(tx, program.id);
    const before = settingsOf({ nudges: stored?.nudges ?? {} });
    const nudges = mergeOverrides(
      (stored?.nudges ?? {}) as NudgeOverrides,
      (input.nudges ?? {}) as NudgeOverrides,
    );
    const pausedKinds = input.pausedKinds
      ? nudgeKinds.filter((kind) => input.pausedKinds!.includes(kind))
      : (stored?.pausedKinds ?? []);
    await saveProgramSettings(tx, {
      organisationId: program.organisationId,
      programId: program.id,
      nudges,
      pausedKinds,
      at: now,
    });
    const after = settingsOf({ nudges });
    const switchedOff = nudgeKinds.filter((kind) => before[kind].enabled && !after[kind].enabled);
    await cancelKinds(
      tx,
      program.id,
      switchedOff.flatMap((kind) => plannedKindsOf(kind)),
      'Switched off for this program',
      now,
    );
    await recordAudit(tx, {
      organisationId: me.organisationId,
      actorUserId: me.userId,
      action: 'program.message_settings_updated',
      targetType: 'program',
      targetId: program.id,
      details: { nudges, pausedKinds, switchedOff },
      at: now,
    });
    await replanProgram(tx, program.organisationId, program.id, now);
    return settingsView(program, { nudges, pausedKinds });
  });
}

function kindLabel(kind: string): string {
  if (kind === 'inactive_warning') return 'Warning before closing an inactive relationship';
  if (kind === 'inactive_closure') return 'Closing an inactive relationship';
  return nudgeKindLabels[settingKindOf(kind)] ?? kind;
}

/** Staff: what the program will send in the next 30 days (and anything overdue or held by a pause), soonest first. */
export async function listScheduledMessages(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ScheduledMessagesQuery,
): Promise<Paginated<ScheduledMessage>> {
  const { program } = await programForStaff(ctx, actor, programId);
  const stored = await findProgramSettings(ctx.db, program.id);
  const paused = new Set(stored?.pausedKinds ?? []);
  const { rows, total } = await listWaiting(ctx.db, {
    programId: program.id,
    until: new Date(ctx.now().getTime() + horizonDays * DAY_MS),
    kinds: query.kind ? plannedKindsOf(query.kind) : null,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => {
      const recipientName =
        row.recipientName ?? (row.kind === 'escalation' ? 'Program staff' : (row.pairNames ?? 'The pair'));
      return {
        id: row.id,
        kind: row.kind,
        kindLabel: kindLabel(row.kind),
        recipientName,
        relationshipId: row.relationshipId,
        dueAt: row.dueAt.toISOString(),
        sendAt: row.sendAt.toISOString(),
        reason: row.reason,
        paused: paused.has(settingKindOf(row.kind)),
      };
    }),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Staff: the emails sent (or held, or failed) about the program, newest first — from the outbox. */
export async function listSentMessages(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: SentMessagesQuery,
): Promise<Paginated<SentMessage>> {
  const { program } = await programForStaff(ctx, actor, programId);
  const { rows, total } = await listProgramMail(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      recipientName: row.recipientName,
      toAddress: row.toAddress,
      subject: row.subject,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
      notBefore: row.notBefore,
      status: row.status,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** How far back the staff home looks for escalations still unanswered. */
export const OPEN_ESCALATION_DAYS = 14;

/**
 * Per program, the pairs escalated to staff in the last two weeks that are still quiet (the staff home's
 * "escalations" need, decision 019's extension point).
 */
export async function escalationsByProgram(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
  now: Date,
): Promise<Map<string, { count: number; oldest: Date }>> {
  const since = new Date(now.getTime() - OPEN_ESCALATION_DAYS * DAY_MS);
  const rows = await countOpenEscalations(db, organisationId, programIds, since);
  return new Map(rows.map((row) => [row.programId, { count: row.count, oldest: row.oldest }]));
}
