/**
 * Analytics across a program and the organisation (§8, issue 12): the smallest group any aggregate may show.
 */
import { MIN_GROUP_SIZE_FLOOR } from '../../../core/analytics/suppression.ts';
import type { Db } from '../../db/client.ts';
import { findAnalyticsSettings } from './analytics.repository.ts';

/** The smallest group an aggregate may describe in this organisation: its setting, never below 5. */
export async function minGroupSize(tx: Db, organisationId: string): Promise<number> {
  const row = await findAnalyticsSettings(tx, organisationId);
  return Math.max(MIN_GROUP_SIZE_FLOOR, row?.minGroupSize ?? MIN_GROUP_SIZE_FLOOR);
}
