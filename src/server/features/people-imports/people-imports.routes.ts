import type { FastifyRequest } from 'fastify';
import { errorResponse, idParams } from '../../../contracts/common.ts';
import {
  careerEventList,
  careerImportQuery,
  type ImportMapping,
  importHistory,
  importHistoryQuery,
  importMapping,
  importPreview,
  importQuery,
  importRejected,
  importResult,
} from '../../../contracts/people-imports.contracts.ts';
import { AppError, invalidField } from '../../../core/errors.ts';
import { findUnstorableText } from '../../../core/storable-text.ts';
import type { RoutesPlugin } from '../../app.ts';
import { acceptCsvUploads, type CsvInput, isCsvUpload } from '../../lib/csv-upload.ts';
import * as careerService from './career-events.service.ts';
import * as service from './people-imports.service.ts';

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  413: errorResponse,
  415: errorResponse,
};
const tags = ['people imports'];
const uploadQuery = importQuery.pick({ mapping: true, fileName: true });

function parseMapping(text: string | undefined, path: string): ImportMapping | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidField(path, 'is not valid JSON (expected an object such as {"email":"Courriel"})');
  }
  // A form field bypasses the request checks JSON bodies and query strings get in app.ts.
  const unstorable = findUnstorableText(value, path);
  if (unstorable) throw invalidField(unstorable.path, unstorable.message);
  const parsed = importMapping.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidField([path, ...issue.path].join('.'), issue.message);
  }
  return parsed.data;
}

/**
 * The CSV and its options, from a text/csv body (left unread: the service reads it as it arrives) or a multipart form
 * (a `file` part, read as it arrives since the fields after it come only once it is read, and optional fields).
 */
async function readUpload(
  request: FastifyRequest,
  query: { mapping?: string; fileName?: string; dryRun?: boolean; effectiveOn?: string },
  withMapping = true,
): Promise<{
  csv: CsvInput;
  mapping?: ImportMapping;
  fileName: string | null;
  dryRun: boolean | undefined;
  effectiveOn: string | undefined;
}> {
  let csv: CsvInput | undefined;
  let effectiveOn = query.effectiveOn;
  let mappingText = query.mapping;
  let mappingPath = 'querystring.mapping';
  let fileName = query.fileName ?? null;
  let dryRun = query.dryRun;
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw invalidField(`body.${part.fieldname}`, 'unknown file field: send the CSV as "file"');
        }
        csv = await service.readImportCsv(part.file);
        fileName = fileName ?? (part.filename || null);
      } else if (part.fieldname === 'mapping' && withMapping) {
        mappingText = String(part.value);
        mappingPath = 'body.mapping';
      } else if (part.fieldname === 'dryRun') {
        const value = String(part.value);
        if (!['true', 'false', '1', '0'].includes(value))
          throw invalidField('body.dryRun', 'must be true or false');
        dryRun = value === 'true' || value === '1';
      } else if (part.fieldname === 'effectiveOn' && withMapping) {
        effectiveOn = String(part.value).slice(0, 10);
      } else if (part.fieldname === 'fileName') {
        fileName = String(part.value).slice(0, 200);
        const unstorable = findUnstorableText(fileName, 'body.fileName');
        if (unstorable) throw invalidField(unstorable.path, unstorable.message);
      } else {
        throw invalidField(`body.${part.fieldname}`, 'unknown field');
      }
    }
    if (csv === undefined) throw invalidField('body.file', 'the CSV file is missing');
  } else if (isCsvUpload(request.body)) {
    csv = request.body;
  } else if (request.body === undefined || request.body === null) {
    throw invalidField('body', 'the CSV file is missing: send it as text/csv or multipart/form-data');
  } else {
    throw new AppError(
      'unsupported_media_type',
      'Send the CSV as text/csv or as multipart/form-data with a "file" part',
    );
  }
  return { csv, mapping: parseMapping(mappingText, mappingPath), fileName, dryRun, effectiveOn };
}

