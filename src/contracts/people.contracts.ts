import { z } from 'zod';
import { isValidTimeZone } from '../core/time-zones.ts';
import { email, isoDateTime, paginationQuery } from './common.ts';

const personStatus = z.enum(['active', 'inactive', 'erased']);

const personSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  jobFunction: z.string().nullable(),
  level: z.number().int().nullable(),
  location: z.string().nullable(),
  status: personStatus,
  managerId: z.uuid().nullable(),
});
export type PersonSummary = z.infer<typeof personSummary>;

export const person = personSummary.extend({
  hrisId: z.string().nullable(),
  timeZone: z.string().nullable(),
  languages: z.array(z.string()),
  hireDate: z.string().nullable().describe('YYYY-MM-DD'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Person = z.infer<typeof person>;

export const personDetail = person.extend({
  manager: personSummary.nullable(),
  /** From the direct manager up to the top of the organisation. */
  managerChain: z.array(personSummary),
  directReports: z.array(personSummary),
  hasAccount: z.boolean(),
});
export type PersonDetail = z.infer<typeof personDetail>;

const peopleSort = z.enum(['name', 'email', 'title', 'department', 'level', 'location', 'hireDate']);
export type PeopleSort = z.infer<typeof peopleSort>;

export const peopleQuery = z.strictObject({
  ...paginationQuery,
  q: z.string().trim().max(200).optional().describe('Full-text search on name, email and title'),
  department: z.string().max(200).optional(),
  jobFunction: z.string().max(200).optional(),
  level: z.coerce.number().int().min(0).max(100).optional(),
  location: z.string().max(200).optional(),
  managerId: z.uuid().optional(),
  status: z.enum(['active', 'inactive', 'all']).default('active'),
  sort: peopleSort.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type PeopleQuery = z.infer<typeof peopleQuery>;

export const peopleFacets = z.object({
  departments: z.array(z.string()),
  jobFunctions: z.array(z.string()),
  locations: z.array(z.string()),
  levels: z.array(z.number().int()),
});
export type PeopleFacets = z.infer<typeof peopleFacets>;

const timeZone = z.string().max(64).refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Paris');

export const personInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email,
  hrisId: z.string().trim().min(1).max(100).nullable().optional(),
  title: z.string().trim().max(200).nullable().optional(),
  department: z.string().trim().max(200).nullable().optional(),
  jobFunction: z.string().trim().max(200).nullable().optional(),
  level: z.number().int().min(0).max(100).nullable().optional(),
  managerId: z.uuid().nullable().optional(),
  location: z.string().trim().max(200).nullable().optional(),
  timeZone: timeZone.nullable().optional(),
  languages: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  hireDate: z.iso.date().nullable().optional(),
});
export const personUpdate = personInput.partial();
export type PersonInput = z.infer<typeof personInput>;
export type PersonUpdate = z.infer<typeof personUpdate>;

export const personListResponse = z.object({
  items: z.array(personSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PersonListResponse = z.infer<typeof personListResponse>;

/** Everything Trellis stores about one person (§10 export), as one JSON document. */
export const personExport = z.object({
  exportedAt: isoDateTime,
  person: person.extend({ demographics: z.unknown().nullable() }),
  manager: personSummary.nullable(),
  directReports: z.array(personSummary),
  account: z
    .object({
      id: z.uuid(),
      email: z.string(),
      name: z.string(),
      role: z.string(),
      status: z.string(),
      lastSignInAt: isoDateTime.nullable(),
      createdAt: isoDateTime,
    })
    .nullable(),
  auditTrail: z.array(
    z.object({ action: z.string(), actorUserId: z.uuid().nullable(), details: z.unknown(), at: isoDateTime }),
  ),
  /**
   * Mentoring programs the person enrolled in (with what they told the program) and their relationships, as
   * program staff see them. What a pair writes in its workspace is the pair's and is not in an admin's export.
   */
  mentoring: z.object({
    profile: z
      .unknown()
      .nullable()
      .describe(
        'Their own mentoring profile as saved, carried into their next enrolment; null if never saved',
      ),
    enrolments: z.array(
      z.object({
        programId: z.uuid(),
        programName: z.string(),
        role: z.string(),
        status: z.string(),
        capacity: z.number().int().nullable(),
        profile: z.unknown(),
        answers: z.unknown(),
        enrolledAt: isoDateTime,
      }),
    ),
    relationships: z.array(
      z.object({
        id: z.uuid(),
        programName: z.string(),
        role: z.enum(['mentor', 'mentee']),
        partnerName: z.string(),
        status: z.string(),
        startedAt: isoDateTime.nullable(),
        endedAt: isoDateTime.nullable(),
        reason: z.string().nullable(),
      }),
    ),
  }),
});
export type PersonExport = z.infer<typeof personExport>;

export const personErased = z.object({
  id: z.uuid(),
  status: z.literal('erased'),
  reportsMoved: z.number().int(),
});
export type PersonErased = z.infer<typeof personErased>;
