import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type GroupCountTable, type SuppressedTable, suppressSmallGroups } from './suppression.ts';

/** The shown table as a grid with totals in the last row and column; undefined where nothing is shown at all. */
function shownGrid(result: SuppressedTable, rows: number, columns: number): (number | null | undefined)[][] {
  return Array.from({ length: rows + 1 }, (_, i) =>
    Array.from({ length: columns + 1 }, (_, j) => {
      if (i < rows && j < columns) return result.cells[i][j];
      if (i < rows) return result.rowTotals ? result.rowTotals[i] : undefined;
      if (j < columns) return result.columnTotals ? result.columnTotals[j] : undefined;
      return result.grandTotal;
    }),
  );
}

/**
 * The attack of the brief, by brute force: along any row or column whose total is known, one unknown cell is the
 * total minus the others, and unknowns that must sum to zero are all zero; repeat while anything new is learnt.
 * Returns the cells learnt that way.
 */
function derivableBySubtraction(result: SuppressedTable, rows: number, columns: number): Set<string> {
  const grid = shownGrid(result, rows, columns);
  const known = grid.map((row) => row.map((v) => (typeof v === 'number' ? v : null)));
  const learnt = new Set<string>();
  const lines: [number, number][][] = [];
  for (let i = 0; i <= rows; i++) lines.push(Array.from({ length: columns + 1 }, (_, j) => [i, j]));
  for (let j = 0; j <= columns; j++) lines.push(Array.from({ length: rows + 1 }, (_, i) => [i, j]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const [ti, tj] = line[line.length - 1];
      const total = known[ti][tj];
      const members = line.slice(0, -1);
      const unknown = members.filter(([i, j]) => known[i][j] === null);
      if (total === null) {
        // The total itself is the sum of its members when all are known.
        if (unknown.length === 0 && grid[ti][tj] !== undefined) {
          known[ti][tj] = members.reduce((s, [i, j]) => s + known[i][j]!, 0);
          learnt.add(`${ti},${tj}`);
          changed = true;
        }
        continue;
      }
      const rest = total - members.reduce((s, [i, j]) => s + (known[i][j] ?? 0), 0);
      if (unknown.length === 1 || (unknown.length > 1 && rest === 0)) {
        for (const [i, j] of unknown) {
          known[i][j] = unknown.length === 1 ? rest : 0;
          learnt.add(`${i},${j}`);
        }
        changed = true;
      }
    }
  }
  return learnt;
}

/**
 * The strongest attack on a tiny table, by exhaustive search: can suppressed cell (xi, xj) hold another value than
 * its own while every shown number stays as shown and every count is a non-negative whole number? Tries each other
 * value (nearest first) with a depth-first search over the hidden cells. Null if the search grew too big.
 */
function canHoldAnotherValue(
  result: SuppressedTable,
  cells: number[][],
  xi: number,
  xj: number,
): boolean | null {
  const rows = cells.length;
  const columns = cells[0].length;
  const shown = shownGrid(result, rows, columns);
  const grand = cells.flat().reduce((a, b) => a + b, 0);
  const truth = (i: number, j: number) =>
    i < rows && j < columns
      ? cells[i][j]
      : i < rows
        ? cells[i].reduce((a, b) => a + b, 0)
        : j < columns
          ? cells.reduce((a, row) => a + row[j], 0)
          : grand;
  const hiddenBody: [number, number][] = [];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) if (shown[i][j] === null) hiddenBody.push([i, j]);
  let steps = 0;
  const own = truth(xi, xj);
  for (const candidate of Array.from({ length: grand + 2 }, (_, v) => v).sort(
    (a, b) => Math.abs(a - own) - Math.abs(b - own),
  )) {
    if (candidate === own) continue;
    // The question as constraints: shown numbers, plus the suppressed cell held at the candidate.
    const target = shown.map((row) => row.map((v) => (typeof v === 'number' ? v : null)));
    target[xi][xj] = candidate;
    const trial = cells.map((row, i) => row.map((v, j) => (shown[i][j] === null ? 0 : v)));
    const lastInRow = new Map<number, number>();
    const lastInColumn = new Map<number, number>();
    hiddenBody.forEach(([i, j], n) => {
      lastInRow.set(i, n);
      lastInColumn.set(j, n);
    });
    const rowSum = (i: number) => trial[i].reduce((a, b) => a + b, 0);
    const columnSum = (j: number) => trial.reduce((a, row) => a + row[j], 0);
    const leafOk = () => {
      for (let i = 0; i < rows; i++)
        if (target[i][columns] !== null && target[i][columns] !== rowSum(i)) return false;
      for (let j = 0; j < columns; j++)
        if (target[rows][j] !== null && target[rows][j] !== columnSum(j)) return false;
      const total = trial.flat().reduce((a, b) => a + b, 0);
      if (target[rows][columns] !== null && target[rows][columns] !== total) return false;
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < columns; j++)
          if (target[i][j] !== null && target[i][j] !== trial[i][j]) return false;
      return true;
    };
    const search = (n: number): boolean | null => {
      if (++steps > 400_000) return null;
      if (n === hiddenBody.length) return leafOk();
      const [i, j] = hiddenBody[n];
      const rowTotal = target[i][columns];
      const columnTotal = target[rows][j];
      const fixed = target[i][j];
      for (let v = fixed ?? 0; v <= (fixed ?? grand + 1); v++) {
        trial[i][j] = v;
        const r = rowSum(i);
        const c = columnSum(j);
        if ((rowTotal !== null && r > rowTotal) || (columnTotal !== null && c > columnTotal)) break;
        if (lastInRow.get(i) === n && rowTotal !== null && r !== rowTotal) continue;
        if (lastInColumn.get(j) === n && columnTotal !== null && c !== columnTotal) continue;
        const found = search(n + 1);
        if (found !== false) {
          trial[i][j] = 0;
          return found;
        }
      }
      trial[i][j] = 0;
      return false;
    };
    const found = search(0);
    if (found === null) return null;
    if (found) return true;
  }
  return false;
}