export const peopleImportsRoutes: RoutesPlugin = (app, ctx) => {
  // The two upload routes take CSV files of up to 100 MB, read as they arrive; the access table has made sure the
  // caller is an admin before a byte of them is read.
  void app.register(async (uploads) => {
    await acceptCsvUploads(uploads);
    uploadRoutes(uploads as typeof app, ctx);
  });

  app.get(
    '/people/imports',
    {
      schema: {
        tags,
        summary: 'Import history, newest first (admin)',
        querystring: importHistoryQuery,
        response: { 200: importHistory, ...errors },
      },
      // A running import's progress is held in this process's memory, not written: never from the read cache.
      config: { readCache: false },
    },
    async (request) => service.listImports(ctx, request.actor, request.query),
  );

  app.get(
    '/people/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import, with its progress while it runs and its row errors (admin)',
        params: idParams,
        response: { 200: importResult, ...errors },
      },
      // A running import's progress is held in this process's memory, not written: never from the read cache.
      config: { readCache: false },
    },
    async (request) => service.getImport(ctx, request.actor, request.params.id),
  );

  app.get(
    '/people/:id/career-events',
    {
      schema: {
        tags,
        summary: "A person's career history: promotions, moves, exits and rehires, oldest first (admin)",
        params: idParams,
        response: { 200: careerEventList, ...errors },
      },
    },
    async (request) => careerService.personCareerEvents(ctx, request.actor, request.params.id),
  );
};

const uploadRoutes: RoutesPlugin = (app, ctx) => {
  app.post(
    '/people/imports',
    {
      schema: {
        tags,
        summary: 'Import people from an HRIS CSV (admin)',
        description:
          'Body: the CSV as text/csv, or multipart/form-data with a "file" part and optional "mapping" (JSON) and ' +
          '"dryRun" fields. 201: imported; 200: dry run (status rejected lists every row error); 422: rows have ' +
          'errors, nothing written, details is the result; 202 (wait=false): started, poll GET /api/people/imports/{id}.',
        querystring: importQuery,
        response: { 200: importResult, 201: importResult, 202: importResult, 422: importRejected, ...errors },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, request.query);
      const input = { ...upload, dryRun: upload.dryRun ?? request.query.dryRun };
      if (!request.query.wait)
        return reply.status(202).send(await service.startPeopleImport(ctx, request.actor, input));
      const result = await service.importPeople(ctx, request.actor, input);
      if (result.dryRun) return reply.status(200).send(result);
      if (result.status === 'rejected') {
        return reply.status(422).send({
          error: {
            code: 'validation_failed' as const,
            message: `${result.errorCount} row error${result.errorCount === 1 ? '' : 's'}: nothing was imported (first: line ${result.errors[0]?.line}: ${result.errors[0]?.message})`,
            details: result,
          },
        });
      }
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/people/imports/career-events',
    {
      schema: {
        tags,
        summary: 'Import career events (promotions, moves, exits, rehires) from CSV (admin)',
        description:
          'Body: the CSV as text/csv, or multipart/form-data with a "file" part and an optional "dryRun" field. ' +
          'Columns: hris_id or email, event (promotion, level_change, pay_change, job_change, department_change, ' +
          'exit, hire), date (YYYY-MM-DD, not after today), from, to, exit_type (voluntary or involuntary, exits ' +
          'only). 201: imported; 200: dry run; 422: rows have errors, nothing written, details is the result. The ' +
          'same event (person, event, date) imported again changes nothing.',
        querystring: careerImportQuery,
        response: { 200: importResult, 201: importResult, 422: importRejected, ...errors },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, request.query, false);
      const result = await careerService.importCareerEvents(ctx, request.actor, {
        csv: upload.csv,
        fileName: upload.fileName,
        dryRun: upload.dryRun ?? request.query.dryRun,
      });
      if (result.dryRun) return reply.status(200).send(result);
      if (result.status === 'rejected') {
        return reply.status(422).send({
          error: {
            code: 'validation_failed' as const,
            message: `${result.errorCount} row error${result.errorCount === 1 ? '' : 's'}: nothing was imported (first: line ${result.errors[0]?.line}: ${result.errors[0]?.message})`,
            details: result,
          },
        });
      }
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/people/imports/preview',
    {
      schema: {
        tags,
        summary:
          'Headers, automatic column mapping and the first 10 rows of a CSV (admin); nothing is stored',
        querystring: uploadQuery,
        response: { 200: importPreview, ...errors },
      },
    },
    async (request) => {
      const upload = await readUpload(request, request.query);
      return service.previewImport(ctx, request.actor, upload);
    },
  );
};
