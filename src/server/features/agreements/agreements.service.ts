import { isDeepStrictEqual } from 'node:util';
import type {
  AgreementStatus,
  AgreementTemplate,
  AgreementVersionSummary,
  AgreementVersionView,
  PairAgreement,
} from '../../../contracts/agreements.contracts.ts';
import { type AgreementContent, agreementContent } from '../../../contracts/workspace-shapes.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../lib/database-errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programForMember, programForStaff } from '../programs/program-access.ts';
import { saveAgreementTemplate } from '../programs/programs.service.ts';
import { firstNameOf, lockRelationshipRow } from '../relationships/relationships.service.ts';
import { recordWorkspaceActivity } from '../workspace/workspace.service.ts';
import { type PairWorkspace, workspaceForPair } from '../workspace/workspace-access.ts';
import * as repo from './agreements.repository.ts';

/**
 * A pair's mentoring agreement (§6). The program's staff write a template; each pair starts from it, edits it
 * (every edit is a new version, so an edit after signing asks both to sign again) and signs it, each side once.
 */

/** What a program that has not written its own template offers its pairs. */
const DEFAULT_AGREEMENT_TEMPLATE: AgreementContent = {
  goals: [
    'Together we agree on two or three goals for the mentee, written so we can tell when each is reached',
    '(for example: "lead a cross-team project by June" rather than "get better at leadership").',
    'We write them down as goals in our workspace and look at them again at least once a month.',
  ].join(' '),
  meetingFrequency: 'fortnightly',
  communicationModes: ['video', 'chat'],
  confidentiality: [
    'What we discuss stays between us unless we both agree or someone is at risk of harm; if one of us must share something, we say so first.',
    'Program staff see that we meet and how it is going overall, never what we talk about.',
  ].join(' '),
  groundRules: [
    '- Come prepared: the mentee brings topics or questions, the mentor brings time and attention.',
    '- Give at least 24 hours’ notice to reschedule, and propose a new time when you do.',
    '- Give honest, kind feedback, and ask for it: say what is working and what is not.',
    '- Keep meetings to the time agreed and start on time.',
    '- Either of us can end the relationship early, after talking about it openly.',
  ].join('\n'),
  endDate: null,
};

function readContent(value: unknown): AgreementContent | null {
  const parsed = agreementContent.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function templateOf(program: ProgramRow): AgreementTemplate {
  const content = readContent(program.agreementTemplate);
  return content ? { content, isDefault: false } : { content: DEFAULT_AGREEMENT_TEMPLATE, isDefault: true };
}

/** The program's agreement template: its staff and its participants may read it. */
export async function getAgreementTemplate(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
): Promise<AgreementTemplate> {
  const { actor: me, program } = await programForMember(ctx, actor, programId);
  const participant = me.personId ? await repo.isProgramParticipant(ctx.db, program.id, me.personId) : false;
  if (!participant) await programForStaff(ctx, me, program.id);
  return templateOf(program);
}

/** Staff: replace the program's template (pairs that already saved an agreement keep theirs). */
export async function putAgreementTemplate(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  content: AgreementContent,
): Promise<AgreementTemplate> {
  const { actor: me, program } = await programForStaff(ctx, actor, programId);
  await ctx.db.transaction(async (tx) => {
    await saveAgreementTemplate(tx, program.id, content);
    await recordAudit(tx, {
      organisationId: program.organisationId,
      actorUserId: me.userId,
      action: 'program.agreement_template_updated',
      targetType: 'program',
      targetId: program.id,
      details: { programName: program.name },
      at: ctx.now(),
    });
  });
  return { content, isDefault: false };
}

function statusOf(row: { mentorSignedAt: Date | null; menteeSignedAt: Date | null } | null): AgreementStatus {
  if (!row) return 'draft';
  if (row.mentorSignedAt && row.menteeSignedAt) return 'signed';
  if (row.mentorSignedAt) return 'awaiting_mentee';
  if (row.menteeSignedAt) return 'awaiting_mentor';
  return 'draft';
}

/** "2026-03-31" plus months, clamped to the month's last day (Jan 31 + 1 month → Feb 28/29). */
function addMonths(start: Date, months: number): string {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay)));
  return date.toISOString().slice(0, 10);
}

