import {
  agreementTemplate,
  agreementVersionParams,
  agreementVersionView,
  pairAgreement,
  putAgreementInput,
  putAgreementTemplateInput,
  signAgreementInput,
} from '../../../contracts/agreements.contracts.ts';
import { idParams } from '../../../contracts/common.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  getAgreementTemplate,
  getAgreementVersion,
  getPairAgreement,
  putAgreementTemplate,
  putPairAgreement,
  signPairAgreement,
} from './agreements.service.ts';

const tags = ['agreements'];

export const agreementsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/agreement-template',
    {
      schema: {
        tags,
        summary: 'The program’s agreement template (its staff and participants)',
        params: idParams,
        response: { 200: agreementTemplate },
      },
    },
    async (request) => getAgreementTemplate(ctx, request.actor, request.params.id),
  );
  app.put(
    '/programs/:id/agreement-template',
    {
      schema: {
        tags,
        summary: 'Staff: replace the program’s agreement template',
        params: idParams,
        body: putAgreementTemplateInput,
        response: { 200: agreementTemplate },
      },
    },
    async (request) => putAgreementTemplate(ctx, request.actor, request.params.id, request.body.content),
  );
  app.get(
    '/relationships/:id/agreement',
    {
      schema: {
        tags,
        summary: 'The pair’s agreement: current version (or a draft from the template), signatures, history',
        params: idParams,
        response: { 200: pairAgreement },
      },
    },
    async (request) => getPairAgreement(ctx, request.actor, request.params.id),
  );
  app.put(
    '/relationships/:id/agreement',
    {
      schema: {
        tags,
        summary: 'Edit the agreement: saves a new, unsigned version (either side of the pair)',
        params: idParams,
        body: putAgreementInput,
        response: { 200: pairAgreement },
      },
    },
    async (request) => putPairAgreement(ctx, request.actor, request.params.id, request.body.content),
  );
  app.post(
    '/relationships/:id/agreement/sign',
    {
      schema: {
        tags,
        summary: 'Sign the current version as the caller’s side of the pair',
        params: idParams,
        body: signAgreementInput,
        response: { 200: pairAgreement },
      },
    },
    async (request) => signPairAgreement(ctx, request.actor, request.params.id, request.body.version),
  );
  app.get(
    '/relationships/:id/agreement/versions/:version',
    {
      schema: {
        tags,
        summary: 'One past version of the pair’s agreement',
        params: agreementVersionParams,
        response: { 200: agreementVersionView },
      },
    },
    async (request) => getAgreementVersion(ctx, request.actor, request.params.id, request.params.version),
  );
};
