import { z } from 'zod';
import { isoDateTime, paginated, paginationQuery } from './common.ts';

/** The person fields a CSV column can map to. */
const importField = z.enum([
  'hrisId',
  'email',
  'name',
  'firstName',
  'lastName',
  'title',
  'department',
  'jobFunction',
  'level',
  'managerEmail',
  'managerHrisId',
  'location',
  'timeZone',
  'languages',
  'hireDate',
  'status',
  'exitType',
  'gender',
  'ageBand',
  'ethnicity',
  'disability',
  'caringResponsibilities',
]);
export type ImportField = z.infer<typeof importField>;

/** field → CSV header. Omitted fields are matched by common header names. */
export const importMapping = z.partialRecord(importField, z.string().min(1).max(200));
export type ImportMapping = z.infer<typeof importMapping>;

export const importQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  mapping: z
    .string()
    .max(10_000)
    .optional()
    .describe('JSON object field → CSV header, e.g. {"email":"Courriel"}'),
  fileName: z.string().max(200).optional(),
  effectiveOn: z
    .string()
    .max(10)
    .optional()
    .describe(
      'YYYY-MM-DD, not after today: the day the file describes; the promotions, moves and exits it implies fall on it (default: today)',
    ),
  wait: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(true)
    .describe('false: answer 202 at once and poll GET /api/people/imports/{id}'),
});

const importRowError = z.object({
  line: z.number().int().describe('1-based line in the file, the header being line 1'),
  field: z.string().nullable(),
  message: z.string(),
});

const importStatus = z.enum(['running', 'succeeded', 'rejected', 'failed']);

export const importKind = z.enum(['people', 'career_events']);

export const importResult = z.object({
  id: z.uuid(),
  kind: importKind,
  effectiveOn: z.string().nullable().describe('YYYY-MM-DD: the day a people file describes'),
  careerEvents: z
    .number()
    .int()
    .describe(
      'people imports: career events the changes imply (promotions, moves, exits), written with them',
    ),
  status: importStatus,
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(importRowError),
  errorCount: z.number().int(),
  mapping: importMapping,
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
});
export type ImportResult = z.infer<typeof importResult>;

export const importPreview = z.object({
  headers: z.array(z.string()),
  mapping: importMapping,
  unmappedHeaders: z.array(z.string()),
  missingRequired: z.array(importField),
  sampleRows: z.array(z.record(z.string(), z.string())),
  totalRows: z.number().int(),
});
export type ImportPreview = z.infer<typeof importPreview>;

/** An import in the history list: the result without its row errors (fetch one import for those). */
const importSummary = importResult.omit({ errors: true });
export type ImportSummary = z.infer<typeof importSummary>;
export const importHistoryQuery = z.strictObject({ ...paginationQuery, kind: importKind.optional() });
export const importHistory = paginated(importSummary);
export type ImportHistory = z.infer<typeof importHistory>;

/**
 * POST /api/people/imports answers, with `wait=true`: 201 and the result when imported, 200 and the result for a
 * dry run (status `rejected` with every row error when rows are bad), or 422 `validation_failed` whose `details` is
 * the result (every row error with its line; nothing written). With `wait=false`: 202 and the running import.
 * A file that is not readable CSV, or lacks a required column, is a 400 naming the line or the column.
 * At most 1,000 row errors are listed; `errorCount` has them all.
 */
export const importRejected = z.object({
  error: z.object({ code: z.literal('validation_failed'), message: z.string(), details: importResult }),
});

/** POST /api/people/imports/career-events: a dry run checks every row and writes nothing. */
export const careerImportQuery = z.strictObject({
  dryRun: importQuery.shape.dryRun,
  fileName: z.string().max(200).optional(),
});

const careerEventKind = z.enum([
  'hire',
  'promotion',
  'level_change',
  'pay_change',
  'job_change',
  'department_change',
  'exit',
]);

/** A person's career history (admins only). `hire` is a rehire; the first hire is the person's hire date. */
export const careerEventList = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: careerEventKind,
      effectiveOn: z.string().describe('YYYY-MM-DD'),
      exitType: z.enum(['voluntary', 'involuntary']).nullable(),
      fromValue: z.string().nullable(),
      toValue: z.string().nullable(),
      source: z.enum(['csv', 'people_import', 'demo']),
    }),
  ),
});
export type CareerEventList = z.infer<typeof careerEventList>;
