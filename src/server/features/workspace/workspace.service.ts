import type {
  WorkspaceAgreementStatus,
  WorkspaceOverview,
  WorkspaceTimelineItem,
  WorkspaceTimelinePage,
  WorkspaceTimelineQuery,
} from '../../../contracts/workspace.contracts.ts';
import {
  type GoalStatus,
  goalStatuses,
  type MeetingStatus,
} from '../../../contracts/workspace-shapes.contracts.ts';
import { notFound } from '../../../core/errors.ts';
import { availableEvents, type RelationshipState } from '../../../core/relationships/relationship-state.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './workspace.repository.ts';
import { workspaceForPair } from './workspace-access.ts';
import {
  hasWorkspaceActivity,
  insertWorkspaceActivity,
  type NewWorkspaceActivity,
} from './workspace-activity.repository.ts';

/**
 * The pair's workspace at a glance and its timeline (§6). Everything here is read by one side of the pair only
 * (workspaceForPair): staff get 404 like strangers. Private notes are the author's alone: the partner's never
 * appear, not even in a count (§10).
 */

const NOTE_EXCERPT_CHARS = 280;
const RECENT_NOTES = 3;
const OPEN_ACTION_ITEMS = 5;
const GOALS_SHOWN = 8;

function agreementStatus(latest: repo.WorkspaceOverviewFacts['agreement']): WorkspaceAgreementStatus {
  if (!latest) return 'none';
  if (latest.mentorSignedAt && latest.menteeSignedAt) return 'signed';
  if (latest.mentorSignedAt) return 'awaiting_mentee';
  if (latest.menteeSignedAt) return 'awaiting_mentor';
  return 'draft';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A plain date (YYYY-MM-DD) of an instant in UTC: "overdue" is judged on the server's calendar day. */
function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export async function getWorkspaceOverview(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
): Promise<WorkspaceOverview> {
  const pair = await workspaceForPair(ctx, actor, relationshipId, 'read');
  const r = pair.row.relationship;
  const now = ctx.now();
  const today = utcDay(now);
  const partnerRole = pair.role === 'mentor' ? 'mentee' : 'mentor';
  const partnerEnrolmentId = partnerRole === 'mentor' ? r.mentorEnrolmentId : r.menteeEnrolmentId;

  const facts = await repo.workspaceOverviewFacts(ctx.db, {
    organisationId: pair.organisationId,
    relationshipId: pair.relationshipId,
    readerPersonId: pair.personId,
    partnerPersonId: pair.partnerPersonId,
    partnerEnrolmentId,
    programId: pair.programId,
    now,
    today,
    goals: GOALS_SHOWN,
    actionItems: OPEN_ACTION_ITEMS,
    notes: RECENT_NOTES,
    excerptChars: NOTE_EXCERPT_CHARS,
  });
  const { partner, program, agreement, goalCounts, nextMeeting: next, meetingCounts } = facts;
  const goalRows = facts.goals;
  const actions = { items: facts.openActionItems, ...facts.actionCounts };
  const noteCounts = facts.noteCounts;
  const recent = facts.recentNotes;
  if (!partner || !program) throw notFound('Relationship');
  const profile = (facts.profile ?? {}) as Record<string, unknown>;

  const byStatus = Object.fromEntries(goalStatuses.map((status) => [status, 0])) as Record<
    GoalStatus,
    number
  >;
  let goalTotal = 0;
  for (const row of goalCounts) {
    if ((goalStatuses as readonly string[]).includes(row.status))
      byStatus[row.status as GoalStatus] = Number(row.n);
    goalTotal += Number(row.n);
  }

  const mySignature = pair.role === 'mentor' ? agreement?.mentorSignedAt : agreement?.menteeSignedAt;
  const myName = pair.role === 'mentor' ? pair.row.mentorName : pair.row.menteeName;

  return {
    relationshipId: r.id,
    status: r.status as WorkspaceOverview['status'],
    myRole: pair.role,
    readOnly: pair.readOnly,
    startedAt: r.startedAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    endReason: pair.readOnly ? r.reason : null,
    availableActions: availableEvents(r.status as RelationshipState, pair.role),
    program: {
      id: program.id,
      name: program.name,
      meetingCadence: program.meetingCadence,
      relationshipMonths: program.relationshipMonths,
      endsOn: program.endsOn,
    },
    me: { personId: pair.personId, name: myName },
    partner: {
      personId: partner.id,
      name: partner.name,
      email: partner.email,
      title: partner.title,
      department: partner.department,
      jobFunction: partner.jobFunction,
      timeZone: partner.timeZone,
      languages: partner.languages,
      role: partnerRole,
      goals: text(profile.goals),
      skillsOffered: partnerRole === 'mentor' ? stringList(profile.skillsOffered) : [],
      skillsWanted: partnerRole === 'mentee' ? stringList(profile.skillsWanted) : [],
      skillsNote: text(profile.skillsNote),
      targetFunction: typeof profile.targetFunction === 'string' ? profile.targetFunction : null,
    },
    agreement: {
      status: agreementStatus(agreement),
      version: agreement?.version ?? 0,
      mentorSignedAt: agreement?.mentorSignedAt?.toISOString() ?? null,
      menteeSignedAt: agreement?.menteeSignedAt?.toISOString() ?? null,
      awaitingMySignature: agreement !== null && !mySignature,
      updatedAt: agreement?.createdAt.toISOString() ?? null,
    },
    goals: {
      total: goalTotal,
      byStatus,
      items: goalRows.map((goal) => {
        const milestones =
          goal.progressMode === 'milestones'
            ? { reached: goal.milestonesReached, total: goal.milestonesTotal }
            : null;
        const progress =
          goal.status === 'done'
            ? 100
            : milestones
              ? milestones.total === 0
                ? 0
                : Math.round((100 * milestones.reached) / milestones.total)
              : Math.max(0, Math.min(100, goal.progressPercent));
        return {
          id: goal.id,
          title: goal.title,
          status: ((goalStatuses as readonly string[]).includes(goal.status)
            ? goal.status
            : 'not_started') as GoalStatus,
          dueOn: goal.dueOn,
          progress,
          milestones,
        };
      }),
    },
    meetings: {
      next: next
        ? {
            id: next.id,
            title: next.title,
            startsAt: next.startsAt.toISOString(),
            durationMinutes: next.durationMinutes,
            timeZone: next.timeZone,
            location: next.location,
            videoUrl: next.videoUrl,
            status: next.status as MeetingStatus,
          }
        : null,
      upcomingCount: meetingCounts.upcoming,
      heldCount: meetingCounts.held,
      lastHeldAt: meetingCounts.lastHeldAt?.toISOString() ?? null,
    },
    actionItems: {
      openCount: actions.open,
      overdueCount: actions.overdue,
      items: actions.items.map((item) => ({
        id: item.id,
        title: item.title,
        dueOn: item.dueOn,
        owner:
          item.ownerPersonId && item.ownerName
            ? { personId: item.ownerPersonId, name: item.ownerName }
            : null,
        meetingId: item.meetingId,
        overdue: item.dueOn !== null && item.dueOn < today,
      })),
    },
    notes: {
      sharedCount: noteCounts.shared,
      myPrivateCount: noteCounts.myPrivate,
      recent: recent.map((note) => ({
        id: note.id,
        visibility: note.visibility === 'private' ? 'private' : 'shared',
        author: { personId: note.authorPersonId, name: note.authorName },
        mine: note.authorPersonId === pair.personId,
        excerpt: note.excerpt,
        truncated: note.length > NOTE_EXCERPT_CHARS,
        meetingId: note.meetingId,
        createdAt: note.createdAt.toISOString(),
        updatedAt: note.updatedAt.toISOString(),
      })),
    },
  };
}

const STATUS_WORDS: Record<string, string> = {
  proposed: 'proposed',
  active: 'active',
  completed: 'completed',
  ended_early: 'ended early',
  declined: 'declined',
  expired: 'expired',
  withdrawn: 'withdrawn',
};

/** One line for a change of the relationship's status, in the pair's words. */
function relationshipSummary(row: repo.TimelineRow): string {
  const details = (row.details ?? {}) as Record<string, unknown>;
  switch (row.kind) {
    case 'created':
      if (row.toStatus === 'active') return 'The mentoring relationship started';
      return details.actor === 'mentee' ? 'Mentoring requested' : 'Proposed as a pair by the program';
    case 'reassigned':
      return 'The mentoring relationship started (a new mentor was assigned)';
    case 'accept':
      return 'The mentor accepted: the mentoring relationship started';
    case 'decline':
      return 'The request was declined';
    case 'expire':
      return 'The request expired without an answer';
    case 'withdraw':
      return 'The request was withdrawn';
    case 'info_requested':
      return 'The mentor asked for more information';
    case 'complete':
      return 'The relationship was marked completed';
    case 'end_early':
      return details.reassigned
        ? 'The relationship ended early (the mentee was reassigned)'
        : 'The relationship ended early';
    default:
      return row.toStatus && row.toStatus !== row.fromStatus
        ? `The relationship is now ${STATUS_WORDS[row.toStatus] ?? row.toStatus}`
        : 'The relationship was updated';
  }
}

function timelineItem(row: repo.TimelineRow): WorkspaceTimelineItem {
  const details = (row.details ?? {}) as Record<string, unknown>;
  const system = row.source === 'relationship' && (details.actor === 'system' || !row.actorName);
  return {
    id: `${row.source}:${row.seq}`,
    source: row.source,
    kind: row.kind,
    summary: row.source === 'relationship' ? relationshipSummary(row) : row.summary,
    reason: row.source === 'relationship' ? row.reason : null,
    actor: system || !row.actorName ? null : { personId: row.actorPersonId, name: row.actorName },
    subjectId: row.subjectId,
    at: row.at.toISOString(),
  };
}

/** The pair's timeline, newest first: workspace changes and the relationship's status history together. */
export async function getWorkspaceTimeline(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  query: WorkspaceTimelineQuery,
): Promise<WorkspaceTimelinePage> {
  const pair = await workspaceForPair(ctx, actor, relationshipId, 'read');
  const { rows, total } = await repo.timeline(
    ctx.db,
    pair.organisationId,
    pair.relationshipId,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return { items: rows.map(timelineItem), total, page: query.page, pageSize: query.pageSize };
}

export type { NewWorkspaceActivity };

/** Add lines to the pair's workspace timeline, in the caller's transaction: the entry point of every workspace feature. */
export async function recordWorkspaceActivity(db: Db, items: NewWorkspaceActivity[]): Promise<void> {
  await insertWorkspaceActivity(db, items);
}

/**
 * Add a line about a subject only if the timeline has none of that kind about it yet (a milestone ticked, unticked
 * and ticked again is reached once); true when it was added. The caller holds a lock on the subject.
 */
export async function recordWorkspaceActivityOnce(
  db: Db,
  item: NewWorkspaceActivity & { subjectId: string },
): Promise<boolean> {
  if (await hasWorkspaceActivity(db, item.relationshipId, item.kind, item.subjectId)) return false;
  await insertWorkspaceActivity(db, [item]);
  return true;
}
