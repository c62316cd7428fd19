import { agreementContent } from '../../../contracts/workspace-shapes.contracts.ts';
import type { AppContext } from '../../context.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { programInOrganisation } from '../programs/program-access.ts';
import { explainMentor, explanationView, scoringForMentee } from '../relationships/pair-scoring.service.ts';
import { createRelationship, noteFor } from '../relationships/relationships.service.ts';
import { scheduleRequestExpiry } from '../requests/requests.service.ts';
import * as repo from './demo-homes.repository.ts';

/**
 * What makes each demo persona's home show something to do (decision 019), on top of the programs' history:
 * - the demo admin changed the agreement with their first mentee and signed it: that mentee is asked to sign;
 * - their second mentee changed theirs: the admin is asked to sign (besides the program's rematch request);
 * - two mentees of the self-select circle asked the same mentor, four days and a few hours ago: the mentor has two
 *   requests to answer and staff see one waiting more than three days;
 * - two people asked to join the circle, which approves its enrolments: staff have them to approve.
 * Everything is dated in the past, relative to the clock. Call inside the demo's transaction.
 */

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const requestMessages = [
  'I would love to learn how you shaped the product strategy for your area. I am moving from engineering into product and want to get better at prioritisation.',
  'Your profile mentions roadmaps and working with stakeholders: exactly what I am trying to grow in this year. Would you mentor me?',
];

function agreementLink(relationshipId: string) {
  return `/mentoring/relationships/${relationshipId}/agreement`;
}

