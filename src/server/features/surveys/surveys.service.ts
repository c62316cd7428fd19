import type { Paginated } from '../../../contracts/common.ts';
import type {
  AttentionItem,
  AttentionQuery,
  CheckInInput,
  ClosingInput,
  MySurveys,
  ProgramFeedback,
  ProgramFeedbackQuery,
  RematchRequestInput,
  ResolveAttentionInput,
  SharedComment,
  SurveyAnswer,
} from '../../../contracts/surveys.contracts.ts';
import { meetingHelpedOptions } from '../../../contracts/workspace-shapes.contracts.ts';
import { AppError, notFound } from '../../../core/errors.ts';
import {
  checkInAvailableFrom,
  checkInDaysOf,
  meanOf,
  needsAttention,
  netPromoterScore,
  responseRate,
} from '../../../core/workspace/survey-rules.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJobUnlessQueued, type RunningJob } from '../../jobs/job-queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { programForMember, programForStaff } from '../programs/program-access.ts';
import { type PairWorkspace, workspaceForPair } from '../workspace/workspace-access.ts';
import * as repo from './surveys.repository.ts';

/**
 * Surveys of a pair (§5, §6): the check-in "is this a good fit?" (by default 30 days after the start), the closing
 * survey with NPS once the relationship is over, and a request to be rematched while it is active. Each side answers
 * each kind once. The partner learns only whether the other answered, never what; program staff read aggregates,
 * the comments shared with them (by role, never by name), and the answers that need attention — a fit of 1–2, a
 * rematch wish — which also notify the program's coordinators and the organisation's admins.
 */

const ENDED = new Set(['completed', 'ended_early']);

/** The self-ratings stored in an answer's `answers.skills` (only whole numbers 1–5). */
function skillsOfAnswers(answers: unknown): Record<string, number> {
  const skills = (answers as { skills?: unknown } | null)?.skills;
  if (!skills || typeof skills !== 'object' || Array.isArray(skills)) return {};
  return Object.fromEntries(
    Object.entries(skills).filter(
      ([, v]) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5,
    ),
  ) as Record<string, number>;
}

/** Self-ratings may name only the skills the program asks about (400 naming the field otherwise). */
function checkSkills(
  asked: readonly string[],
  skills: Record<string, number> | undefined,
): Record<string, number> {
  if (!skills) return {};
  const known = new Set(asked);
  const issues = Object.keys(skills)
    .filter((skill) => !known.has(skill))
    .map((skill) => ({
      path: `body.skills.${skill}`,
      message: asked.length
        ? `is not one of the program’s skills (${asked.join(', ')})`
        : 'this program does not ask for skill ratings',
    }));
  if (issues.length > 0) {
    throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }
  return skills;
}

