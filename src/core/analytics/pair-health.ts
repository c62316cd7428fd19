/**
 * The health of an active mentoring relationship (§8 "pairs at risk", §7 nudges): a pure function of the pair's facts
 * and the time, answering one of four states with every reason that fired. The program dashboard lists pairs by
 * state; the nudges of §7 act on the same reasons, so the thresholds are one exported object and decision 018
 * writes the rules out.
 */
import { DAY_MS } from './calendar.ts';

export type PairHealthState = 'on_track' | 'needs_check_in' | 'at_risk' | 'inactive';
export type MeetingCadence = 'weekly' | 'fortnightly' | 'monthly';

export type PairHealthReasonCode =
  | 'inactive'
  | 'quiet'
  | 'poor_fit'
  | 'low_rating'
  | 'no_first_meeting'
  | 'check_in_overdue'
  | 'agreement_unsigned'
  | 'overdue_action_items'
  | 'meetings_missed';

export interface PairHealthReason {
  code: PairHealthReasonCode;
  /** The state this reason alone would give. */
  state: Exclude<PairHealthState, 'on_track'>;
  /** For program staff, e.g. "No meeting for 30 days; a fortnightly pair is quiet after 21." */
  message: string;
}

/** What the rules look at, for one active relationship. */
export interface PairFacts {
  /** A flash relationship is a single session: never "quiet", no agreement or check-in expected. */
  flash: boolean;
  cadence: MeetingCadence;
  startedAt: Date;
  /** The last meeting marked held, or null. */
  lastMeetingHeldAt: Date | null;
  /** The next scheduled meeting (only one in the future counts), or null. */
  nextMeetingAt: Date | null;
  meetingsHeld: number;
  /** Meetings that were due by now: held, cancelled or no-show. */
  meetingsPlanned: number;
  /** The latest sign of life in the workspace (a note, a goal update, an action item ticked…), or null. */
  lastActivityAt: Date | null;
  agreementSigned: boolean;
  /** The lowest rating (1–5) either side gave the latest rated meeting, or null. */
  lastRating: number | null;
  /** When the check-in survey opened for this pair (start + check-in days), or null when there is none. */
  checkInOpensAt: Date | null;
  /** Both sides answered the check-in. */
  checkInAnswered: boolean;
  /** The lowest "is this a good fit?" answer (1–5) given, or null. */
  checkInFit: number | null;
  /** Either side asked to be rematched. */
  rematchRequested: boolean;
  openActionItems: number;
  overdueActionItems: number;
}

/** The thresholds of the rules, in days unless said otherwise. */
export interface PairHealthThresholds {
  /** No held meeting for longer than this (by the program's cadence) and none scheduled: at risk. */
  quietDays: Record<MeetingCadence, number>;
  /** Nothing at all — no meeting, no activity — for this long and nothing scheduled: inactive. */
  inactiveDays: number;
  /** No meeting held or scheduled this long after the start: needs a check-in. */
  firstMeetingDays: number;
  /** Agreement not signed this long after the start: needs a check-in. */
  agreementDays: number;
  /** Check-in still unanswered this long after it opened: needs a check-in. */
  checkInGraceDays: number;
  /** A meeting rating at or below this: at risk. */
  lowRating: number;
  /** A check-in fit at or below this: at risk. */
  poorFit: number;
  /** This many overdue action items or more: needs a check-in. */
  overdueActionItems: number;
  /** Fewer than this share of the planned meetings held… */
  heldShare: number;
  /** …once at least this many were planned: needs a check-in. */
  minPlannedMeetings: number;
}

/** The default thresholds (decision 018). */
export const pairHealthThresholds: PairHealthThresholds = {
  quietDays: { weekly: 14, fortnightly: 21, monthly: 45 },
  inactiveDays: 60,
  firstMeetingDays: 7,
  agreementDays: 14,
  checkInGraceDays: 7,
  lowRating: 2,
  poorFit: 2,
  overdueActionItems: 3,
  heldShare: 0.5,
  minPlannedMeetings: 3,
};

const severity: Record<PairHealthState, number> = { on_track: 0, needs_check_in: 1, at_risk: 2, inactive: 3 };

function latest(...dates: (Date | null)[]): Date {
  let best = dates[0]!;
  for (const d of dates) if (d && d.getTime() > best.getTime()) best = d;
  return best;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The pair's health at `now`: the most severe state among the rules that fired (inactive > at risk > needs check-in
 * > on track), with every reason that fired, most severe first.
 */
