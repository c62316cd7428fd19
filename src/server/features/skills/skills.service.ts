import type { Skill, SkillInput } from '../../../contracts/skills.contracts.ts';
import { AppError, type FieldIssue, notFound } from '../../../core/errors.ts';
import { normaliseTerm } from '../../../core/matching/profiles.ts';
import { requireActor, requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './skills.repository.ts';

/** The vocabulary an organisation starts with when it creates its first program; admins edit it afterwards. */
const defaultSkills: readonly { name: string; category: string }[] = [
  ...[
    'Leadership',
    'People management',
    'Coaching',
    'Delegation',
    'Giving feedback',
    'Conflict resolution',
  ].map((name) => ({ name, category: 'Leadership' })),
  ...[
    'Public speaking',
    'Writing',
    'Presenting to executives',
    'Negotiation',
    'Influencing',
    'Networking',
  ].map((name) => ({ name, category: 'Communication' })),
  ...['Strategy', 'Product management', 'Project management', 'Data analysis', 'Finance for non-finance'].map(
    (name) => ({ name, category: 'Business' }),
  ),
  ...['Software engineering', 'System design', 'Machine learning', 'Security', 'Cloud infrastructure'].map(
    (name) => ({ name, category: 'Technical' }),
  ),
  ...[
    'Career planning',
    'Work-life balance',
    'Personal branding',
    'Time management',
    'Building confidence',
  ].map((name) => ({ name, category: 'Career' })),
  ...['Sales', 'Marketing', 'Customer success', 'Design', 'Operations'].map((name) => ({
    name,
    category: 'Functions',
  })),
];

function toSkill(row: repo.SkillRow): Skill {
  return { id: row.id, name: row.name, category: row.category };
}

/** The organisation's skills vocabulary, alphabetical; any member reads it to fill an enrolment form. */
export async function listSkills(ctx: AppContext, actor: Actor | null): Promise<{ items: Skill[] }> {
  const signedIn = requireActor(actor);
  return { items: (await repo.listSkills(ctx.db, signedIn.organisationId)).map(toSkill) };
}

export async function createSkill(ctx: AppContext, actor: Actor | null, input: SkillInput): Promise<Skill> {
  const admin = requireAdmin(actor);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertSkill(tx, {
      organisationId: admin.organisationId,
      name: input.name.replace(/\s+/g, ' '),
      category: input.category ?? null,
    });
    if (!row) throw new AppError('conflict', `The skill “${input.name}” already exists`);
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'skill.created',
      targetType: 'skill',
      targetId: row.id,
      details: { name: row.name },
      at: ctx.now(),
    });
    return toSkill(row);
  });
}

/** Remove a skill from the vocabulary; enrolments that named it keep the name (it still matches as text). */
export async function deleteSkill(ctx: AppContext, actor: Actor | null, id: string): Promise<void> {
  const admin = requireAdmin(actor);
  await ctx.db.transaction(async (tx) => {
    const row = await repo.deleteSkill(tx, admin.organisationId, id);
    if (!row) throw notFound('Skill');
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'skill.deleted',
      targetType: 'skill',
      targetId: row.id,
      details: { name: row.name },
      at: ctx.now(),
    });
  });
}

/** Seed the default vocabulary when the organisation has none (called on its first program). */
export async function ensureDefaultSkills(db: Db, organisationId: string): Promise<void> {
  const existing = await repo.listSkills(db, organisationId);
  if (existing.length === 0) await repo.insertSkills(db, organisationId, defaultSkills);
}

/**
 * Resolve skill names against the vocabulary (case- and space-insensitive) to its spelling; unknown names become
 * issues at `path[index]`.
 */
export async function resolveSkills(
  db: Db,
  organisationId: string,
  lists: readonly { path: string; names: readonly string[] }[],
): Promise<{ resolved: string[][]; issues: FieldIssue[] }> {
  const issues: FieldIssue[] = [];
  if (lists.every((list) => list.names.length === 0)) return { resolved: lists.map(() => []), issues };
  const byKey = new Map(
    (await repo.listSkills(db, organisationId)).map((row) => [normaliseTerm(row.name), row.name]),
  );
  const resolved = lists.map((list) => {
    const names: string[] = [];
    list.names.forEach((name, index) => {
      const known = byKey.get(normaliseTerm(name));
      if (!known) issues.push({ path: `${list.path}[${index}]`, message: `unknown skill “${name}”` });
      else if (!names.includes(known)) names.push(known);
    });
    return names;
  });
  return { resolved, issues };
}