function toAnswer(row: repo.SurveyResponseRow): SurveyAnswer {
  return {
    id: row.id,
    kind: row.kind as SurveyAnswer['kind'],
    rating: row.rating,
    nps: row.nps,
    comment: row.comment,
    shareComment: row.shareComment,
    rematchRequested: row.rematchRequested,
    skills: skillsOfAnswers(row.answers),
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

async function surveysOf(ctx: AppContext, workspace: PairWorkspace, db: Db): Promise<MySurveys> {
  const { program } = await programForMember(ctx, workspace.actor, workspace.programId, db);
  const days = checkInDaysOf(program.surveySchedule);
  const responses = await repo.listResponsesOfRelationship(db, workspace.relationshipId);
  const mine = (kind: string) =>
    responses.find((row) => row.kind === kind && row.personId === workspace.personId) ?? null;
  const partnerAnswered = (kind: string) =>
    responses.some((row) => row.kind === kind && row.personId === workspace.partnerPersonId);
  const relationship = workspace.row.relationship;
  const availableFrom = relationship.startedAt ? checkInAvailableFrom(relationship.startedAt, days) : null;
  const now = ctx.now();
  const checkIn = mine('check_in');
  const closing = mine('closing');
  const rematch = mine('rematch_request');
  return {
    relationshipStatus: relationship.status as MySurveys['relationshipStatus'],
    skills: program.selfRatedSkills,
    checkIn: {
      checkInDays: days,
      availableFrom: availableFrom?.toISOString() ?? null,
      open: !workspace.readOnly && availableFrom !== null && now >= availableFrom && !checkIn,
      myAnswer: checkIn ? toAnswer(checkIn) : null,
      partnerAnswered: partnerAnswered('check_in'),
    },
    closing: {
      open: ENDED.has(relationship.status) && !closing,
      myAnswer: closing ? toAnswer(closing) : null,
      partnerAnswered: partnerAnswered('closing'),
    },
    rematchRequest: rematch ? toAnswer(rematch) : null,
    canRequestRematch: !workspace.readOnly && !rematch,
  };
}

/** The caller's surveys in their relationship: what is open, what they answered, whether the partner answered. */
export async function getMySurveys(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
): Promise<MySurveys> {
  const workspace = await workspaceForPair(ctx, actor, relationshipId, 'read');
  return surveysOf(ctx, workspace, ctx.db);
}

function myName(workspace: PairWorkspace): string {
  return workspace.role === 'mentor' ? workspace.row.mentorName : workspace.row.menteeName;
}

/** Tell the program's staff (not the person who answered) that an answer needs them. */
async function notifyStaff(db: Db, workspace: PairWorkspace, response: repo.SurveyResponseRow) {
  const recipients = (await repo.staffPersonIds(db, workspace.organisationId, workspace.programId)).filter(
    (personId) => personId !== workspace.personId,
  );
  const who = `${myName(workspace)} (${workspace.role})`;
  const title =
    response.kind === 'rematch_request'
      ? `${who} asked for a rematch`
      : response.rematchRequested
        ? `${who} asked for a rematch in the check-in`
        : `${who} rated the fit ${response.rating}/5 in the check-in`;
  await notifyPeople(
    db,
    recipients.map((personId) => ({
      organisationId: workspace.organisationId,
      personId,
      kind: 'survey_attention',
      title,
      body: `${workspace.row.programName}: ${workspace.row.mentorName} and ${workspace.row.menteeName}. Open the program’s feedback to act on it.`,
      link: `/programs/${workspace.programId}/feedback`,
      relationshipId: workspace.relationshipId,
      dedupeKey: `survey-attention:${response.id}:${personId}`,
    })),
  );
}

async function answer(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  kind: 'check_in' | 'closing' | 'rematch_request',
  values: Pick<repo.NewSurveyResponse, 'rating' | 'nps' | 'comment' | 'shareComment' | 'rematchRequested'>,
  skills?: Record<string, number>,
): Promise<MySurveys> {
  return ctx.db.transaction(async (tx) => {
    // The closing survey is answered after the end, so it only needs read access; the others need an open workspace.
    const workspace = await workspaceForPair(
      ctx,
      actor,
      relationshipId,
      kind === 'closing' ? 'read' : 'write',
      tx,
    );
    const current = await surveysOf(ctx, workspace, tx);
    const ratings = checkSkills(current.skills, skills);
    if (kind === 'check_in' && !current.checkIn.myAnswer && !current.checkIn.open) {
      throw new AppError(
        'conflict',
        `The check-in opens ${current.checkIn.checkInDays} days after the start`,
        {
          availableFrom: current.checkIn.availableFrom,
        },
      );
    }
    if (kind === 'closing' && !ENDED.has(workspace.row.relationship.status)) {
      throw new AppError('conflict', 'The closing survey opens when the relationship is completed or ended');
    }
    const inserted = await repo.insertResponse(tx, {
      organisationId: workspace.organisationId,
      relationshipId: workspace.relationshipId,
      programId: workspace.programId,
      personId: workspace.personId,
      role: workspace.role,
      kind,
      ...values,
      ...(Object.keys(ratings).length > 0 ? { answers: { skills: ratings } } : {}),
      createdAt: ctx.now(),
    });
    if (!inserted) {
      throw new AppError(
        'conflict',
        kind === 'rematch_request'
          ? 'You have already asked for a rematch'
          : 'You have already answered this survey',
      );
    }
    if (needsAttention(inserted)) await notifyStaff(tx, workspace, inserted);
    return surveysOf(ctx, workspace, tx);
  });
}

export function submitCheckIn(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  input: CheckInInput,
) {
  return answer(
    ctx,
    actor,
    relationshipId,
    'check_in',
    {
      rating: input.rating,
      nps: null,
      comment: input.comment,
      shareComment: input.shareComment,
      rematchRequested: input.rematchRequested,
    },
    input.skills,
  );
}

export function submitClosing(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  input: ClosingInput,
) {
  return answer(
    ctx,
    actor,
    relationshipId,
    'closing',
    {
      rating: input.rating,
      nps: input.nps,
      comment: input.comment,
      shareComment: input.shareComment,
      rematchRequested: false,
    },
    input.skills,
  );
}

/** A rematch request is addressed to program staff, so its reason is always shared with them (never the partner). */
export function requestRematch(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  input: RematchRequestInput,
) {
  return answer(ctx, actor, relationshipId, 'rematch_request', {
    rating: null,
    nps: null,
    comment: input.reason,
    shareComment: true,
    rematchRequested: true,
  });
}

// ── Program staff ────────────────────────────────────────────────────────────────────────────────────────────────

function distributionOf(stats: { r1: number; r2: number; r3: number; r4: number; r5: number }) {
  return [stats.r1, stats.r2, stats.r3, stats.r4, stats.r5].map((n, index) => ({
    rating: index + 1,
    count: n,
  }));
}

/** Staff: the program's satisfaction numbers and the comments shared with them. */
export async function programFeedback(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ProgramFeedbackQuery,
): Promise<ProgramFeedback> {
  const { program } = await programForStaff(ctx, actor, programId);
  const days = checkInDaysOf(program.surveySchedule);
  const [meetings, checkIn, closing, coverage, comments, openAttention] = await Promise.all([
    repo.meetingFeedbackStats(ctx.db, program.id),
    repo.surveyStats(ctx.db, program.id, 'check_in'),
    repo.surveyStats(ctx.db, program.id, 'closing'),
    repo.checkInCoverage(ctx.db, program.id, ctx.now(), days),
    repo.listSharedComments(ctx.db, program.id, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countOpenAttention(ctx.db, program.id),
  ]);
  const expected = coverage.relationships * 2;
  const nps = { promoters: closing.promoters, passives: closing.passives, detractors: closing.detractors };
  return {
    meetings: {
      count: meetings.count,
      mean: meanOf(meetings.sum, meetings.count),
      distribution: distributionOf(meetings),
      helped: meetingHelpedOptions.map((option) => ({ option, count: meetings[option] })),
    },
    checkIn: {
      checkInDays: days,
      answers: checkIn.count,
      meanFit: meanOf(checkIn.sum, checkIn.count),
      distribution: distributionOf(checkIn),
      lowFit: checkIn.r1 + checkIn.r2,
      rematchRequested: checkIn.rematchRequested,
      expected,
      responseRate: responseRate(coverage.answers, expected),
    },
    closing: {
      answers: closing.count,
      meanRating: meanOf(closing.sum, closing.count),
      distribution: distributionOf(closing),
      nps: { score: netPromoterScore(nps), ...nps },
    },
    openAttention,
    comments: {
      items: comments.rows.map(
        (row): SharedComment => ({
          id: row.id,
          source: row.source as SharedComment['source'],
          role: row.role as SharedComment['role'],
          rating: row.rating,
          comment: row.comment,
          createdAt: new Date(row.createdAt).toISOString(),
        }),
      ),
      total: comments.total,
      page: query.page,
      pageSize: query.pageSize,
    },
  };
}

function toAttentionItem(row: repo.AttentionRow): AttentionItem {
  const r = row.response;
  return {
    id: r.id,
    relationshipId: r.relationshipId,
    relationshipStatus: row.relationship.status as AttentionItem['relationshipStatus'],
    program: { id: r.programId, name: row.programName },
    mentor: {
      personId: row.relationship.mentorPersonId,
      enrolmentId: row.relationship.mentorEnrolmentId,
      name: row.mentorName,
    },
    mentee: {
      personId: row.relationship.menteePersonId,
      enrolmentId: row.relationship.menteeEnrolmentId,
      name: row.menteeName,
    },
    raisedBy: r.role as AttentionItem['raisedBy'],
    kind: r.kind as AttentionItem['kind'],
    rating: r.rating,
    rematchRequested: r.rematchRequested,
    comment: r.shareComment && r.comment ? r.comment : null,
    createdAt: r.createdAt.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    resolvedBy: r.resolvedAt ? (row.resolverName ?? null) : null,
  };
}

/** Staff: check-ins with a poor fit or a rematch wish, and rematch requests, newest first. */
export async function programAttention(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: AttentionQuery,
): Promise<Paginated<AttentionItem>> {
  const { program } = await programForStaff(ctx, actor, programId);
  const { rows, total } = await repo.listAttention(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    status: query.status,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toAttentionItem), total, page: query.page, pageSize: query.pageSize };
}

/** Staff: mark a flagged answer as dealt with (audited). Anyone else gets 404, as for an id that does not exist. */
export async function resolveAttention(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: ResolveAttentionInput,
): Promise<AttentionItem> {
  const me = requireActor(actor);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findAttention(tx, me.organisationId, id);
    if (!row) throw notFound('Survey response');
    try {
      await programForStaff(ctx, me, row.response.programId, tx);
    } catch (error) {
      if (error instanceof AppError && error.code === 'forbidden') throw notFound('Survey response');
      throw error;
    }
    const now = ctx.now();
    const resolved = await repo.markResolved(tx, row.response.id, me.userId, now);
    if (!resolved) throw new AppError('conflict', 'This has already been resolved');
    await recordAudit(tx, {
      organisationId: me.organisationId,
      actorUserId: me.userId,
      action: 'survey_response.resolved',
      targetType: 'survey_response',
      targetId: row.response.id,
      details: {
        relationshipId: row.response.relationshipId,
        kind: row.response.kind,
        ...(input.note ? { note: input.note } : {}),
      },
      at: now,
    });
    const updated = await repo.findAttention(tx, me.organisationId, id);
    if (!updated) throw notFound('Survey response');
    await tellRematchHandled(tx, updated);
    return toAttentionItem(updated);
  });
}

