/** What the order of a person's waiting list looks at. */
export interface Waiting {
  /** YYYY-MM-DD, or null when it has no due date. */
  dueOn: string | null;
  overdue: boolean;
  /** ISO 8601 instant since when it has waited. */
  since: string;
  id: string;
}

/**
 * The order of "what is waiting for you": overdue things first (longest overdue first), then things with a due date
 * (soonest first), then the rest (waiting longest first); ties by id so the order is stable.
 */
export function compareWaiting(a: Waiting, b: Waiting): number {
  const rank = (item: Waiting) => (item.overdue ? 0 : item.dueOn !== null ? 1 : 2);
  return (
    rank(a) - rank(b) ||
    (a.dueOn ?? '').localeCompare(b.dueOn ?? '') ||
    Date.parse(a.since) - Date.parse(b.since) ||
    a.id.localeCompare(b.id)
  );
}
