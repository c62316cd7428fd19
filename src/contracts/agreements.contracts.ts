import { z } from 'zod';
import { isoDateTime } from './common.ts';
import { agreementContent } from './workspace-shapes.contracts.ts';

/** A program's agreement template: the same shape as a pair's agreement; its end date is usually left empty. */
export const agreementTemplate = z.object({
  content: agreementContent,
  /** True when the program has not written its own and this is Trellis' default. */
  isDefault: z.boolean(),
});
export type AgreementTemplate = z.infer<typeof agreementTemplate>;

export const putAgreementTemplateInput = z.strictObject({ content: agreementContent });

const agreementStatuses = ['draft', 'awaiting_mentor', 'awaiting_mentee', 'signed'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

const agreementSignatures = z.object({
  mentorSignedAt: isoDateTime.nullable(),
  menteeSignedAt: isoDateTime.nullable(),
});

const agreementVersionSummary = z.object({
  version: z.number().int(),
  editedBy: z.object({ personId: z.uuid(), name: z.string() }).nullable(),
  createdAt: isoDateTime,
  signed: z.boolean(),
});
export type AgreementVersionSummary = z.infer<typeof agreementVersionSummary>;

export const agreementVersionView = z.object({
  version: z.number().int(),
  content: agreementContent,
  editedBy: z.object({ personId: z.uuid(), name: z.string() }).nullable(),
  createdAt: isoDateTime,
  signatures: agreementSignatures,
});
export type AgreementVersionView = z.infer<typeof agreementVersionView>;

/** A pair's agreement as one side sees it: the current version (or a draft from the template) and its history. */
export const pairAgreement = z.object({
  relationshipId: z.uuid(),
  /** 0 while nothing was saved yet: the content is a draft from the program's template. */
  version: z.number().int(),
  content: agreementContent,
  status: z.enum(agreementStatuses),
  signatures: agreementSignatures,
  editedBy: z.object({ personId: z.uuid(), name: z.string() }).nullable(),
  updatedAt: isoDateTime.nullable(),
  myRole: z.enum(['mentor', 'mentee']),
  readOnly: z.boolean(),
  /** What the caller may do now: `edit`, `sign`. */
  availableActions: z.array(z.enum(['edit', 'sign'])),
  /** Newest first. */
  versions: z.array(agreementVersionSummary),
});
export type PairAgreement = z.infer<typeof pairAgreement>;

export const putAgreementInput = z.strictObject({ content: agreementContent });
export const signAgreementInput = z.strictObject({
  version: z
    .number()
    .int()
    .min(0)
    .describe('The version the caller read (0 signs the draft from the template)'),
});

export const agreementVersionParams = z.strictObject({
  id: z.uuid(),
  version: z.coerce.number().int().min(1).max(1_000_000),
});