/**
 * The person who asked for a rematch learns that staff dealt with it. When staff ended the relationship (an end or
 * a rematch), the notices of that change already told them what happened and what comes next; so only a wish
 * resolved with the relationship kept as it is gets its own notice. The staff's note stays in the audit log.
 */
async function tellRematchHandled(db: Db, row: repo.AttentionRow) {
  const response = row.response;
  if (response.kind !== 'rematch_request' && !response.rematchRequested) return;
  if (row.relationship.status !== 'active') return;
  const partnerName = response.personId === row.relationship.mentorPersonId ? row.menteeName : row.mentorName;
  await notifyPeople(db, [
    {
      organisationId: response.organisationId,
      personId: response.personId,
      kind: 'rematch_handled',
      title: `Program staff have looked at your request for a rematch in ${row.programName}`,
      body: `They have dealt with it and your relationship with ${partnerName} continues for now. If you still want a change, talk to the program’s coordinators.`,
      link: workspaceLink(response.relationshipId),
      relationshipId: response.relationshipId,
      dedupeKey: `rematch-handled:${response.id}`,
      email: { programId: response.programId },
    },
  ]);
}

/**
 * Tell each side of the pairs whose check-in opened in (since, until] — the program's check-in day after the
 * start — that it is open, unless they answered already. Each person is told once per relationship (dedupe key),
 * so a retried or overlapping window sends nothing twice. Returns how many notices were created.
 */