function startOf(workspace: PairWorkspace): Date {
  const r = workspace.row.relationship;
  return r.startedAt ?? r.createdAt;
}

/** The agreement a pair starts from: the program's template, ending when the program says relationships end. */
async function draftFor(ctx: AppContext, workspace: PairWorkspace, db: Db): Promise<AgreementContent> {
  const { program } = await programForMember(ctx, workspace.actor, workspace.programId, db);
  return {
    ...templateOf(program).content,
    endDate: addMonths(startOf(workspace), program.relationshipMonths),
  };
}

function editorOf(row: repo.AgreementVersionWithEditor) {
  return row.editedByPersonId ? { personId: row.editedByPersonId, name: row.editorName ?? 'Someone' } : null;
}

function mySignature(workspace: PairWorkspace, row: repo.AgreementVersionRow): Date | null {
  return workspace.role === 'mentor' ? row.mentorSignedAt : row.menteeSignedAt;
}

async function viewOf(ctx: AppContext, workspace: PairWorkspace, db: Db = ctx.db): Promise<PairAgreement> {
  const versions = await repo.listAgreementVersions(db, workspace.relationshipId);
  const current = versions[0] ?? null;
  const content = (current && readContent(current.content)) ?? (await draftFor(ctx, workspace, db));
  const actions: PairAgreement['availableActions'] = [];
  if (!workspace.readOnly) {
    actions.push('edit');
    if (!current || !mySignature(workspace, current)) actions.push('sign');
  }
  return {
    relationshipId: workspace.relationshipId,
    version: current?.version ?? 0,
    content,
    status: statusOf(current),
    signatures: {
      mentorSignedAt: current?.mentorSignedAt?.toISOString() ?? null,
      menteeSignedAt: current?.menteeSignedAt?.toISOString() ?? null,
    },
    editedBy: current ? editorOf(current) : null,
    updatedAt: current?.createdAt.toISOString() ?? null,
    myRole: workspace.role,
    readOnly: workspace.readOnly,
    availableActions: actions,
    versions: versions.map(
      (row): AgreementVersionSummary => ({
        version: row.version,
        editedBy: editorOf(row),
        createdAt: row.createdAt.toISOString(),
        signed: Boolean(row.mentorSignedAt && row.menteeSignedAt),
      }),
    ),
  };
}

export async function getPairAgreement(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
): Promise<PairAgreement> {
  const workspace = await workspaceForPair(ctx, actor, relationshipId, 'read');
  return viewOf(ctx, workspace);
}

export async function getAgreementVersion(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  version: number,
): Promise<AgreementVersionView> {
  const workspace = await workspaceForPair(ctx, actor, relationshipId, 'read');
  const row = await repo.findAgreementVersion(ctx.db, workspace.relationshipId, version);
  if (!row) throw notFound('Agreement version');
  const content = readContent(row.content);
  if (!content) throw new AppError('internal', 'This agreement version could not be read');
  return {
    version: row.version,
    content,
    editedBy: editorOf(row),
    createdAt: row.createdAt.toISOString(),
    signatures: {
      mentorSignedAt: row.mentorSignedAt?.toISOString() ?? null,
      menteeSignedAt: row.menteeSignedAt?.toISOString() ?? null,
    },
  };
}

/**
 * Run a change to the pair's agreement with the relationship row locked, so two edits at once are numbered one
 * after the other (the unique index on (relationship, version) is the last guard: a clash there is a 409).
 */
