/**
 * Small-group suppression for aggregates shown by group (§8 diversity view, coordinators' tables): every cell of a
 * group with fewer than k people is hidden (k defaults to 5 and is never below 5), and further cells are hidden
 * (complementary suppression) until no hidden value can be worked out from the shown cells and totals — not by
 * subtracting along one row or column, nor by combining several.
 *
 * The audit is exact. With the totals written into the table with a minus sign, every row and column of the
 * (rows + 1) × (columns + 1) table sums to zero; a hidden value can change, keeping every shown number and every
 * count non-negative, exactly when it lies on a cycle of hidden cells alternating +1 / −1 along rows and columns on
 * which every cell that goes down is above zero. That is a path search in a small graph (rows and columns are
 * nodes, hidden cells are edges). When a hidden cell is pinned down, the cheapest such cycle through it — hiding as
 * few and as small shown cells as possible, totals only when nothing else works — is hidden too.
 */

/** The smallest group that may be shown: no configuration can go below it. */
export const MIN_GROUP_SIZE_FLOOR = 5;

export interface GroupCountTable {
  /** Counts, one row per group (e.g. a self-described gender), one column per measure or category. */
  cells: readonly (readonly number[])[];
  /** People in each row's group; defaults to the row's sum (when the columns split the group). */
  groupSizes?: readonly number[];
  /** The sum of each row is shown (or can be read elsewhere). */
  rowTotals?: boolean;
  /** The sum of each column is shown (or can be read elsewhere), and with it the grand total. */
  columnTotals?: boolean;
}

export type SuppressionReason = 'small_group' | 'complementary';

export interface SuppressedCell {
  row: number | 'total';
  column: number | 'total';
  reason: SuppressionReason;
}

export interface SuppressedTable {
  /** The counts, with null where hidden. */
  cells: (number | null)[][];
  /** Row totals (null where hidden), or null when row totals are not shown. */
  rowTotals: (number | null)[] | null;
  /** Column totals (null where hidden), or null when column totals are not shown. */
  columnTotals: (number | null)[] | null;
  /** The grand total (null where hidden), or undefined when no totals are shown. */
  grandTotal?: number | null;
  /** What was hidden and why, row by row. */
  suppressed: SuppressedCell[];
  /** The k applied (at least 5). */
  minGroupSize: number;
}

type Kind = 'body' | 'total' | 'grand';

/** The table with its totals as one (R + 1) × (C + 1) grid: totals in the last row and column. */
class Grid {
  readonly rows: number;
  readonly columns: number;
  readonly value: number[][];
  /** Hidden from the reader: suppressed, or a total that is not shown. */
  readonly hidden: boolean[][];
  readonly reason: (SuppressionReason | null)[][];

  constructor(cells: readonly (readonly number[])[], columns: number) {
    this.rows = cells.length;
    this.columns = columns;
    const R = this.rows;
    const C = this.columns;
    this.value = Array.from({ length: R + 1 }, (_, i) =>
      Array.from({ length: C + 1 }, (_, j) => (i < R && j < C ? cells[i][j] : 0)),
    );
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        this.value[i][C] += cells[i][j];
        this.value[R][j] += cells[i][j];
        this.value[R][C] += cells[i][j];
      }
    }
    this.hidden = Array.from({ length: R + 1 }, () => new Array<boolean>(C + 1).fill(false));
    this.reason = Array.from({ length: R + 1 }, () => new Array<SuppressionReason | null>(C + 1).fill(null));
  }

  kind(i: number, j: number): Kind {
    if (i === this.rows && j === this.columns) return 'grand';
    return i === this.rows || j === this.columns ? 'total' : 'body';
  }

  /** Moving this cell by −1 in the signed table keeps every count non-negative. */
  canGoDown(i: number, j: number): boolean {
    // A total enters the signed table negated: "down" there is one more in the total.
    return this.kind(i, j) === 'total' ? true : this.value[i][j] > 0;
  }

  canGoUp(i: number, j: number): boolean {
    return this.kind(i, j) === 'total' ? this.value[i][j] > 0 : true;
  }

  /** Cost of hiding a shown cell: prefer few, small body cells; totals only when needed, the grand total last. */
  cost(i: number, j: number): number {
    if (this.hidden[i][j]) return 0;
    const k = this.kind(i, j);
    return (k === 'body' ? 1 : k === 'total' ? 1e6 : 1e9) + this.value[i][j];
  }

  /**
   * The cheapest path from node `from` to node `to` (rows are nodes 0…R, columns R+1…R+C+1) over cells other than
   * (xi, xj), a row→column step lowering its cell and a column→row step raising it; with `hiddenOnly`, only over
   * hidden cells. Returns the cells on it, or null.
   */
  path(from: number, to: number, xi: number, xj: number, hiddenOnly: boolean): [number, number][] | null {
    const R = this.rows;
    const C = this.columns;
    const nodes = R + C + 2;
    const distance = new Array<number>(nodes).fill(Number.POSITIVE_INFINITY);
    const previous = new Array<[number, number, number] | null>(nodes).fill(null); // [node, i, j]
    const done = new Array<boolean>(nodes).fill(false);
    distance[from] = 0;
    for (;;) {
      let u = -1;
      for (let n = 0; n < nodes; n++) if (!done[n] && (u === -1 || distance[n] < distance[u])) u = n;
      if (u === -1 || distance[u] === Number.POSITIVE_INFINITY) break;
      if (u === to) break;
      done[u] = true;
      const isRow = u <= R;
      for (let k = 0; k <= (isRow ? C : R); k++) {
        const i = isRow ? u : k;
        const j = isRow ? k : u - R - 1;
        if (i === xi && j === xj) continue;
        if (hiddenOnly && !this.hidden[i][j]) continue;
        if (isRow ? !this.canGoDown(i, j) : !this.canGoUp(i, j)) continue;
        const v = isRow ? R + 1 + j : i;
        const d = distance[u] + this.cost(i, j);
        if (d < distance[v]) {
          distance[v] = d;
          previous[v] = [u, i, j];
        }
      }
    }
    if (distance[to] === Number.POSITIVE_INFINITY) return null;
    const cells: [number, number][] = [];
    for (let n = to; n !== from; ) {
      const [p, i, j] = previous[n]!;
      cells.push([i, j]);
      n = p;
    }
    return cells;
  }

  /** The cheapest cycle through hidden cell (i, j) along which it can move, or null when there is none. */
  cycleThrough(i: number, j: number, hiddenOnly: boolean): [number, number][] | null {
    const row = i;
    const column = this.rows + 1 + j;
    const down = this.canGoDown(i, j) ? this.path(column, row, i, j, hiddenOnly) : null;
    const up = this.canGoUp(i, j) ? this.path(row, column, i, j, hiddenOnly) : null;
    if (!down) return up;
    if (!up) return down;
    const total = (cells: [number, number][]) => cells.reduce((s, [a, b]) => s + this.cost(a, b), 0);
    return total(up) < total(down) ? up : down;
  }

  /** The first suppressed cell (row by row) whose value the shown numbers pin down, or null. */
  firstDisclosed(): [number, number] | null {
    for (let i = 0; i <= this.rows; i++) {
      for (let j = 0; j <= this.columns; j++) {
        if (this.reason[i][j] !== null && this.cycleThrough(i, j, true) === null) return [i, j];
      }
    }
    return null;
  }
}

