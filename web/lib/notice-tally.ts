import type { NoticeTally } from '../../src/contracts/notice-tally.contracts.ts';
import { plural } from './format.ts';

const people = (count: number) => plural(count, 'person', 'people');

/**
 * Who was actually told, in a sentence or two: "6 people told: 4 by email, 1 in the app only. 1 person was not
 * told: they turned these messages off. 3 have no account yet: their email invites them to create one."
 * `future` words it for a confirmation ("will be told").
 */
export function describeTally(tally: NoticeTally, future = false): string {
  if (tally.people === 0) return future ? 'Nobody will be told.' : 'Nobody was told.';
  const told = tally.people - tally.notTold;
  const sentences: string[] = [];
  if (told > 0) {
    const ways = [
      tally.byEmail > 0 ? `${tally.byEmail} by email` : null,
      tally.inDigest > 0 ? `${tally.inDigest} in their email digest` : null,
      tally.inAppOnly > 0 ? `${tally.inAppOnly} in the app only` : null,
    ].filter(Boolean);
    const how =
      ways.length === 1 && tally.byEmail === told
        ? ' by email'
        : ways.length === 1 && tally.inAppOnly === told
          ? ' in the app only'
          : ways.length === 1 && tally.inDigest === told
            ? ' in their email digest'
            : `: ${ways.join(', ')}`;
    sentences.push(`${people(told)} ${future ? 'will be told' : 'told'}${how}.`);
  }
  if (tally.notTold > 0)
    sentences.push(
      `${people(tally.notTold)} ${future ? 'will not be' : tally.notTold === 1 ? 'was not' : 'were not'} told: they turned these messages off.`,
    );
  if (tally.withoutAccount > 0)
    sentences.push(
      `${tally.withoutAccount} ${tally.withoutAccount === 1 ? 'has' : 'have'} no account yet${
        tally.byEmail + tally.inDigest > 0 ? ': the email invites them to create one' : ''
      }.`,
    );
  return sentences.join(' ');
}