async function withLockedAgreement<T>(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  change: (tx: Db, workspace: PairWorkspace) => Promise<T>,
): Promise<T> {
  // Authorise before locking anything, so strangers never wait on (or learn about) the row.
  await workspaceForPair(ctx, actor, relationshipId, 'write');
  try {
    return await ctx.db.transaction(async (tx) => {
      const preliminary = await workspaceForPair(ctx, actor, relationshipId, 'read', tx);
      const locked = await lockRelationshipRow(tx, preliminary.organisationId, relationshipId);
      if (locked.status !== 'active') {
        throw new AppError('conflict', 'This relationship has ended: its workspace is read-only', {
          status: locked.status,
        });
      }
      return change(tx, preliminary);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'conflict',
        'Your partner changed the agreement at the same time; reload and try again',
      );
    }
    throw error;
  }
}

function agreementLink(relationshipId: string) {
  return `/mentoring/relationships/${relationshipId}/agreement`;
}

function checkEndDate(workspace: PairWorkspace, content: AgreementContent) {
  if (content.endDate && content.endDate < startOf(workspace).toISOString().slice(0, 10)) {
    throw invalidField('body.content.endDate', 'must not be before the relationship started');
  }
}

/** Either side edits the agreement: a new version, unsigned; the partner is asked to read and sign it. */
export async function putPairAgreement(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  content: AgreementContent,
): Promise<PairAgreement> {
  return withLockedAgreement(ctx, actor, relationshipId, async (tx, workspace) => {
    checkEndDate(workspace, content);
    const current = await repo.findCurrentAgreementVersion(tx, workspace.relationshipId);
    // Saving what is already there changes nothing, so it does not cost the pair their signatures.
    if (current && isDeepStrictEqual(readContent(current.content), content))
      return viewOf(ctx, workspace, tx);
    const now = ctx.now();
    const version = (current?.version ?? 0) + 1;
    await repo.insertAgreementVersion(tx, {
      organisationId: workspace.organisationId,
      relationshipId: workspace.relationshipId,
      version,
      content,
      editedByPersonId: workspace.personId,
      at: now,
    });
    const wasSigned = Boolean(current?.mentorSignedAt || current?.menteeSignedAt);
    await recordWorkspaceActivity(tx, [
      {
        organisationId: workspace.organisationId,
        relationshipId: workspace.relationshipId,
        actorPersonId: workspace.personId,
        kind: 'agreement_edited',
        summary: `${workspace.actor.name} edited the agreement (version ${version})`,
        at: now,
      },
    ]);
    await notifyPeople(tx, [
      {
        organisationId: workspace.organisationId,
        personId: workspace.partnerPersonId,
        kind: 'agreement_to_sign',
        title: wasSigned
          ? `${workspace.actor.name} changed your signed mentoring agreement: please sign it again`
          : `${workspace.actor.name} edited your mentoring agreement: it is ready for you to sign`,
        body: wasSigned
          ? `The agreement changed after it was signed, so you both need to sign version ${version} again. Read what changed, then sign it when you agree.`
          : `Read version ${version} and sign it when you agree, or change it and ask ${firstNameOf(workspace.actor.name)} to sign.`,
        link: agreementLink(workspace.relationshipId),
        relationshipId: workspace.relationshipId,
        dedupeKey: `agreement:${workspace.relationshipId}:v${version}:to-sign:${workspace.partnerPersonId}`,
        email: { programId: workspace.programId, actionLabel: 'Read and sign the agreement' },
      },
    ]);
    return viewOf(ctx, workspace, tx);
  });
}

