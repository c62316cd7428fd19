import { generateDemoHistory } from '../../../core/people/demo-history.ts';
import type { AppContext } from '../../context.ts';
import * as repo from './demo-history.repository.ts';

/**
 * Five years of HRIS history for the demo organisation (decision 023): promotions consistent with today's levels,
 * former employees who left, and opt-in demographics for about 70% of people. Call after the programs exist (who
 * took part in mentoring shapes the history), inside the demo's transaction.
 */
export async function createDemoHistory(ctx: AppContext, organisationId: string, seed: number) {
  const now = ctx.now();
  const people = await repo.historyPeople(ctx.db, organisationId);
  const history = generateDemoHistory({ people, today: now.toISOString().slice(0, 10), seed });
  const leaverIds = await repo.insertLeavers(ctx.db, organisationId, history.leavers, now);
  const idOf = (person: string) => leaverIds.get(person) ?? person;
  await repo.insertDemoCareerEvents(
    ctx.db,
    organisationId,
    history.events.map((event) => ({ ...event, personId: idOf(event.person) })),
    now,
  );
  await repo.setDemographics(
    ctx.db,
    organisationId,
    [...history.demographics].map(([person, demographics]) => ({ personId: idOf(person), demographics })),
  );
  return { events: history.events.length, leavers: history.leavers.length };
}