export async function announceOpenedCheckIns(ctx: AppContext, since: Date, until: Date): Promise<number> {
  let created = 0;
  for (const program of await repo.listProgramsWithActivePairs(ctx.db)) {
    const days = checkInDaysOf(program.surveySchedule);
    // Opened in (since, until] ⇔ started in (since − days, until − days].
    const shift = checkInAvailableFrom(new Date(0), days).getTime();
    const rows = await repo.listActivePairsStartedBetween(
      ctx.db,
      program.id,
      new Date(since.getTime() - shift),
      new Date(until.getTime() - shift),
    );
    const notes = rows.flatMap((row) =>
      (
        [
          [row.mentorPersonId, row.mentorAnswered, row.menteeName],
          [row.menteePersonId, row.menteeAnswered, row.mentorName],
        ] as const
      )
        .filter(([, answered]) => !answered)
        .map(([personId, , partnerName]) => ({
          organisationId: row.organisationId,
          personId,
          kind: 'check_in_due',
          title: `How is it going with ${partnerName}? Your check-in is open`,
          body: `One question, a minute of your time: is this a good fit? Your answer goes to the staff of ${program.name}, never to ${partnerName}.`,
          link: workspaceLink(row.relationshipId),
          relationshipId: row.relationshipId,
          dedupeKey: `check-in-open:${row.relationshipId}:${personId}`,
          email: { programId: program.id, actionLabel: 'Answer the check-in' },
        })),
    );
    for (let start = 0; start < notes.length; start += 1000) {
      const batch = notes.slice(start, start + 1000);
      created += await ctx.db.transaction((tx) => notifyPeople(tx, batch));
    }
  }
  return created;
}

const checkInNoticeEveryMs = 3_600_000;

