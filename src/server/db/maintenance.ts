import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * VACUUM (ANALYZE) of the whole database: fresh planner statistics, and a visibility map that lets counts be read
 * from an index alone. PostgreSQL's autovacuum does this by itself; embedded PGlite has no background workers, so
 * without this its planner never learns how large the tables are (issue 15, decision 036). Must run outside a
 * transaction.
 */
export async function vacuumAnalyze(db: Db): Promise<void> {
  await db.execute(sql`vacuum (analyze)`);
}