function validate(table: GroupCountTable): number {
  const columns = table.cells[0]?.length ?? 0;
  table.cells.forEach((row, i) => {
    if (row.length !== columns)
      throw new RangeError(`suppressSmallGroups: row ${i} has ${row.length} cells, not ${columns}`);
    row.forEach((v, j) => {
      if (!(Number.isInteger(v) && v >= 0))
        throw new RangeError(`suppressSmallGroups: cell ${i},${j} is ${v}`);
    });
  });
  if (table.groupSizes && table.groupSizes.length !== table.cells.length) {
    throw new RangeError('suppressSmallGroups: one group size per row');
  }
  return columns;
}

/**
 * Hide every cell of a group smaller than `minGroupSize` (default 5, never below 5), then hide the fewest and
 * smallest further cells so that no hidden value can be worked out from what is shown.
 */
export function suppressSmallGroups(
  table: GroupCountTable,
  options: { minGroupSize?: number } = {},
): SuppressedTable {
  const columns = validate(table);
  const k = Math.max(MIN_GROUP_SIZE_FLOOR, Math.ceil(options.minGroupSize ?? MIN_GROUP_SIZE_FLOOR));
  const grid = new Grid(table.cells, columns);
  const R = grid.rows;
  const C = columns;
  const showRows = table.rowTotals ?? false;
  const showColumns = table.columnTotals ?? false;
  // Totals nobody is shown are unknowns like hidden cells (the grand total is known as soon as either set is shown).
  for (let i = 0; i < R; i++) grid.hidden[i][C] = !showRows;
  for (let j = 0; j < C; j++) grid.hidden[R][j] = !showColumns;
  grid.hidden[R][C] = !showRows && !showColumns;

  const hide = (i: number, j: number, reason: SuppressionReason) => {
    if (grid.reason[i][j] !== null) return;
    const shown = !grid.hidden[i][j];
    grid.hidden[i][j] = true;
    if (shown) grid.reason[i][j] = reason;
  };
  for (let i = 0; i < R; i++) {
    const size = table.groupSizes?.[i] ?? grid.value[i][C];
    if (size < k) {
      for (let j = 0; j <= C; j++) hide(i, j, 'small_group');
    }
  }
  for (let disclosed = grid.firstDisclosed(); disclosed; disclosed = grid.firstDisclosed()) {
    const [i, j] = disclosed;
    const cycle = grid.cycleThrough(i, j, false);
    const added = (cycle ?? []).filter(([a, b]) => !grid.hidden[a][b]);
    if (added.length === 0) {
      // Cannot happen (a cycle through the totals always exists); hide everything rather than risk a disclosure.
      for (let a = 0; a <= R; a++)
        for (let b = 0; b <= C; b++) if (!grid.hidden[a][b]) hide(a, b, 'complementary');
      break;
    }
    for (const [a, b] of added) hide(a, b, 'complementary');
  }

  const shownValue = (i: number, j: number) => (grid.hidden[i][j] ? null : grid.value[i][j]);
  const suppressed: SuppressedCell[] = [];
  for (let i = 0; i <= R; i++) {
    for (let j = 0; j <= C; j++) {
      const reason = grid.reason[i][j];
      if (reason) suppressed.push({ row: i === R ? 'total' : i, column: j === C ? 'total' : j, reason });
    }
  }
  const result: SuppressedTable = {
    cells: table.cells.map((row, i) => row.map((_, j) => shownValue(i, j))),
    rowTotals: showRows ? Array.from({ length: R }, (_, i) => shownValue(i, C)) : null,
    columnTotals: showColumns ? Array.from({ length: C }, (_, j) => shownValue(R, j)) : null,
    suppressed,
    minGroupSize: k,
  };
  if (showRows || showColumns) result.grandTotal = shownValue(R, C);
  return result;
}