/**
 * Make sure the hourly `announce_check_ins` job is queued (at start-up, and by each run for the next hour), once
 * however many processes. A new queue looks back a day, so a first start still announces recent openings.
 */
export async function scheduleCheckInNotices(
  ctx: AppContext,
  options: { inMs?: number; since?: Date } = {},
): Promise<boolean> {
  const now = ctx.now();
  const runAt = new Date(now.getTime() + (options.inMs ?? 0));
  const since = options.since ?? new Date(now.getTime() - 24 * 3_600_000);
  const job = await ctx.db.transaction((tx) =>
    enqueueJobUnlessQueued(tx, {
      kind: 'announce_check_ins',
      runAt,
      payload: { since: since.toISOString() },
      maxAttempts: 5,
    }),
  );
  return job !== null;
}

/** Job `announce_check_ins`, hourly: announce the check-ins that opened since the last run, then queue the next. */
export async function announceCheckInsJob(ctx: AppContext, job: RunningJob) {
  const until = ctx.now();
  const given = (job.payload as { since?: unknown } | null)?.since;
  const since =
    typeof given === 'string' && !Number.isNaN(Date.parse(given))
      ? new Date(given)
      : new Date(until.getTime() - 24 * 3_600_000);
  const announced = await announceOpenedCheckIns(ctx, since, until);
  const next = await scheduleCheckInNotices(ctx, { inMs: checkInNoticeEveryMs, since: until });
  return { announced, next: next ? 'queued' : 'already queued' };
}

/** Erasure (§10), in the caller's transaction: the words of the person's survey answers go, the scores stay. */
export async function eraseSurveyWordsOf(db: Db, organisationId: string, personId: string): Promise<number> {
  return repo.clearAnswerWordsOf(db, organisationId, personId);
}

// ── Reads for the caller's home (the caller passes the signed-in person's own ids) ───────────────────────────────

/** A check-in or closing survey open for the person. */
export interface SurveyDue {
  kind: 'check_in' | 'closing';
  relationshipId: string;
  program: { id: string; name: string };
  relationshipStatus: 'active' | 'completed' | 'ended_early';
  partnerName: string;
  /** When it opened: the check-in's opening day, or the end of the relationship. */
  openedAt: Date;
  link: string;
}

function workspaceLink(relationshipId: string): string {
  return `/mentoring/relationships/${relationshipId}`;
}

/** Check-ins open for the person: their active relationships past the program's check-in day, not answered yet. */
export async function checkInsDueFor(
  db: Db,
  input: { organisationId: string; personId: string; now: Date },
): Promise<SurveyDue[]> {
  const rows = await repo.listUnansweredCheckIns(db, input.organisationId, input.personId);
  return rows.flatMap((row): SurveyDue[] => {
    const opensAt = checkInAvailableFrom(row.startedAt!, checkInDaysOf(row.surveySchedule));
    if (opensAt > input.now) return [];
    return [
      {
        kind: 'check_in',
        relationshipId: row.relationshipId,
        program: { id: row.programId, name: row.programName },
        relationshipStatus: 'active',
        partnerName: row.mentorPersonId === input.personId ? row.menteeName : row.mentorName,
        openedAt: opensAt,
        link: workspaceLink(row.relationshipId),
      },
    ];
  });
}

/** Closing surveys open for the person: their relationships that ended since `since`, not answered yet. */
export async function closingSurveysDueFor(
  db: Db,
  input: { organisationId: string; personId: string; since: Date },
): Promise<SurveyDue[]> {
  const rows = await repo.listUnansweredClosings(db, input.organisationId, input.personId, input.since);
  return rows.map((row) => ({
    kind: 'closing',
    relationshipId: row.relationshipId,
    program: { id: row.programId, name: row.programName },
    relationshipStatus: row.status as 'completed' | 'ended_early',
    partnerName: row.mentorPersonId === input.personId ? row.menteeName : row.mentorName,
    openedAt: row.endedAt!,
    link: workspaceLink(row.relationshipId),
  }));
}

/** Per program: how many rematch wishes (requests, and check-ins asking for one) staff have not dealt with yet. */
export async function openRematchWishesByProgram(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
): Promise<Map<string, { count: number; oldest: Date }>> {
  const rows = await repo.countOpenRematchWishes(db, organisationId, programIds);
  return new Map(rows.map((row) => [row.programId, { count: Number(row.count), oldest: row.oldest }]));
}
