import { toCsv } from '../../../core/csv-cells.ts';
import { formatScore } from '../../../core/matching/explain.ts';
import type { Db } from '../../db/client.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { whyLinesOfRun } from './match-run-scoring.ts';
import type { MatchRunRow } from './match-runs.repository.ts';
import * as repo from './match-runs.repository.ts';

/**
 * A run's pairs as a CSV file for staff to share or archive: one row per mentee, with both people's names and
 * emails, the score, the pair's status in the run and why (the explanation as solved, or why unmatched). Written
 * through `toCsv`, so a name such as `=HYPERLINK(…)` stays text in a spreadsheet.
 */
export async function runPairsCsv(db: Db, program: ProgramRow, run: MatchRunRow) {
  const [rows, why] = await Promise.all([
    repo.listPairsForExport(db, run.id),
    whyLinesOfRun(db, program, run),
  ]);
  const lines: (string | null)[][] = [
    ['mentee', 'mentee_email', 'mentor', 'mentor_email', 'score', 'status', 'why'],
  ];
  for (const row of rows) {
    const status = !row.mentorEnrolmentId
      ? 'unmatched'
      : row.locked
        ? 'locked'
        : row.source === 'edit'
          ? 'edited'
          : 'matched';
    lines.push([
      row.menteeName,
      row.menteeEmail,
      row.mentorName,
      row.mentorEmail,
      row.score === null ? null : formatScore(row.score),
      status,
      why(row),
    ]);
  }
  // ASCII only: a header cannot carry other characters, and the program's name is only a hint for the file.
  const name =
    program.name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'program';
  return { filename: `${name}-run-${run.number}-pairs.csv`, body: toCsv(lines) };
}
