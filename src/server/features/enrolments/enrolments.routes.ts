import { errorResponse, idParams } from '../../../contracts/common.ts';
import {
  bulkEnrolmentInput,
  bulkEnrolmentResult,
  enrolment,
  enrolmentDecision,
  enrolmentDecisionsInput,
  enrolmentDecisionsResult,
  enrolmentImportPreview,
  enrolmentInput,
  enrolmentListQuery,
  enrolmentListResponse,
  enrolmentUpdate,
  myEnrolmentsResponse,
} from '../../../contracts/enrolments.contracts.ts';
import { invalidField } from '../../../core/errors.ts';
import type { RoutesPlugin } from '../../app.ts';
import { acceptCsvUploads, isCsvUpload } from '../../lib/csv-upload.ts';
import { decideEnrolments } from './enrolment-bulk.service.ts';
import { importEnrolments, previewEnrolmentImport } from './enrolment-import.service.ts';
import * as service from './enrolments.service.ts';

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
const tags = ['enrolments'];

/** Enrolment as mentor or mentee: by the person, or by program staff one at a time, in bulk or from a CSV. */
export const enrolmentsRoutes: RoutesPlugin = (app, ctx) => {
  app.post(
    '/programs/:id/enrolments',
    {
      schema: {
        tags,
        summary: 'Enrol as mentor or mentee (staff may enrol someone with personId)',
        params: idParams,
        body: enrolmentInput,
        response: { 201: enrolment, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.enrol(ctx, request.actor, request.params.id, request.body)),
  );

  app.get(
    '/programs/:id/enrolments',
    {
      schema: {
        tags,
        summary: 'The program’s enrolments (staff)',
        params: idParams,
        querystring: enrolmentListQuery,
        response: { 200: enrolmentListResponse, ...errors },
      },
    },
    async (request) => service.listProgramEnrolments(ctx, request.actor, request.params.id, request.query),
  );

  app.post(
    '/programs/:id/enrolments/bulk',
    {
      schema: {
        tags,
        summary: 'Enrol directory people in bulk, all or nothing (staff)',
        params: idParams,
        body: bulkEnrolmentInput,
        response: { 200: bulkEnrolmentResult, ...errors },
      },
    },
    async (request) => service.bulkEnrol(ctx, request.actor, request.params.id, request.body),
  );

  // The CSV arrives unread: the service reads it once it knows the caller is staff of the program.
  void app.register(async (uploads) => {
    await acceptCsvUploads(uploads);
    (uploads as typeof app).post(
      '/programs/:id/enrolments/import',
      {
        schema: {
          tags,
          summary:
            'Enrol from a CSV (email, role, capacity, skills, …), all or nothing with line-numbered errors (staff)',
          description: 'Body: the CSV file as text/csv (at most 20,000 rows, 100 MB).',
          params: idParams,
          consumes: ['text/csv'],
          response: { 200: bulkEnrolmentResult, ...errors, 413: errorResponse },
        },
      },
      async (request) => {
        if (!isCsvUpload(request.body)) throw invalidField('body', 'send the CSV file as text/csv');
        return importEnrolments(ctx, request.actor, request.params.id, request.body);
      },
    );
    (uploads as typeof app).post(
      '/programs/:id/enrolments/import/preview',
      {
        schema: {
          tags,
          summary:
            'Check an enrolment CSV without writing: who would be added, who is enrolled already, every problem by line (staff)',
          description:
            'Body: the CSV file as text/csv, as for the import. Problems of the file are in `errors`.',
          params: idParams,
          consumes: ['text/csv'],
          response: { 200: enrolmentImportPreview, ...errors, 413: errorResponse },
        },
      },
      async (request) => {
        if (!isCsvUpload(request.body)) throw invalidField('body', 'send the CSV file as text/csv');
        return previewEnrolmentImport(ctx, request.actor, request.params.id, request.body);
      },
    );
  });

  app.post(
    '/programs/:id/enrolments/decisions',
    {
      schema: {
        tags,
        summary:
          'Approve, reject or waitlist many enrolments at once, picked or matching a filter; all or nothing (staff)',
        params: idParams,
        body: enrolmentDecisionsInput,
        response: { 200: enrolmentDecisionsResult, ...errors },
      },
    },
    async (request) => decideEnrolments(ctx, request.actor, request.params.id, request.body),
  );

  app.get(
    '/me/enrolments',
    {
      schema: {
        tags,
        summary: 'My enrolments in every program',
        response: { 200: myEnrolmentsResponse, ...errors },
      },
    },
    async (request) => service.myEnrolments(ctx, request.actor),
  );

  app.get(
    '/enrolments/:id',
    {
      schema: {
        tags,
        summary: 'One enrolment (the person or staff)',
        params: idParams,
        response: { 200: enrolment, ...errors },
      },
    },
    async (request) => service.getEnrolment(ctx, request.actor, request.params.id),
  );

  app.patch(
    '/enrolments/:id',
    {
      schema: {
        tags,
        summary: 'Edit profile or answers (the person or staff)',
        params: idParams,
        body: enrolmentUpdate,
        response: { 200: enrolment, ...errors },
      },
    },
    async (request) => service.updateEnrolment(ctx, request.actor, request.params.id, request.body),
  );

  app.post(
    '/enrolments/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Leave the program (the person or staff)',
        params: idParams,
        response: { 200: enrolment, ...errors },
      },
    },
    async (request) => service.withdrawEnrolment(ctx, request.actor, request.params.id),
  );

  app.post(
    '/enrolments/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a pending or waitlisted enrolment (staff)',
        params: idParams,
        response: { 200: enrolment, ...errors },
      },
    },
    async (request) => service.approveEnrolment(ctx, request.actor, request.params.id),
  );

  app.post(
    '/enrolments/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a pending or waitlisted enrolment (staff)',
        params: idParams,
        body: enrolmentDecision.optional(),
        response: { 200: enrolment, ...errors },
      },
    },
    async (request) => service.rejectEnrolment(ctx, request.actor, request.params.id, request.body?.reason),
  );
};
