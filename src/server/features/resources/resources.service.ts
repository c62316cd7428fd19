import type {
  CreateResourceInput,
  ProgramResource,
  ProgramResourcesPage,
  ProgramResourcesQuery,
  UpdateResourceInput,
} from '../../../contracts/resources.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { programForMember, programForStaff } from '../programs/program-access.ts';
import * as repo from './resources.repository.ts';

/**
 * A program's library (§6). Program staff curate it and see how many people completed each item; the program's
 * participants read what is meant for them (everyone, or their role) and tick items off for themselves. The library
 * belongs to the program, not to a pair, so it stays readable — and completable — after a relationship ends.
 */

type Role = 'mentor' | 'mentee';

function audiencesFor(roles: readonly Role[]): string[] {
  return ['both', ...roles];
}

function toResource(
  row: repo.ResourceRow,
  completedAt: Date | null,
  completionCount: number | null,
): ProgramResource {
  return {
    id: row.id,
    programId: row.programId,
    kind: row.kind as ProgramResource['kind'],
    title: row.title,
    body: row.body,
    url: row.url,
    audience: row.audience as ProgramResource['audience'],
    position: row.position,
    done: completedAt !== null,
    completedAt: completedAt?.toISOString() ?? null,
    completionCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Staff, or a participant with their roles; anyone else in the organisation is refused. */
async function libraryReader(ctx: AppContext, actor: Actor | null, programId: string, db: Db = ctx.db) {
  const { actor: me, program } = await programForMember(ctx, actor, programId, db);
  const staff = await programForStaff(ctx, me, programId, db).then(
    () => true,
    (error: unknown) => {
      if (error instanceof AppError && error.code === 'forbidden') return false;
      throw error;
    },
  );
  const roles = me.personId ? await repo.participantRoles(db, program.id, me.personId) : [];
  if (!staff && roles.length === 0) {
    throw new AppError('forbidden', 'The library is open to the program’s participants and staff');
  }
  return { me, program, staff, roles };
}

/** The program's library: everything with completion counts for staff, what is meant for them for participants. */
export async function listProgramResources(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ProgramResourcesQuery,
): Promise<ProgramResourcesPage> {
  const { me, program, staff, roles } = await libraryReader(ctx, actor, programId);
  const { rows, total } = await repo.listResources(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(staff ? {} : { audiences: audiencesFor(roles) }),
    personId: me.personId,
    withCounts: staff,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => toResource(row.resource, row.completedAt, staff ? row.completionCount : null)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    viewer: staff ? 'staff' : 'participant',
    roles,
  };
}

/** A resource must say something: Markdown, a link, or both. */
function assertHasContent(body: string, url: string | null, field: 'body.body' | 'body.url') {
  if (body.trim() === '' && !url) throw invalidField(field, 'give the resource a text or a link');
}

export async function createProgramResource(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: CreateResourceInput,
): Promise<ProgramResource> {
  const { actor: me, program } = await programForStaff(ctx, actor, programId);
  const url = input.url ?? null;
  assertHasContent(input.body, url, 'body.body');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertResource(tx, {
      organisationId: program.organisationId,
      programId: program.id,
      kind: input.kind,
      title: input.title,
      body: input.body,
      url,
      audience: input.audience,
      position: await repo.nextPosition(tx, program.id, input.kind),
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, {
      organisationId: program.organisationId,
      actorUserId: me.userId,
      action: 'resource.created',
      targetType: 'program_resource',
      targetId: row.id,
      details: { programId: program.id, kind: row.kind, title: row.title },
      at: now,
    });
    return toResource(row, null, 0);
  });
}

/** The resource and its program, for staff of that program (members 403, other organisations 404). */
async function resourceForStaff(ctx: AppContext, actor: Actor | null, id: string, db: Db = ctx.db) {
  const me = requireActor(actor);
  const row = await repo.findResource(db, me.organisationId, id);
  if (!row) throw notFound('Resource');
  const { program } = await programForStaff(ctx, me, row.programId, db);
  return { me, row, program };
}

export async function updateProgramResource(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: UpdateResourceInput,
): Promise<ProgramResource> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { me, row, program } = await resourceForStaff(ctx, actor, id, tx);
    const body = input.body ?? row.body;
    const url = input.url === undefined ? row.url : input.url;
    assertHasContent(body, url, input.body !== undefined ? 'body.body' : 'body.url');
    const kindChanged = input.kind !== undefined && input.kind !== row.kind;
    const updated = await repo.updateResource(tx, row.id, {
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.audience !== undefined ? { audience: input.audience } : {}),
      ...(kindChanged ? { position: await repo.nextPosition(tx, program.id, input.kind!) } : {}),
      updatedAt: now,
    });
    if (!updated) throw notFound('Resource');
    await recordAudit(tx, {
      organisationId: program.organisationId,
      actorUserId: me.userId,
      action: 'resource.updated',
      targetType: 'program_resource',
      targetId: row.id,
      details: { programId: program.id, fields: Object.keys(input), title: updated.title },
      at: now,
    });
    const completion = me.personId ? await repo.findCompletion(tx, row.id, me.personId) : null;
    return toResource(updated, completion?.completedAt ?? null, await repo.countCompletions(tx, row.id));
  });
}

export async function deleteProgramResource(ctx: AppContext, actor: Actor | null, id: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const { me, row, program } = await resourceForStaff(ctx, actor, id, tx);
    await repo.deleteResource(tx, row.id);
    await recordAudit(tx, {
      organisationId: program.organisationId,
      actorUserId: me.userId,
      action: 'resource.deleted',
      targetType: 'program_resource',
      targetId: row.id,
      details: { programId: program.id, kind: row.kind, title: row.title },
      at: now,
    });
  });
}

/**
 * Mark a resource done (or not) for the caller: a participant it is meant for. Resources the caller may not see
 * answer 404, like an id that does not exist; staff who take no part in the program have nothing to tick off.
 */
export async function setResourceCompletion(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  done: boolean,
): Promise<ProgramResource> {
  return ctx.db.transaction(async (tx) => {
    const signedIn = requireActor(actor);
    const row = await repo.findResource(tx, signedIn.organisationId, id);
    if (!row) throw notFound('Resource');
    const { me, staff, roles } = await libraryReader(ctx, signedIn, row.programId, tx).catch(
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'forbidden') throw notFound('Resource');
        throw error;
      },
    );
    if (!audiencesFor(roles).includes(row.audience) || !me.personId) {
      if (staff) {
        throw new AppError('forbidden', 'Only the participants a resource is meant for can mark it done');
      }
      throw notFound('Resource');
    }
    if (done) {
      await repo.insertCompletion(tx, {
        organisationId: row.organisationId,
        resourceId: row.id,
        personId: me.personId,
        at: ctx.now(),
      });
    } else {
      await repo.deleteCompletion(tx, row.id, me.personId);
    }
    const completion = await repo.findCompletion(tx, row.id, me.personId);
    return toResource(
      row,
      completion?.completedAt ?? null,
      staff ? await repo.countCompletions(tx, row.id) : null,
    );
  });
}