const arbTable = (maxRows: number, maxColumns: number, maxValue: number) =>
  fc
    .record({ rows: fc.integer({ min: 1, max: maxRows }), columns: fc.integer({ min: 1, max: maxColumns }) })
    .chain(({ rows, columns }) =>
      fc.record({
        cells: fc.array(
          fc.array(fc.integer({ min: 0, max: maxValue }), { minLength: columns, maxLength: columns }),
          {
            minLength: rows,
            maxLength: rows,
          },
        ),
        rowTotals: fc.boolean(),
        columnTotals: fc.boolean(),
      }),
    );

describe('suppressSmallGroups', () => {
  it('hides a small group, and the next smallest group with it when column totals are shown', () => {
    // Promoted / not promoted by group; 3 people in group C.
    const table: GroupCountTable = {
      cells: [
        [12, 30],
        [8, 25],
        [1, 2],
        [6, 40],
      ],
      rowTotals: true,
      columnTotals: true,
    };
    const result = suppressSmallGroups(table);
    assert.deepEqual(result.cells, [
      [12, 30],
      [null, null],
      [null, null],
      [6, 40],
    ]);
    assert.deepEqual(result.rowTotals, [42, null, null, 46]);
    assert.deepEqual(result.columnTotals, [27, 97]);
    assert.equal(result.grandTotal, 124);
    assert.deepEqual(
      result.suppressed.map((s) => [s.row, s.column, s.reason]),
      [
        [1, 0, 'complementary'],
        [1, 1, 'complementary'],
        [1, 'total', 'complementary'],
        [2, 0, 'small_group'],
        [2, 1, 'small_group'],
        [2, 'total', 'small_group'],
      ],
    );
  });

  it('needs no complement when no totals are shown, and uses the group sizes given', () => {
    const result = suppressSmallGroups({
      cells: [
        [3, 3],
        [2, 2],
      ],
      groupSizes: [20, 4],
    });
    assert.deepEqual(result.cells, [
      [3, 3],
      [null, null],
    ]);
    assert.equal(result.rowTotals, null);
    assert.equal(result.grandTotal, undefined);
  });

  it('never goes below k = 5, and applies a larger k', () => {
    const cells = [
      [2, 2],
      [4, 3],
      [30, 30],
    ];
    assert.equal(suppressSmallGroups({ cells }, { minGroupSize: 2 }).minGroupSize, 5);
    assert.deepEqual(suppressSmallGroups({ cells }, { minGroupSize: 2 }).cells[0], [null, null]);
    assert.deepEqual(suppressSmallGroups({ cells }, { minGroupSize: 8 }).cells[1], [null, null]);
    assert.deepEqual(suppressSmallGroups({ cells }, { minGroupSize: 2 }).cells[1], [4, 3]);
  });

  it('refuses ragged tables and counts that are not whole and non-negative', () => {
    assert.throws(() => suppressSmallGroups({ cells: [[1, 2], [3]] }), RangeError);
    assert.throws(() => suppressSmallGroups({ cells: [[1, -2]] }), RangeError);
    assert.throws(() => suppressSmallGroups({ cells: [[1.5]] }), RangeError);
  });

  it('hides every cell of a small group and shows every other value unchanged (property)', () => {
    fc.assert(
      fc.property(arbTable(6, 5, 9), fc.integer({ min: 0, max: 12 }), (table, k) => {
        const result = suppressSmallGroups(table, { minGroupSize: k });
        const threshold = Math.max(5, k);
        table.cells.forEach((row, i) => {
          const small = row.reduce((a, b) => a + b, 0) < threshold;
          row.forEach((v, j) => {
            if (small) assert.equal(result.cells[i][j], null);
            else assert.ok(result.cells[i][j] === null || result.cells[i][j] === v);
          });
        });
        for (const s of result.suppressed) {
          if (s.reason === 'small_group' && s.row !== 'total') {
            assert.ok(table.cells[s.row].reduce((a, b) => a + b, 0) < threshold);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('no hidden value can be worked out by subtracting along a row or column (property, brute force)', () => {
    fc.assert(
      fc.property(arbTable(7, 6, 12), (table) => {
        const result = suppressSmallGroups(table);
        const rows = table.cells.length;
        const columns = table.cells[0].length;
        const learnt = derivableBySubtraction(result, rows, columns);
        for (const s of result.suppressed) {
          const key = `${s.row === 'total' ? rows : s.row},${s.column === 'total' ? columns : s.column}`;
          assert.ok(!learnt.has(key), `cell ${key} can be worked out`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('no hidden value is pinned down by all the shown numbers together (property, exhaustive on tiny tables)', () => {
    let checked = 0;
    let tables = 0;
    fc.assert(
      fc.property(arbTable(3, 3, 4), (table) => {
        tables++;
        const result = suppressSmallGroups(table);
        const cells = table.cells.map((r) => [...r]);
        const answers = result.suppressed.map((s) => {
          const i = s.row === 'total' ? cells.length : s.row;
          const j = s.column === 'total' ? cells[0].length : s.column;
          return { key: `${i},${j}`, another: canHoldAnotherValue(result, cells, i, j) };
        });
        if (answers.some((a) => a.another === null)) return;
        checked++;
        for (const a of answers) assert.ok(a.another, `cell ${a.key} can only hold its own value`);
      }),
      { numRuns: 300 },
    );
    assert.ok(checked > 0.9 * tables, `only ${checked} of ${tables} tables were small enough to search`);
  });
});