export async function createDemoHomes(
  ctx: AppContext,
  input: {
    organisationId: string;
    admin: { personId: string | null; name: string };
    leadershipProgramId: string;
    circleProgramId: string;
  },
): Promise<void> {
  const db = ctx.db;
  const now = ctx.now();
  const { organisationId } = input;

  // ── Agreements waiting in the admin's own pairs ─────────────────────────────────────────────────────────────
  if (input.admin.personId) {
    const pairs = await repo.listMentorPairs(
      db,
      organisationId,
      input.leadershipProgramId,
      input.admin.personId,
    );
    const edit = async (
      pair: (typeof pairs)[number],
      by: { personId: string; name: string; side: 'mentor' | 'mentee' },
      told: string,
      at: Date,
    ) => {
      const parsed = agreementContent.safeParse(pair.agreement?.content);
      if (!parsed.success) return;
      const version = (pair.agreement?.version ?? 0) + 1;
      const content =
        by.side === 'mentor'
          ? {
              ...parsed.data,
              meetingFrequency: 'weekly' as const,
              groundRules: `${parsed.data.groundRules}\nUntil the roadmap review, we meet every week for 30 minutes.`,
            }
          : {
              ...parsed.data,
              communicationModes: [...new Set([...parsed.data.communicationModes, 'in_person' as const])],
            };
      await repo.insertAgreementVersion(db, {
        organisationId,
        relationshipId: pair.relationshipId,
        version,
        content,
        editedByPersonId: by.personId,
        mentorSignedAt: by.side === 'mentor' ? new Date(at.getTime() + 60_000) : null,
        menteeSignedAt: by.side === 'mentee' ? new Date(at.getTime() + 60_000) : null,
        createdAt: at,
      });
      await repo.insertActivity(db, {
        organisationId,
        relationshipId: pair.relationshipId,
        actorPersonId: by.personId,
        kind: 'agreement_edited',
        summary: `${by.name} edited the agreement (version ${version})`,
        createdAt: at,
      });
      await notifyPeople(db, [
        {
          organisationId,
          personId: told,
          kind: 'agreement',
          title: `${by.name} edited your mentoring agreement`,
          body: `Read version ${version} and sign it when you agree.`,
          link: agreementLink(pair.relationshipId),
          relationshipId: pair.relationshipId,
        },
      ]);
    };
    const [first, second] = pairs;
    if (first) {
      await edit(
        first,
        { personId: input.admin.personId, name: input.admin.name, side: 'mentor' },
        first.menteePersonId,
        new Date(now.getTime() - 26 * HOUR),
      );
    }
    // A pair whose current version already waits for the admin needs nothing more.
    if (second?.agreement?.mentorSignedAt) {
      await edit(
        second,
        { personId: second.menteePersonId, name: second.menteeName, side: 'mentee' },
        input.admin.personId,
        new Date(now.getTime() - 5 * HOUR),
      );
    }
  }

  // ── Requests to one mentor of the self-select circle ────────────────────────────────────────────────────────
  const circle = await programInOrganisation(db, organisationId, input.circleProgramId);
  if (!circle) return;
  const mentees = (await repo.listApprovedEnrolments(db, circle.id, 'mentee')).slice(0, 2);
  let mentorEnrolmentId: string | null = null;
  for (const [k, mentee] of mentees.entries()) {
    const at = new Date(now.getTime() - (k === 0 ? 4 * DAY + 3 * HOUR : 7 * HOUR));
    const scoring = await scoringForMentee(db, circle, mentee.enrolmentId, at);
    if (!scoring) continue;
    // The first mentee asks their best mentor; the second asks the same one when the rules allow it.
    const candidates = scoring.mentors
      .map((mentor) => explainMentor(scoring, mentor.enrolmentId)!)
      .filter((pair) => pair.explanation.removedBy === null)
      .sort((a, b) => b.explanation.score - a.explanation.score);
    const pair = candidates.find((c) => c.mentor.enrolmentId === mentorEnrolmentId) ?? candidates[0];
    if (!pair) continue;
    mentorEnrolmentId ??= pair.mentor.enrolmentId;
    const message = requestMessages[k % requestMessages.length]!;
    const row = await createRelationship(
      db,
      {
        organisationId,
        programId: circle.id,
        mentorEnrolmentId: pair.mentor.enrolmentId,
        menteeEnrolmentId: mentee.enrolmentId,
        mentorPersonId: pair.mentor.personId,
        menteePersonId: mentee.personId,
        status: 'proposed',
        origin: 'request',
        score: pair.explanation.score,
        requestMessage: message,
        expiresAt: new Date(at.getTime() + circle.requestExpiryDays * DAY),
        createdAt: at,
        updatedAt: at,
      },
      {
        actorKind: 'mentee',
        actorUserId: null,
        at,
        details: { message, explanation: explanationView(pair.explanation) },
      },
    );
    await notifyPeople(db, [
      noteFor(row, 'mentor', {
        kind: 'mentoring_request',
        title: `${mentee.name} asks you to be their mentor in ${circle.name}`,
        body: message,
        link: '/mentoring/requests',
        dedupeKey: `request:${row.id}:created`,
      }),
    ]);
    await scheduleRequestExpiry(db, row);
  }

  // ── Enrolments waiting for the circle's approval ────────────────────────────────────────────────────────────
  const applicants = await repo.listUnenrolledPeople(db, organisationId, 2);
  await repo.insertEnrolments(
    db,
    applicants.map((person, k) => {
      const at = new Date(now.getTime() - (k === 0 ? 2 * DAY : 6 * HOUR));
      return {
        organisationId,
        programId: circle.id,
        personId: person.id,
        role: 'mentee',
        status: 'pending_approval',
        profile: {
          skillsWanted: k === 0 ? ['Product management', 'Data analysis'] : ['Strategy', 'Public speaking'],
          goals:
            k === 0
              ? 'Understand how product decisions are made and try a product role on a small project'
              : 'Learn to tell a clear story with data and present it to senior leaders',
          targetFunction: 'Product Management',
          learningStyle: 'visual',
          meetingMode: 'video',
          languages: person.languages,
          departmentPreference: 'different',
        },
        createdAt: at,
        updatedAt: at,
      };
    }),
  );
}
