import { isDeepStrictEqual } from 'node:util';
import type { GroupAgreement } from '../../../contracts/group-workspace.contracts.ts';
import { type AgreementContent, agreementContent } from '../../../contracts/workspace-shapes.contracts.ts';
import { AppError, invalidField } from '../../../core/errors.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import {
  currentMembers,
  type GroupWorkspace,
  groupForMember,
  groupWorkspaceLink,
  lockedGroupForMember,
} from '../groups/group-access.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { programForMember } from '../programs/program-access.ts';
import { templateOf } from './agreements.service.ts';
import * as repo from './group-agreements.repository.ts';

/**
 * A group's agreement (issue 14): the pair agreement for a group. Any member edits it (a new version, unsigned:
 * everyone signs again); it is in force once every current member — mentor, co-mentor, mentees still in the
 * group — signed the current version. A member who leaves stops counting; one who joins is asked to sign.
 */

function readContent(value: unknown): AgreementContent | null {
  const parsed = agreementContent.safeParse(value);
  return parsed.success ? parsed.data : null;
}

async function draftFor(ctx: AppContext, ws: GroupWorkspace, db: Db): Promise<AgreementContent> {
  const { program } = await programForMember(ctx, ws.actor, ws.programId, db);
  return templateOf(program).content;
}

/** The agreement's state from the current version's signatures: how many of the current members signed. */
export async function groupAgreementState(db: Db, ws: GroupWorkspace) {
  const current = await repo.findCurrentGroupVersion(db, ws.groupId);
  const signatures = current ? await repo.listGroupSignatures(db, current.version.id) : [];
  const signedAt = new Map(signatures.map((s) => [s.personId, s.signedAt]));
  const members = currentMembers(ws);
  const signed = members.filter((m) => signedAt.has(m.personId)).length;
  const status: GroupAgreement['status'] = !current
    ? 'draft'
    : signed === members.length
      ? 'signed'
      : 'awaiting_signatures';
  return { current, signedAt, members, signed, status };
}

async function viewOf(ctx: AppContext, ws: GroupWorkspace, db: Db = ctx.db): Promise<GroupAgreement> {
  const { current, signedAt, members, status } = await groupAgreementState(db, ws);
  const content = (current && readContent(current.version.content)) ?? (await draftFor(ctx, ws, db));
  const actions: GroupAgreement['availableActions'] = [];
  if (!ws.readOnly) {
    actions.push('edit');
    if (!signedAt.has(ws.personId)) actions.push('sign');
  }
  return {
    groupId: ws.groupId,
    version: current?.version.version ?? 0,
    content,
    status,
    signatures: members.map((m) => ({
      personId: m.personId,
      name: m.name,
      role: m.role,
      signedAt: signedAt.get(m.personId)?.toISOString() ?? null,
    })),
    editedBy: current?.version.editedByPersonId
      ? { personId: current.version.editedByPersonId, name: current.editorName ?? 'Someone' }
      : null,
    updatedAt: current?.version.createdAt.toISOString() ?? null,
    readOnly: ws.readOnly,
    availableActions: actions,
  };
}

export async function getGroupAgreement(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
): Promise<GroupAgreement> {
  return viewOf(ctx, await groupForMember(ctx, actor, groupId, 'read'));
}

/** Ask the members who have not signed the current version yet (all but the caller) to read and sign it. */
async function askToSign(tx: Db, ws: GroupWorkspace, version: number, title: string, body: string) {
  const { signedAt, members } = await groupAgreementState(tx, ws);
  await notifyPeople(
    tx,
    members
      .filter((m) => m.personId !== ws.personId && !signedAt.has(m.personId))
      .map((m) => ({
        organisationId: ws.organisationId,
        personId: m.personId,
        kind: 'agreement_to_sign',
        title,
        body,
        link: groupWorkspaceLink(ws.groupId, 'agreement'),
        relationshipId: m.relationshipId,
        dedupeKey: `group-agreement:${ws.groupId}:v${version}:to-sign:${m.personId}:${ws.personId}`,
        email: { programId: ws.programId, actionLabel: 'Read and sign the agreement' },
      })),
  );
}

/** Any current member edits the agreement: a new version, which every member signs again. */
export async function putGroupAgreement(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  content: AgreementContent,
): Promise<GroupAgreement> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    if (content.endDate && content.endDate < ws.group.createdAt.toISOString().slice(0, 10)) {
      throw invalidField('body.content.endDate', 'must not be before the group started');
    }
    const current = await repo.findCurrentGroupVersion(tx, ws.groupId);
    if (current && isDeepStrictEqual(readContent(current.version.content), content))
      return viewOf(ctx, ws, tx);
    const version = (current?.version.version ?? 0) + 1;
    await repo.insertGroupVersion(tx, {
      organisationId: ws.organisationId,
      groupId: ws.groupId,
      version,
      content,
      editedByPersonId: ws.personId,
      at: ctx.now(),
    });
    await askToSign(
      tx,
      ws,
      version,
      `${ws.actor.name} edited your group’s agreement: please read and sign it`,
      `Version ${version} of the agreement of “${ws.group.name}” needs everyone’s signature again.`,
    );
    return viewOf(ctx, ws, tx);
  });
}

/** A member signs the version they read; a never-saved draft is saved as version 1 first. */
export async function signGroupAgreement(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  version: number,
): Promise<GroupAgreement> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    const now = ctx.now();
    let current = (await repo.findCurrentGroupVersion(tx, ws.groupId))?.version ?? null;
    let signing = version;
    if (!current && version === 0) {
      signing = 1;
      current = await repo.insertGroupVersion(tx, {
        organisationId: ws.organisationId,
        groupId: ws.groupId,
        version: 1,
        content: await draftFor(ctx, ws, tx),
        editedByPersonId: ws.personId,
        at: now,
      });
    }
    if (!current || current.version !== signing) {
      throw new AppError(
        'conflict',
        'The agreement changed since you read it: read the new version, then sign',
        { currentVersion: current?.version ?? 0 },
      );
    }
    const inserted = await repo.insertGroupSignature(tx, {
      organisationId: ws.organisationId,
      versionId: current.id,
      personId: ws.personId,
      at: now,
    });
    if (!inserted) throw new AppError('conflict', 'You have already signed this version', { version });
    const state = await groupAgreementState(tx, ws);
    if (state.status === 'signed') {
      await notifyPeople(
        tx,
        state.members.map((m) => ({
          organisationId: ws.organisationId,
          personId: m.personId,
          kind: 'agreement_signed',
          title: 'Your group’s agreement is signed',
          body: `Everyone in “${ws.group.name}” has signed version ${current.version}. It is in force from today.`,
          link: groupWorkspaceLink(ws.groupId, 'agreement'),
          relationshipId: m.relationshipId,
          dedupeKey: `group-agreement:${ws.groupId}:v${current.version}:signed:${m.personId}`,
          email: { programId: ws.programId },
        })),
      );
    }
    return viewOf(ctx, ws, tx);
  });
}
