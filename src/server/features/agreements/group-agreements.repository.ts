import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { groupAgreementSignatures, groupAgreementVersions, people } from '../../db/schema.ts';

export type GroupAgreementVersionRow = typeof groupAgreementVersions.$inferSelect;

/** The group's current agreement version (the highest number), with its editor's name. */
export async function findCurrentGroupVersion(db: Db, groupId: string) {
  const rows = await db
    .select({ version: groupAgreementVersions, editorName: people.name })
    .from(groupAgreementVersions)
    .leftJoin(people, eq(people.id, groupAgreementVersions.editedByPersonId))
    .where(eq(groupAgreementVersions.groupId, groupId))
    .orderBy(desc(groupAgreementVersions.version))
    .limit(1);
  return rows[0] ?? null;
}

export async function listGroupSignatures(db: Db, versionId: string) {
  return db
    .select({ personId: groupAgreementSignatures.personId, signedAt: groupAgreementSignatures.signedAt })
    .from(groupAgreementSignatures)
    .where(eq(groupAgreementSignatures.versionId, versionId));
}

export async function insertGroupVersion(
  db: Db,
  input: {
    organisationId: string;
    groupId: string;
    version: number;
    content: unknown;
    editedByPersonId: string;
    at: Date;
  },
): Promise<GroupAgreementVersionRow> {
  const [row] = await db
    .insert(groupAgreementVersions)
    .values({
      organisationId: input.organisationId,
      groupId: input.groupId,
      version: input.version,
      content: input.content,
      editedByPersonId: input.editedByPersonId,
      createdAt: input.at,
    })
    .returning();
  return row!;
}

/** Sign a version once; false when the person had already signed it. */
export async function insertGroupSignature(
  db: Db,
  input: { organisationId: string; versionId: string; personId: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .insert(groupAgreementSignatures)
    .values({
      organisationId: input.organisationId,
      versionId: input.versionId,
      personId: input.personId,
      signedAt: input.at,
    })
    .onConflictDoNothing()
    .returning({ id: groupAgreementSignatures.id });
  return rows.length > 0;
}
