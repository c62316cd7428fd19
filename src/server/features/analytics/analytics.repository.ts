import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { analyticsSettings } from '../../db/schema.ts';

/** The organisation's analytics settings row, if one was saved. */
export async function findAnalyticsSettings(tx: Db, organisationId: string) {
  const [row] = await tx
    .select()
    .from(analyticsSettings)
    .where(eq(analyticsSettings.organisationId, organisationId));
  return row ?? null;
}