export function pairHealth(
  facts: PairFacts,
  now: Date,
  thresholds: PairHealthThresholds = pairHealthThresholds,
): { state: PairHealthState; reasons: PairHealthReason[] } {
  const reasons: PairHealthReason[] = [];
  const daysSince = (d: Date) => Math.floor((now.getTime() - d.getTime()) / DAY_MS);
  const scheduled = facts.nextMeetingAt !== null && facts.nextMeetingAt.getTime() > now.getTime();
  const sinceStart = daysSince(facts.startedAt);

  // Inactive: nothing at all for a long time and nothing planned. A flash pair whose session took place is done, not
  // inactive.
  const lastSign = latest(facts.startedAt, facts.lastMeetingHeldAt, facts.lastActivityAt);
  const silentDays = daysSince(lastSign);
  if (!scheduled && silentDays >= thresholds.inactiveDays && !(facts.flash && facts.meetingsHeld > 0)) {
    reasons.push({
      code: 'inactive',
      state: 'inactive',
      message: `Nothing has happened in this relationship for ${plural(silentDays, 'day')}, and no meeting is scheduled.`,
    });
  }

  // Quiet: no held meeting for longer than the cadence allows, none scheduled. Never for a single-session pair.
  const quietAfter = thresholds.quietDays[facts.cadence];
  const sinceMeeting = daysSince(facts.lastMeetingHeldAt ?? facts.startedAt);
  if (!facts.flash && !scheduled && sinceMeeting > quietAfter) {
    const what = facts.lastMeetingHeldAt ? 'No meeting for' : 'No meeting since the start,';
    reasons.push({
      code: 'quiet',
      state: 'at_risk',
      message: `${what} ${plural(sinceMeeting, 'day')}; a ${facts.cadence} pair is quiet after ${quietAfter}.`,
    });
  }

  if (facts.rematchRequested || (facts.checkInFit !== null && facts.checkInFit <= thresholds.poorFit)) {
    reasons.push({
      code: 'poor_fit',
      state: 'at_risk',
      message: facts.rematchRequested
        ? 'Someone in this pair asked to be rematched.'
        : `The check-in answer to "is this a good fit?" was ${facts.checkInFit} out of 5.`,
    });
  }

  if (facts.lastRating !== null && facts.lastRating <= thresholds.lowRating) {
    reasons.push({
      code: 'low_rating',
      state: 'at_risk',
      message: `The last meeting was rated ${facts.lastRating} out of 5.`,
    });
  }

  if (facts.meetingsHeld === 0 && !scheduled && sinceStart >= thresholds.firstMeetingDays) {
    reasons.push({
      code: 'no_first_meeting',
      state: 'needs_check_in',
      message: `No first meeting held or scheduled ${plural(sinceStart, 'day')} after the start.`,
    });
  }

  if (!facts.flash && facts.checkInOpensAt !== null && !facts.checkInAnswered) {
    const overdue = daysSince(facts.checkInOpensAt);
    if (overdue >= thresholds.checkInGraceDays) {
      reasons.push({
        code: 'check_in_overdue',
        state: 'needs_check_in',
        message: `The check-in survey opened ${plural(overdue, 'day')} ago and is not answered yet.`,
      });
    }
  }

  if (!facts.flash && !facts.agreementSigned && sinceStart >= thresholds.agreementDays) {
    reasons.push({
      code: 'agreement_unsigned',
      state: 'needs_check_in',
      message: `The agreement is not signed ${plural(sinceStart, 'day')} after the start.`,
    });
  }

  if (facts.overdueActionItems >= thresholds.overdueActionItems) {
    reasons.push({
      code: 'overdue_action_items',
      state: 'needs_check_in',
      message: `${plural(facts.overdueActionItems, 'action item')} overdue.`,
    });
  }

  if (
    facts.meetingsPlanned >= thresholds.minPlannedMeetings &&
    facts.meetingsHeld < thresholds.heldShare * facts.meetingsPlanned
  ) {
    reasons.push({
      code: 'meetings_missed',
      state: 'needs_check_in',
      message: `Only ${facts.meetingsHeld} of ${plural(facts.meetingsPlanned, 'planned meeting')} took place.`,
    });
  }

  reasons.sort((a, b) => severity[b.state] - severity[a.state]);
  const state = reasons[0]?.state ?? 'on_track';
  return { state, reasons };
}