/** One side signs the version they read; a never-saved draft is saved as version 1 first. */
export async function signPairAgreement(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  version: number,
): Promise<PairAgreement> {
  return withLockedAgreement(ctx, actor, relationshipId, async (tx, workspace) => {
    const now = ctx.now();
    let current = await repo.findCurrentAgreementVersion(tx, workspace.relationshipId);
    let signing = version;
    if (!current && version === 0) {
      signing = 1;
      current = await repo.insertAgreementVersion(tx, {
        organisationId: workspace.organisationId,
        relationshipId: workspace.relationshipId,
        version: 1,
        content: await draftFor(ctx, workspace, tx),
        editedByPersonId: workspace.personId,
        at: now,
      });
    }
    if (!current || current.version !== signing) {
      throw new AppError(
        'conflict',
        'The agreement changed since you read it: read the new version, then sign',
        {
          currentVersion: current?.version ?? 0,
        },
      );
    }
    if (mySignature(workspace, current)) {
      throw new AppError('conflict', 'You have already signed this version', { version });
    }
    const signed = await repo.signAgreementVersion(tx, current.id, workspace.role, now);
    const link = agreementLink(workspace.relationshipId);
    if (signed.mentorSignedAt && signed.menteeSignedAt) {
      await recordWorkspaceActivity(tx, [
        {
          organisationId: workspace.organisationId,
          relationshipId: workspace.relationshipId,
          actorPersonId: workspace.personId,
          kind: 'agreement_signed',
          summary: `The agreement (version ${signed.version}) is signed by both of you`,
          subjectId: signed.id,
          at: now,
        },
      ]);
      await notifyPeople(
        tx,
        [workspace.personId, workspace.partnerPersonId].map((personId) => ({
          organisationId: workspace.organisationId,
          personId,
          kind: 'agreement_signed',
          title: 'Your mentoring agreement is signed',
          body: `You have both signed version ${signed.version}. It is in force from today.`,
          link,
          relationshipId: workspace.relationshipId,
          dedupeKey: `agreement:${workspace.relationshipId}:v${signed.version}:signed:${personId}`,
          email: { programId: workspace.programId },
        })),
      );
    } else {
      await notifyPeople(tx, [
        {
          organisationId: workspace.organisationId,
          personId: workspace.partnerPersonId,
          kind: 'agreement_to_sign',
          title: `${workspace.actor.name} signed your mentoring agreement: your signature is next`,
          body: `Read version ${signed.version} and add your signature when you agree.`,
          link,
          relationshipId: workspace.relationshipId,
          dedupeKey: `agreement:${workspace.relationshipId}:v${signed.version}:to-sign:${workspace.partnerPersonId}`,
          email: { programId: workspace.programId, actionLabel: 'Read and sign the agreement' },
        },
      ]);
    }
    return viewOf(ctx, workspace, tx);
  });
}

/** An active relationship whose agreement waits for this person's signature (for their home). */
export interface AgreementAwaitingSignature {
  relationshipId: string;
  program: { id: string; name: string };
  myRole: 'mentor' | 'mentee';
  partnerName: string;
  /** The version to sign; 0 while the pair has not saved one (the program's template is the draft). */
  version: number;
  /** The partner edited the current version (so it changed since the person last saw it). */
  editedByPartner: boolean;
  partnerSigned: boolean;
  /** Since when it has been waiting: the version's date, or the start of the relationship. */
  since: Date;
  link: string;
}

/**
 * The person's active relationships whose agreement waits for their signature, oldest first. The caller passes the
 * signed-in person's own ids: this reads what is theirs and authorises nothing else.
 */
export async function agreementsAwaitingSignatureOf(
  db: Db,
  organisationId: string,
  personId: string,
  limit: number,
): Promise<AgreementAwaitingSignature[]> {
  const rows = await repo.listAwaitingSignatureOf(db, organisationId, personId, limit);
  return rows.map((row) => {
    const myRole = row.mentorPersonId === personId ? 'mentor' : 'mentee';
    return {
      relationshipId: row.relationshipId,
      program: { id: row.programId, name: row.programName },
      myRole,
      partnerName: myRole === 'mentor' ? row.menteeName : row.mentorName,
      version: row.version ?? 0,
      editedByPartner: row.editedByPersonId !== null && row.editedByPersonId !== personId,
      partnerSigned: row.version !== null && Boolean(row.partnerSigned),
      since: row.versionCreatedAt ?? row.startedAt ?? new Date(0),
      link: agreementLink(row.relationshipId),
    };
  });
}
