import type {
  ProfileGapsQuery,
  ProfileGapsResponse,
  ProfileRemindersInput,
  ProfileRemindersResult,
} from '../../../contracts/mentoring-profiles.contracts.ts';
import { AppError, type FieldIssue } from '../../../core/errors.ts';
import { type ProfileGap, profileGapsOf } from '../../../core/programs/profile-gaps.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { emptyTally, notifyPeopleAndTally } from '../notifications/notice-tally.service.ts';
import { lastNoticeOfKind } from '../notifications/notifications.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programForStaff } from '../programs/program-access.ts';
import { formQuestions } from '../programs/program-questions.service.ts';
import * as repo from './profile-gaps.repository.ts';

/*
 * Before a match run (issue 13 §4): who among the people the run will read has an empty or thin profile, and a
 * reminder to them — a notice and, as each chose, an email — at most once a day per person, whichever program asks.
 */

const reminderKind = 'enrolment.profile_reminder';
const day = 24 * 3600 * 1000;

type Candidate = Awaited<ReturnType<typeof repo.listRunCandidates>>[number] & {
  gaps: ProfileGap[];
  unansweredQuestions: number;
  empty: boolean;
};

/** The program's run candidates with the gaps of each. */
async function candidatesWithGaps(db: Db, program: ProgramRow): Promise<Candidate[]> {
  const [rows, questions] = await Promise.all([
    repo.listRunCandidates(db, program.organisationId, program.id),
    formQuestions(db, program.organisationId, program.id),
  ]);
  return rows.map((row) => ({
    ...row,
    ...profileGapsOf(
      row.role as 'mentor' | 'mentee',
      (row.profile ?? {}) as Record<string, unknown>,
      (row.answers ?? {}) as Record<string, unknown>,
      questions,
    ),
  }));
}

function countsOf(rows: readonly Candidate[]) {
  return {
    total: rows.length,
    withGaps: rows.filter((row) => row.gaps.length > 0).length,
    empty: rows.filter((row) => row.empty).length,
    noSkills: rows.filter((row) => row.gaps.includes('skills')).length,
    noGoals: rows.filter((row) => row.gaps.includes('goals')).length,
    unansweredQuestions: rows.filter((row) => row.gaps.includes('questions')).length,
  };
}

function lastReminders(db: Db, program: ProgramRow, personIds: readonly string[], now: Date) {
  return lastNoticeOfKind(db, {
    organisationId: program.organisationId,
    kind: reminderKind,
    personIds,
    since: new Date(now.getTime() - day),
  });
}

/**
 * For the program's staff: how many of the mentees and mentors the next run reads have empty or thin profiles
 * (no skills, no goals, a required question unanswered), and a page of them, empty profiles first.
 */
export async function listProfileGaps(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ProfileGapsQuery,
): Promise<ProfileGapsResponse> {
  const { program } = await programForStaff(ctx, actor, programId);
  const now = ctx.now();
  const all = await candidatesWithGaps(ctx.db, program);
  const withGaps = all.filter((row) => row.gaps.length > 0);
  const reminded = await lastReminders(
    ctx.db,
    program,
    withGaps.map((row) => row.personId),
    now,
  );
  const listed = withGaps
    .filter((row) => !query.role || row.role === query.role)
    .sort((a, b) => Number(b.empty) - Number(a.empty) || b.gaps.length - a.gaps.length);
  const page = listed.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  return {
    mentees: countsOf(all.filter((row) => row.role === 'mentee')),
    mentors: countsOf(all.filter((row) => row.role === 'mentor')),
    remindable: new Set(withGaps.map((row) => row.personId).filter((id) => !reminded.has(id))).size,
    items: page.map((row) => ({
      enrolmentId: row.enrolmentId,
      personId: row.personId,
      name: row.name,
      email: row.email,
      title: row.title,
      department: row.department,
      role: row.role as 'mentor' | 'mentee',
      gaps: row.gaps,
      empty: row.empty,
      unansweredQuestions: row.unansweredQuestions,
      lastRemindedAt: reminded.get(row.personId)?.toISOString() ?? null,
    })),
    total: listed.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const gapWords: Record<ProfileGap, string> = {
  skills: 'the skills',
  goals: 'your goals',
  questions: 'the program’s required questions',
};

function missingText(row: Candidate): string {
  const words = row.gaps.map((gap) =>
    gap === 'skills'
      ? row.role === 'mentor'
        ? 'the skills you can help with'
        : 'the skills you want to develop'
      : gap === 'goals'
        ? row.role === 'mentor'
          ? 'what you can help with'
          : 'your career goals'
        : gapWords[gap],
  );
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * Remind people of the program with gaps in their profile (the ones named, or all of them): a notice linking to
 * their enrolment form, emailed as each person chose. Anyone reminded in the last 24 hours (by any program) or
 * whose profile has no gap any more is left out and counted; audited.
 */
export async function remindProfileGaps(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: ProfileRemindersInput,
): Promise<ProfileRemindersResult> {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
    if (program.status === 'closed') throw new AppError('conflict', 'This program is closed');
    const now = ctx.now();
    const all = await candidatesWithGaps(tx, program);
    let targets: Candidate[];
    let complete = 0;
    if (input.enrolmentIds) {
      const byId = new Map(all.map((row) => [row.enrolmentId, row]));
      const issues: FieldIssue[] = [];
      targets = [];
      input.enrolmentIds.forEach((id, index) => {
        const row = byId.get(id);
        if (!row)
          issues.push({
            path: `body.enrolmentIds[${index}]`,
            message: 'not someone the program’s next match run reads',
          });
        else if (row.gaps.length === 0) complete++;
        else targets.push(row);
      });
      if (issues.length > 0)
        throw new AppError(
          'validation_failed',
          `Some of these people are not waiting to be matched in ${program.name}`,
          { issues },
        );
    } else targets = all.filter((row) => row.gaps.length > 0);

    // One reminder per person, whatever their enrolments: a person is in a program once.
    const unique = [...new Map(targets.map((row) => [row.personId, row])).values()];
    const reminded = await lastReminders(
      tx,
      program,
      unique.map((row) => row.personId),
      now,
    );
    const due = unique.filter((row) => !reminded.has(row.personId));
    const { tally } = await notifyPeopleAndTally(
      tx,
      due.map((row) => ({
        organisationId: program.organisationId,
        personId: row.personId,
        kind: reminderKind,
        title: `Complete your profile for ${program.name}`,
        body: `Matching reads your profile to find you a good ${row.role === 'mentor' ? 'mentee' : 'mentor'}. Yours is missing ${missingText(row)}: add ${row.gaps.length === 1 ? 'it' : 'them'} so the match rests on what you said.`,
        link: `/mentoring/enrolments/${row.enrolmentId}/edit`,
        // Within a day a second request finds this key taken (the 24-hour window above covers the rest).
        dedupeKey: `profile-reminder:${row.personId}:${Math.floor(now.getTime() / day)}`,
        email: { programId: program.id, actionLabel: 'Complete your profile' },
      })),
    );
    await recordAudit(tx, {
      organisationId: staff.organisationId,
      actorUserId: staff.userId,
      action: 'program.profile_reminders_sent',
      targetType: 'program',
      targetId: program.id,
      details: {
        reminded: due.length,
        told: tally,
        remindedRecently: unique.length - due.length,
        complete,
        enrolmentIds: due.map((row) => row.enrolmentId),
      },
      at: now,
    });
    return {
      reminded: due.length,
      remindedRecently: unique.length - due.length,
      complete,
      told: due.length === 0 ? emptyTally() : tally,
    };
  });
}
