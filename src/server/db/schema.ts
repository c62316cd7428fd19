import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const organisations = pgTable('organisations', {
  id: id(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: createdAt(),
});

/** Every tenant row belongs to one organisation and goes with it. */
const organisationId = () =>
  uuid('organisation_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'cascade' });

export const people = pgTable(
  'people',
  {
    id: id(),
    organisationId: organisationId(),
    hrisId: text('hris_id'),
    email: text('email').notNull(),
    name: text('name').notNull(),
    title: text('title'),
    department: text('department'),
    jobFunction: text('job_function'),
    level: integer('level'),
    managerId: uuid('manager_id').references((): AnyPgColumn => people.id, { onDelete: 'set null' }),
    location: text('location'),
    timeZone: text('time_zone'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    hireDate: date('hire_date', { mode: 'string' }),
    // active | inactive (deactivated, kept for history) | erased (personal data removed, §10)
    status: text('status').notNull().default('active'),
    demographics: jsonb('demographics'),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(title, ''))`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('people_org_email_unique').on(t.organisationId, sql`lower(${t.email})`),
    uniqueIndex('people_org_hris_unique').on(t.organisationId, t.hrisId),
    index('people_org_manager_idx').on(t.organisationId, t.managerId),
    index('people_org_name_idx').on(t.organisationId, t.name),
    // The directory's default order (issue 15): a page is read from the index instead of sorting everyone.
    index('people_org_lower_name_idx').on(t.organisationId, sql`lower(${t.name})`, t.id),
    // The directory's count, read from the index alone once the table is vacuumed (autovacuum; PGlite's daily job).
    index('people_org_status_idx').on(t.organisationId, t.status),
    // Substring search (parts of an email, of a name) without reading every row: pg_trgm (migration 0011).
    index('people_search_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
    index('people_search_fts_idx').using(
      'gin',
      sql`to_tsvector('simple', coalesce(${t.name}, '') || ' ' || coalesce(${t.email}, '') || ' ' || coalesce(${t.title}, ''))`,
    ),
  ],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    organisationId: organisationId(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    // admin | member (programs add per-program roles such as coordinator)
    role: text('role').notNull().default('member'),
    passwordHash: text('password_hash'),
    // invited | active | disabled
    status: text('status').notNull().default('invited'),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One account per email across the instance, so sign-in needs no organisation picker.
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_org_idx').on(t.organisationId),
    // A person's account (each notice looks it up; issue 15).
    index('users_person_idx').on(t.personId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie token: a leaked table does not leak usable sessions.
    tokenHash: text('token_hash').primaryKey(),
    // What the owner's session list names a session by (the token hash never leaves the server).
    id: uuid('id').notNull().defaultRandom().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: organisationId(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const accountTokens = pgTable(
  'account_tokens',
  {
    id: id(),
    organisationId: organisationId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // invitation | password_reset
    kind: text('kind').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId)],
);

export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('sign_in_attempts_email_idx').on(t.email, t.createdAt),
    index('sign_in_attempts_ip_idx').on(t.ip, t.createdAt),
  ],
);

/** Uses of one-time links (invitation, password reset), good or bad: limited per address and per token. */
export const tokenAttempts = pgTable(
  'token_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // invitation | password_reset
    kind: text('kind').notNull(),
    // SHA-256 of the token tried, known or not
    tokenHash: text('token_hash').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('token_attempts_token_idx').on(t.tokenHash, t.createdAt),
    index('token_attempts_ip_idx').on(t.ip, t.createdAt),
  ],
);

export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    // why the message exists, e.g. invitation, password_reset
    kind: text('kind').notNull(),
    // The message holds a one-time link (invitation, password reset): admins only ever see the redacted bodies, and
    // the real ones are overwritten by them once the message is delivered or given up.
    carriesSecret: boolean('carries_secret').notNull().default(false),
    redactedTextBody: text('redacted_text_body'),
    redactedHtmlBody: text('redacted_html_body'),
    // pending (waiting for the job) | sent (delivered by SMTP) | stored (kept in the built-in mailbox) | failed
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    // Who it went to and for which program, when it is about one: staff see a program's sent messages
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    programId: uuid('program_id').references(() => programs.id, { onDelete: 'set null' }),
    // Held back until this time (the recipient's quiet hours); null: at once
    notBefore: timestamp('not_before', { withTimezone: true }),
    // [{ filename, contentType, content }] e.g. a meeting's .ics invitation
    attachments: jsonb('attachments'),
    // Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058)
    headers: jsonb('headers'),
  },
  (t) => [
    index('outbox_org_created_idx').on(t.organisationId, t.createdAt),
    index('outbox_program_created_idx').on(t.programId, t.createdAt),
  ],
);

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    // queued | running | done | failed
    status: text('status').notNull().default('queued'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedBy: text('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    lastError: text('last_error'),
    progress: jsonb('progress'),
    result: jsonb('result'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('jobs_claim_idx').on(t.status, t.runAt)],
);

export const peopleImports = pgTable(
  'people_imports',
  {
    id: id(),
    organisationId: organisationId(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    fileName: text('file_name'),
    dryRun: boolean('dry_run').notNull().default(false),
    // running | succeeded | rejected (row errors, nothing written) | failed
    status: text('status').notNull().default('running'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    // people | career_events
    kind: text('kind').notNull().default('people'),
    // the day the file describes (HRIS events derived from it fall on this day); null: the day it was imported
    effectiveOn: date('effective_on', { mode: 'string' }),
    mapping: jsonb('mapping'),
    summary: jsonb('summary'),
    errors: jsonb('errors'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('people_imports_org_idx').on(t.organisationId, t.createdAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: organisationId(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_org_idx').on(t.organisationId, t.createdAt)],
);

// ── Programs, enrolment, matching, relationships (§2–§5) ─────────────────────────────────────────────────────────

export const programs = pgTable(
  'programs',
  {
    id: id(),
    organisationId: organisationId(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    goals: text('goals').notNull().default(''),
    // one_to_one | peer | reverse | group | flash
    type: text('type').notNull().default('one_to_one'),
    // admin | self_select | hybrid
    matchingMode: text('matching_mode').notNull().default('admin'),
    // draft | enrolling | matching | running | closed
    status: text('status').notNull().default('draft'),
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    enrolmentOpensOn: date('enrolment_opens_on', { mode: 'string' }),
    enrolmentClosesOn: date('enrolment_closes_on', { mode: 'string' }),
    // weekly | fortnightly | monthly
    meetingCadence: text('meeting_cadence').notNull().default('fortnightly'),
    relationshipMonths: integer('relationship_months').notNull().default(6),
    mentorDefaultCapacity: integer('mentor_default_capacity').notNull().default(2),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    // self-select: how many mentors a mentee may request at once, and after how many days a request expires
    maxOpenRequests: integer('max_open_requests').notNull().default(2),
    requestExpiryDays: integer('request_expiry_days').notNull().default(7),
    suggestionCount: integer('suggestion_count').notNull().default(5),
    // weights, level rule, minimum score (src/core/matching/criteria.ts)
    criteria: jsonb('criteria'),
    agreementTemplate: jsonb('agreement_template'),
    surveySchedule: jsonb('survey_schedule'),
    // skills each participant rates themselves on at the check-in (start) and the closing survey (end), §8
    selfRatedSkills: text('self_rated_skills').array().notNull().default(sql`'{}'::text[]`),
    // group programs (issue 14): how many mentees a group holds, 2 ≤ min ≤ max ≤ 20
    groupMinSize: integer('group_min_size').notNull().default(3),
    groupMaxSize: integer('group_max_size').notNull().default(8),
    // flash programs: a session's relationship closes itself this many days after the session at the latest
    flashCloseDays: integer('flash_close_days').notNull().default(7),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('programs_org_idx').on(t.organisationId, t.status)],
);

export const programCoordinators = pgTable(
  'program_coordinators',
  {
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('program_coordinators_unique').on(t.programId, t.userId),
    index('program_coordinators_user_idx').on(t.userId),
  ],
);

export const programQuestions = pgTable(
  'program_questions',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    // single_choice | multiple_choice | scale | short_text | long_text
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    help: text('help'),
    options: text('options').array().notNull().default(sql`'{}'::text[]`),
    required: boolean('required').notNull().default(false),
    useInMatching: boolean('use_in_matching').notNull().default(false),
    // both | mentor | mentee
    audience: text('audience').notNull().default('both'),
    createdAt: createdAt(),
  },
  (t) => [index('program_questions_program_idx').on(t.programId, t.position)],
);

export const skills = pgTable(
  'skills',
  {
    id: id(),
    organisationId: organisationId(),
    name: text('name').notNull(),
    category: text('category'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('skills_org_name_unique').on(t.organisationId, sql`lower(${t.name})`)],
);

export const enrolments = pgTable(
  'enrolments',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    // mentor | mentee
    role: text('role').notNull(),
    // pending_approval | approved | waitlisted | rejected | withdrawn
    status: text('status').notNull().default('approved'),
    capacity: integer('capacity'),
    // skills offered/wanted, goals, target function, learning style, meeting mode, languages, availability,
    // department preference, preferred and avoided person ids (src/core/matching/profiles.ts)
    profile: jsonb('profile').notNull().default(sql`'{}'::jsonb`),
    answers: jsonb('answers').notNull().default(sql`'{}'::jsonb`),
    enrolledBy: uuid('enrolled_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('enrolments_program_person_role_unique').on(t.programId, t.personId, t.role),
    index('enrolments_program_idx').on(t.programId, t.role, t.status),
    index('enrolments_person_idx').on(t.personId),
  ],
);

/**
 * A person's own mentoring profile (issue 13 §3): what they entered last time they enrolled or on "My profile",
 * prefilled into the next enrolment. Program-specific answers stay on the enrolment. Same JSON shape as
 * `enrolments.profile` plus the mentor's usual capacity.
 */
export const mentoringProfiles = pgTable('mentoring_profiles', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  organisationId: organisationId(),
  profile: jsonb('profile').notNull().default(sql`'{}'::jsonb`),
  capacity: integer('capacity'),
  updatedAt: updatedAt(),
});

export const matchRuns = pgTable(
  'match_runs',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    // optimal | participation | fair | stable
    mode: text('mode').notNull(),
    seed: integer('seed').notNull().default(1),
    // queued | running | draft | failed | published | discarded
    status: text('status').notNull().default('queued'),
    progress: jsonb('progress'),
    stats: jsonb('stats'),
    criteria: jsonb('criteria'),
    baseRunId: uuid('base_run_id'),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('match_runs_program_number_unique').on(t.programId, t.number)],
);

export const matchRunPairs = pgTable(
  'match_run_pairs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: organisationId(),
    runId: uuid('run_id')
      .notNull()
      .references(() => matchRuns.id, { onDelete: 'cascade' }),
    menteeEnrolmentId: uuid('mentee_enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    // null: the mentee is unmatched in this run (reason holds why)
    mentorEnrolmentId: uuid('mentor_enrolment_id').references(() => enrolments.id, { onDelete: 'cascade' }),
    score: integer('score'),
    locked: boolean('locked').notNull().default(false),
    // solver | edit
    source: text('source').notNull().default('solver'),
    reason: jsonb('reason'),
    // A matched pair's explanation as it was scored (criteria, points, details), so it stays true once the program
    // moves on; null for unmatched mentees and for pairs scored before it was stored (decision 016).
    explanation: jsonb('explanation'),
  },
  (t) => [
    uniqueIndex('match_run_pairs_run_mentee_unique').on(t.runId, t.menteeEnrolmentId),
    index('match_run_pairs_run_mentor_idx').on(t.runId, t.mentorEnrolmentId),
    index('match_run_pairs_run_score_idx').on(t.runId, t.score),
  ],
);

export const relationships = pgTable(
  'relationships',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    mentorEnrolmentId: uuid('mentor_enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    menteeEnrolmentId: uuid('mentee_enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    mentorPersonId: uuid('mentor_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    menteePersonId: uuid('mentee_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    // proposed | active | completed | ended_early | declined | expired | withdrawn
    status: text('status').notNull(),
    // match_run | request | group (a member who joined or was put in a group outside a run) | flash
    origin: text('origin').notNull(),
    // a member's place in a group (issue 14): a group of k mentees is k relationships with the group's mentor
    groupId: uuid('group_id').references((): AnyPgColumn => mentoringGroups.id, { onDelete: 'set null' }),
    matchRunId: uuid('match_run_id').references(() => matchRuns.id, { onDelete: 'set null' }),
    score: integer('score'),
    requestMessage: text('request_message'),
    reason: text('reason'),
    reasonCode: text('reason_code'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('relationships_program_idx').on(t.programId, t.status),
    index('relationships_mentor_idx').on(t.mentorEnrolmentId, t.status),
    index('relationships_mentee_idx').on(t.menteeEnrolmentId, t.status),
    index('relationships_people_idx').on(t.mentorPersonId, t.menteePersonId),
    // "My relationships" asks for mentor or mentee: the mentee side needs its own index (issue 15).
    index('relationships_mentee_person_idx').on(t.menteePersonId),
    index('relationships_group_idx').on(t.groupId, t.status),
  ],
);

/**
 * A mentoring group (issue 14, decision 031): one mentor, optionally a co-mentor, and its mentees, each of whom has
 * a relationship with the mentor carrying this group's id. A mentor leads at most one open or active group per
 * program. The size limits are the program's (`group_min_size`, `group_max_size`).
 */
export const mentoringGroups = pgTable(
  'mentoring_groups',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    mentorEnrolmentId: uuid('mentor_enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    mentorPersonId: uuid('mentor_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    coMentorEnrolmentId: uuid('co_mentor_enrolment_id').references(() => enrolments.id, {
      onDelete: 'set null',
    }),
    coMentorPersonId: uuid('co_mentor_person_id').references(() => people.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    // open (takes members: self-select) | active | closed
    status: text('status').notNull().default('active'),
    // match_run | staff | self_select
    origin: text('origin').notNull(),
    matchRunId: uuid('match_run_id').references(() => matchRuns.id, { onDelete: 'set null' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('mentoring_groups_program_idx').on(t.programId, t.status),
    uniqueIndex('mentoring_groups_program_mentor_unique')
      .on(t.programId, t.mentorEnrolmentId)
      .where(sql`${t.status} <> 'closed'`),
  ],
);

export const relationshipEvents = pgTable(
  'relationship_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: organisationId(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason'),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('relationship_events_relationship_idx').on(t.relationshipId, t.createdAt)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    organisationId: organisationId(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    // The relationship (or request) the notification is about, when it is about one: a pair's workspace shows
    // its unread celebrations from here. Kept when the relationship goes, like the rest of the bell.
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'set null' }),
    // Makes a notification idempotent (e.g. one per relationship per person on publish)
    dedupeKey: text('dedupe_key'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
    // The email twin of the notice: null (in-app only) | pending (the emailer decides) | queued (in the outbox) |
    // digest (waits for the person's digest) | digested | skipped (no address, or the person chose in-app)
    emailStatus: text('email_status'),
    // What the email adds to the notice: detail lines, the button's label, attachments (.ics), the program
    emailExtras: jsonb('email_extras'),
  },
  (t) => [
    index('notifications_person_idx').on(t.personId, t.createdAt),
    index('notifications_email_idx')
      .on(t.organisationId, t.emailStatus)
      .where(sql`email_status in ('pending', 'digest')`),
    index('notifications_relationship_idx').on(t.relationshipId, t.personId, t.createdAt),
    uniqueIndex('notifications_dedupe_unique').on(t.organisationId, t.dedupeKey),
  ],
);

// ── Pair workspace (§6): agreement, goals, meetings, action items, notes, feedback, surveys, resources ────────────

/** Workspace rows hang off a relationship and go with it. */
const relationshipId = () =>
  uuid('relationship_id')
    .notNull()
    .references(() => relationships.id, { onDelete: 'cascade' });

/**
 * Every edit of a pair's agreement is a new version; the highest number is the current one. A version is in force
 * when both sides have signed it; an edit makes a new unsigned version, so both are asked to sign again.
 */
export const agreementVersions = pgTable(
  'agreement_versions',
  {
    id: id(),
    organisationId: organisationId(),
    relationshipId: relationshipId(),
    version: integer('version').notNull(),
    // goals, meetingFrequency, communicationModes[], confidentiality, groundRules, endDate (contracts/agreements)
    content: jsonb('content').notNull(),
    editedByPersonId: uuid('edited_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    mentorSignedAt: timestamp('mentor_signed_at', { withTimezone: true }),
    menteeSignedAt: timestamp('mentee_signed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('agreement_versions_relationship_version_unique').on(t.relationshipId, t.version)],
);

export const goals = pgTable(
  'goals',
  {
    id: id(),
    organisationId: organisationId(),
    relationshipId: relationshipId(),
    // SMART: specific (the title), measurable target, achievable, relevant, time-bound due date
    title: text('title').notNull(),
    measurable: text('measurable').notNull().default(''),
    achievable: text('achievable').notNull().default(''),
    relevant: text('relevant').notNull().default(''),
    dueOn: date('due_on', { mode: 'string' }),
    // not_started | on_track | at_risk | done | dropped
    status: text('status').notNull().default('not_started'),
    // percent: progressPercent is set by hand; milestones: derived from reached milestones
    progressMode: text('progress_mode').notNull().default('milestones'),
    progressPercent: integer('progress_percent').notNull().default(0),
    position: integer('position').notNull().default(0),
    createdByPersonId: uuid('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('goals_relationship_idx').on(t.relationshipId, t.position)],
);

export const goalMilestones = pgTable(
  'goal_milestones',
  {
    id: id(),
    organisationId: organisationId(),
    goalId: uuid('goal_id')
      .notNull()
      .references(() => goals.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    reachedAt: timestamp('reached_at', { withTimezone: true }),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('goal_milestones_goal_idx').on(t.goalId, t.position)],
);

/**
 * A group's meeting: one invitation to every member. Each member's attendance and rating live on their own row
 * in `meetings` (with this id), so a group meeting counts as one meeting for each member (nudges, pair health,
 * analytics).
 */
export const groupMeetings = pgTable(
  'group_meetings',
  {
    id: id(),
    organisationId: organisationId(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => mentoringGroups.id, { onDelete: 'cascade' }),
    organiserPersonId: uuid('organiser_person_id').references(() => people.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    timeZone: text('time_zone').notNull(),
    location: text('location'),
    videoUrl: text('video_url'),
    agenda: text('agenda').notNull().default(''),
    // scheduled | held | cancelled
    status: text('status').notNull().default('scheduled'),
    icsUid: text('ics_uid').notNull(),
    sequence: integer('sequence').notNull().default(0),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    heldAt: timestamp('held_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('group_meetings_group_idx').on(t.groupId, t.startsAt),
    uniqueIndex('group_meetings_ics_uid_unique').on(t.icsUid),
  ],
);

export const meetings = pgTable(
  'meetings',
  {
    id: id(),
    organisationId: organisationId(),
    relationshipId: relationshipId(),
    organiserPersonId: uuid('organiser_person_id').references(() => people.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    // IANA zone of the organiser: the .ics carries it, each person sees the time in their own zone
    timeZone: text('time_zone').notNull(),
    location: text('location'),
    videoUrl: text('video_url'),
    // prepared before the meeting; notes taken after it live in `notes` with this meeting's id
    agenda: text('agenda').notNull().default(''),
    // scheduled | held | cancelled | no_show
    status: text('status').notNull().default('scheduled'),
    // RFC 5545: UID stays, SEQUENCE increases on every reschedule or cancellation
    icsUid: text('ics_uid').notNull(),
    sequence: integer('sequence').notNull().default(0),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    heldAt: timestamp('held_at', { withTimezone: true }),
    // a member's row of a group meeting: its status is their attendance (held = attended, no_show = absent)
    groupMeetingId: uuid('group_meeting_id').references(() => groupMeetings.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('meetings_relationship_idx').on(t.relationshipId, t.startsAt),
    index('meetings_group_meeting_idx').on(t.groupMeetingId),
    uniqueIndex('meetings_ics_uid_unique').on(t.icsUid),
    // The analytics overview (decision 026): meetings held in the last 30 days across the organisation, and
    // whether a pair has a meeting still to come.
    index('meetings_held_idx')
      .on(t.organisationId, sql`(coalesce(${t.heldAt}, ${t.startsAt}))`)
      .where(sql`${t.status} = 'held'`),
    index('meetings_scheduled_idx').on(t.relationshipId, t.startsAt).where(sql`${t.status} = 'scheduled'`),
  ],
);

export const actionItems = pgTable(
  'action_items',
  {
    id: id(),
    organisationId: organisationId(),
    relationshipId: relationshipId(),
    // null: an action item of the pair, not of one meeting
    meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    ownerPersonId: uuid('owner_person_id').references(() => people.id, { onDelete: 'set null' }),
    dueOn: date('due_on', { mode: 'string' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdByPersonId: uuid('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('action_items_relationship_idx').on(t.relationshipId, t.createdAt)],
);

/** Notes of a pair: `shared` the pair reads, `private` only the author reads — never staff, never the partner (§10). */
export const notes = pgTable(
  'notes',
  {
    id: id(),
    organisationId: organisationId(),
    relationshipId: relationshipId(),
    authorPersonId: uuid('author_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    // shared | private
    visibility: text('visibility').notNull(),
    meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('notes_relationship_idx').on(t.relationshipId, t.visibility, t.createdAt)],
);

/** A group's agreement: every edit is a new version, in force once every current member has signed it. */
export const groupAgreementVersions = pgTable(
  'group_agreement_versions',
  {
    id: id(),
    organisationId: organisationId(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => mentoringGroups.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    editedByPersonId: uuid('edited_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('group_agreement_versions_group_version_unique').on(t.groupId, t.version)],
);

export const groupAgreementSignatures = pgTable(
  'group_agreement_signatures',
  {
    id: id(),
    organisationId: organisationId(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => groupAgreementVersions.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('group_agreement_signatures_version_person_unique').on(t.versionId, t.personId)],
);

/** Goals of the whole group; each mentee's own goals stay on their relationship (`goals`). */
export const groupGoals = pgTable(
  'group_goals',
  {
    id: id(),
    organisationId: organisationId(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => mentoringGroups.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    measurable: text('measurable').notNull().default(''),
    dueOn: date('due_on', { mode: 'string' }),
    // not_started | on_track | at_risk | done | dropped
    status: text('status').notNull().default('not_started'),
    progressPercent: integer('progress_percent').notNull().default(0),
    position: integer('position').notNull().default(0),
    createdByPersonId: uuid('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('group_goals_group_idx').on(t.groupId, t.position)],
);

/** A group's notes: `shared` every member reads, `private` only the author reads — never staff, never members. */
export const groupNotes = pgTable(
  'group_notes',
  {
    id: id(),
    organisationId: organisationId(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => mentoringGroups.id, { onDelete: 'cascade' }),
    authorPersonId: uuid('author_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    // shared | private
    visibility: text('visibility').notNull(),
    groupMeetingId: uuid('group_meeting_id').references(() => groupMeetings.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('group_notes_group_idx').on(t.groupId, t.visibility, t.createdAt)],
);

/** One rating of a held meeting per side. */
export const meetingFeedback = pgTable(
  'meeting_feedback',
  {
    id: id(),
    organisationId: organisationId(),
    relationshipId: relationshipId(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    // mentor | mentee
    role: text('role').notNull(),
    rating: integer('rating').notNull(),
    helped: text('helped').array().notNull().default(sql`'{}'::text[]`),
    comment: text('comment').notNull().default(''),
    // the author lets program staff read the comment (aggregates are always visible)
    shareComment: boolean('share_comment').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('meeting_feedback_meeting_person_unique').on(t.meetingId, t.personId),
    index('meeting_feedback_program_idx').on(t.programId, t.createdAt),
  ],
);

/** The 30-day check-in and the closing survey: one answer per side and kind. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: id(),
    organisationId: organisationId(),
    relationshipId: relationshipId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    // mentor | mentee
    role: text('role').notNull(),
    // check_in | closing
    kind: text('kind').notNull(),
    // check-in: "is this a good fit?" 1–5; closing: overall 1–5
    rating: integer('rating'),
    // closing: how likely to recommend the program, 0–10
    nps: integer('nps'),
    rematchRequested: boolean('rematch_requested').notNull().default(false),
    comment: text('comment').notNull().default(''),
    shareComment: boolean('share_comment').notNull().default(false),
    answers: jsonb('answers').notNull().default(sql`'{}'::jsonb`),
    // staff dealt with a check-in that asked for attention (low fit or rematch)
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedByUserId: uuid('resolved_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('survey_responses_relationship_person_kind_unique').on(t.relationshipId, t.personId, t.kind),
    index('survey_responses_program_idx').on(t.programId, t.kind, t.createdAt),
  ],
);

/** A program's library: guides, discussion prompts and mentor training modules (Markdown or a link). */
export const programResources = pgTable(
  'program_resources',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    // guide | prompt | training
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    url: text('url'),
    // both | mentor | mentee
    audience: text('audience').notNull().default('both'),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('program_resources_program_idx').on(t.programId, t.position)],
);

export const resourceCompletions = pgTable(
  'resource_completions',
  {
    organisationId: organisationId(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => programResources.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('resource_completions_unique').on(t.resourceId, t.personId),
    index('resource_completions_person_idx').on(t.personId),
  ],
);

/**
 * The workspace timeline: what happened in the pair's workspace, readable by the pair only. Private notes are
 * never recorded here; summaries carry titles, never note bodies.
 */
export const workspaceActivity = pgTable(
  'workspace_activity',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: organisationId(),
    relationshipId: relationshipId(),
    actorPersonId: uuid('actor_person_id').references(() => people.id, { onDelete: 'set null' }),
    // e.g. agreement_edited, agreement_signed, goal_added, milestone_reached, goal_done, meeting_scheduled, …
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    subjectId: uuid('subject_id'),
    createdAt: createdAt(),
  },
  (t) => [index('workspace_activity_relationship_idx').on(t.relationshipId, t.createdAt)],
);

/**
 * The facts of each pair's health (decision 037), kept by the database itself: statement-level triggers on the
 * tables they come from (meetings, meeting feedback, the timeline, agreements and a group's, goals, check-ins,
 * action items, relationships) recompute the rows of the pairs a statement touched, in the same transaction, so the
 * row is never behind. No application code writes it. What depends on the clock (the next meeting, the meetings
 * planned by now, the overdue action items) is kept as the times it depends on and counted when read.
 */
export const pairHealthFacts = pgTable('pair_health_facts', {
  relationshipId: uuid('relationship_id')
    .primaryKey()
    .references(() => relationships.id, { onDelete: 'cascade' }),
  lastHeldAt: timestamp('last_held_at', { withTimezone: true }),
  meetingsHeld: integer('meetings_held').notNull().default(0),
  // held, cancelled or no-show: planned whatever the time
  meetingsClosed: integer('meetings_closed').notNull().default(0),
  // the starts of the meetings still scheduled: planned once they start, the next one while ahead
  scheduledStarts: timestamp('scheduled_starts', { withTimezone: true }).array().notNull().default(sql`'{}'`),
  lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
  // none | waiting | signed
  agreementStatus: text('agreement_status').notNull().default('none'),
  goalProgress: integer('goal_progress'),
  lastRating: integer('last_rating'),
  checkInAnswers: integer('check_in_answers').notNull().default(0),
  checkInFit: integer('check_in_fit'),
  rematchRequested: boolean('rematch_requested').notNull().default(false),
  openActionItems: integer('open_action_items').notNull().default(0),
  // the due dates of the open action items that have one: overdue once past
  openActionItemDues: date('open_action_item_dues', { mode: 'string' }).array().notNull().default(sql`'{}'`),
  // the pair's row as pair health reads it, a JSON array rendered when the facts change (migration 0014): rendering
  // every pair's facts as JSON on each read cost more than the rest of the read
  facts: text('facts'),
});

// ── Messages (§7): preferences, program nudge settings, scheduled reminders and nudges ─────────────────────────

/** A person's choices about messages; created when they first change one or are first emailed. */
export const messageSettings = pgTable('message_settings', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  organisationId: organisationId(),
  // per category (src/contracts/messages.contracts.ts): email | in_app | off; a missing category takes its default
  channels: jsonb('channels').notNull().default(sql`'{}'::jsonb`),
  // off | daily | weekly: non-urgent email bundled into one digest
  digest: text('digest').notNull().default('off'),
  lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
  // Signs the one-click unsubscribe links (HMAC); replacing it voids every link sent before
  unsubscribeKey: text('unsubscribe_key').notNull(),
  updatedAt: updatedAt(),
});

/** A program's reminders and nudges: overrides of the defaults in src/core/nudges, and kinds paused by staff. */
export const programMessageSettings = pgTable('program_message_settings', {
  programId: uuid('program_id')
    .primaryKey()
    .references(() => programs.id, { onDelete: 'cascade' }),
  organisationId: organisationId(),
  nudges: jsonb('nudges').notNull().default(sql`'{}'::jsonb`),
  pausedKinds: text('paused_kinds').array().notNull().default(sql`'{}'::text[]`),
  lastStaffDigestAt: timestamp('last_staff_digest_at', { withTimezone: true }),
  updatedAt: updatedAt(),
});

/**
 * A reminder or nudge planned for one recipient. `cause_key` names the cause (kind, subject, anchor date and
 * recipient), so planning it again, from any process, finds the same row: each cause is sent once.
 */
export const scheduledMessages = pgTable(
  'scheduled_messages',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    causeKey: text('cause_key').notNull(),
    recipientPersonId: uuid('recipient_person_id').references(() => people.id, { onDelete: 'cascade' }),
    recipientUserId: uuid('recipient_user_id').references(() => users.id, { onDelete: 'cascade' }),
    // when the cause falls due, and when it is sent: moved into the recipient's waking hours
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sendAt: timestamp('send_at', { withTimezone: true }).notNull(),
    // scheduled | sent | cancelled
    status: text('status').notNull().default('scheduled'),
    // why, in words, for the staff's view of what goes out
    reason: text('reason').notNull(),
    payload: jsonb('payload'),
    cancelReason: text('cancel_reason'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('scheduled_messages_cause_unique').on(t.organisationId, t.causeKey),
    index('scheduled_messages_due_idx').on(t.status, t.sendAt),
    index('scheduled_messages_program_idx').on(t.programId, t.sendAt),
  ],
);

// ── Outcomes and analytics (§8) ──────────────────────────────────────────────────────────────────────────────────

/**
 * HRIS career history: imported from a CSV of events or derived from successive people imports (a level that went
 * up between two imports is a promotion on the later import's effective day). One event per person, kind and day.
 */
export const careerEvents = pgTable(
  'career_events',
  {
    id: id(),
    organisationId: organisationId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    // hire | promotion | level_change | pay_change | job_change | department_change | exit
    kind: text('kind').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    // exits: voluntary | involuntary (null when not known)
    exitType: text('exit_type'),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    // csv | people_import | demo
    source: text('source').notNull(),
    importId: uuid('import_id').references(() => peopleImports.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('career_events_unique').on(t.organisationId, t.personId, t.kind, t.effectiveOn),
    index('career_events_org_kind_idx').on(t.organisationId, t.kind, t.effectiveOn),
    index('career_events_person_idx').on(t.personId, t.effectiveOn),
  ],
);

/** Per-organisation analytics settings: the smallest group shown (never below 5, §8). */
export const analyticsSettings = pgTable('analytics_settings', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  minGroupSize: integer('min_group_size').notNull().default(5),
  updatedAt: updatedAt(),
});

/** A flash mentor's own settings in a program: how many sessions a month, counted in their time zone. */
export const flashMentorSettings = pgTable('flash_mentor_settings', {
  mentorEnrolmentId: uuid('mentor_enrolment_id')
    .primaryKey()
    .references(() => enrolments.id, { onDelete: 'cascade' }),
  organisationId: organisationId(),
  programId: uuid('program_id')
    .notNull()
    .references(() => programs.id, { onDelete: 'cascade' }),
  monthlyCap: integer('monthly_cap').notNull().default(4),
  timeZone: text('time_zone').notNull(),
  updatedAt: updatedAt(),
});

/** A flash mentor's weekly pattern: each week's slot on `weekday` at `start_time` in `time_zone`. */
export const flashPatterns = pgTable(
  'flash_patterns',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    mentorEnrolmentId: uuid('mentor_enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    // 0 = Monday … 6 = Sunday
    weekday: integer('weekday').notNull(),
    // HH:MM, local to time_zone
    startTime: text('start_time').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    timeZone: text('time_zone').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('flash_patterns_mentor_idx').on(t.mentorEnrolmentId)],
);

/** A flash mentor's bookable slot; booking it starts a one-session relationship (origin `flash`). */
export const flashSlots = pgTable(
  'flash_slots',
  {
    id: id(),
    organisationId: organisationId(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    mentorEnrolmentId: uuid('mentor_enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    mentorPersonId: uuid('mentor_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    timeZone: text('time_zone').notNull(),
    // null: added by hand; else the weekly pattern it was expanded from
    patternId: uuid('pattern_id').references(() => flashPatterns.id, { onDelete: 'set null' }),
    // open | booked | cancelled
    status: text('status').notNull().default('open'),
    bookedByPersonId: uuid('booked_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'set null' }),
    // what the participant wants from the conversation, and its topic (a skill), given when booking
    topic: text('topic'),
    agenda: text('agenda').notNull().default(''),
    bookedAt: timestamp('booked_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('flash_slots_program_idx').on(t.programId, t.status, t.startsAt),
    uniqueIndex('flash_slots_mentor_start_unique')
      .on(t.mentorEnrolmentId, t.startsAt)
      .where(sql`${t.status} <> 'cancelled'`),
  ],
);
