/**
 * Scoring + hard rules + optimal solve end to end on seeded synthetic profiles, and suggestion latency.
 *   npx tsx bench/scoring.bench.ts [--mentees 10000] [--mentors 2000] [--seed 1] [--mode optimal]
 *                                  [--suggest-mentors 10000] [--skip-solve] [--candidates 100 (0 = skip)]
 *                                  [--check all-arcs|mentees|none]
 * The end-to-end solve is `solve` as the product calls it (exact: candidates certified by the dual, widened where
 * the dual fails). `--check` solves the same instance again on all arcs at once (`all-arcs`: from the side `solve`
 * would pick, `mentees`: the original mentee-side solver, ~40 s) and fails unless totals and counts agree.
 * Prints phase times and peak RSS; appends one JSON line to bench/results/scoring.jsonl.
 * The reference is the per-pair path (`evaluatePair`) on a sample of rows, reported as a speed ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCriteria } from '../src/core/matching/criteria.ts';
import { explainPair } from '../src/core/matching/explain.ts';
import { instanceFromDense, type SolveMode } from '../src/core/matching/instance.ts';
import { candidateInstance } from '../src/core/matching/match-people.ts';
import { syntheticProfiles } from '../src/core/matching/profiles.synthetic.ts';
import { buildScoringContext } from '../src/core/matching/scoring-context.ts';
import { createRowScratch, scoreAll, scoreRow } from '../src/core/matching/scoring-fast-path.ts';
import { evaluatePair } from '../src/core/matching/scoring-reference.ts';
import { solve } from '../src/core/matching/solvers/index.ts';
import { suggest } from '../src/core/matching/suggest.ts';

const { values: args } = parseArgs({
  options: {
    mentees: { type: 'string', default: '10000' },
    mentors: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'optimal' },
    'suggest-mentors': { type: 'string', default: '10000' },
    'skip-solve': { type: 'boolean', default: false },
    candidates: { type: 'string', default: '100' },
    check: { type: 'string', default: 'all-arcs' },
  },
});
const menteeCount = Number(args.mentees);
const mentorCount = Number(args.mentors);
const seed = Number(args.seed);
const mode = args.mode as SolveMode;
const at = new Date('2026-01-15T12:00:00Z');
const criteria = defaultCriteria({ matchingQuestions: ['q0', 'q1'] });

const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const phases: Record<string, { wallMs: number; cpuMs: number }> = {};
function phase<T>(name: string, work: () => T): T {
  const wall = performance.now();
  const started = cpu();
  const result = work();
  phases[name] = { wallMs: Math.round(performance.now() - wall), cpuMs: Math.round(cpu() - started) };
  process.stderr.write(
    `${name.padEnd(22)} ${String(phases[name].wallMs).padStart(7)} ms wall ${String(phases[name].cpuMs).padStart(7)} ms cpu\n`,
  );
  return result;
}

process.stderr.write(
  `scoring bench: ${menteeCount} mentees × ${mentorCount} mentors, seed ${seed}, mode ${mode}\n`,
);
const { mentors, mentees } = phase('generate profiles', () =>
  syntheticProfiles({ mentors: mentorCount, mentees: menteeCount, seed }),
);
const endToEnd = performance.now();
const context = phase('build indexes', () => buildScoringContext(mentors, mentees, criteria, { at }));
const matrix = phase('score + rules (dense)', () => scoreAll(context));
const eligiblePairs = matrix.eligibleCount.reduce((sum, n) => sum + n, 0);
const instance = phase('instance (CSR)', () =>
  instanceFromDense(menteeCount, Array.from(context.mentorRemaining), matrix.scores),
);
const result = args['skip-solve'] ? null : phase(`solve ${mode}`, () => solve(instance, mode, { seed }));
const endToEndMs = Math.round(performance.now() - endToEnd);

// The same instance solved on all arcs at once: the certified solve must reach exactly the same optimum.
let check: { against: string; ms: number; total: number; matched: number; agrees: boolean } | null = null;
if (result && args.check !== 'none') {
  const orientation = args.check === 'mentees' ? 'mentees' : 'auto';
  const started = performance.now();
  const reference = phase(`check: ${mode} on all arcs (${args.check})`, () =>
    solve(instance, mode, { seed, candidates: 0, orientation }),
  );
  check = {
    against: args.check ?? 'all-arcs',
    ms: Math.round(performance.now() - started),
    total: reference.total,
    matched: reference.matchedCount,
    agrees: reference.total === result.total && reference.matchedCount === result.matchedCount,
  };
  process.stderr.write(
    `check: all arcs at once ${check.total} (${check.matched} matched) vs end to end ${result.total} ` +
      `(${result.matchedCount} matched): ${check.agrees ? 'equal' : 'DIFFERENT'}\n`,
  );
  if (!check.agrees) process.exitCode = 1;
}

// The same program solved on each mentee's best N candidates only (matchPeople's `candidatesPerMentee`).
const candidates = Number(args.candidates);
let pruned: { candidates: number; arcs: number; endToEndMs: number; total: number; matched: number } | null =
  null;
if (candidates > 0) {
  const started = performance.now();
  const prunedInstance = phase(`top-${candidates} instance`, () =>
    candidateInstance(matrix, context.mentorRemaining, candidates),
  );
  const prunedResult = phase(`solve ${mode} top-${candidates}`, () => solve(prunedInstance, mode, { seed }));
  const reused = phases['build indexes'].wallMs + phases['score + rules (dense)'].wallMs;
  pruned = {
    candidates,
    arcs: prunedInstance.arcMentor.length,
    endToEndMs: Math.round(performance.now() - started) + reused,
    total: prunedResult.total,
    matched: prunedResult.matchedCount,
  };
  process.stderr.write(
    `top-${candidates}: end to end ${pruned.endToEndMs} ms, total ${pruned.total}` +
      (result
        ? ` vs exact ${result.total} (gap ${(((result.total - pruned.total) / Math.max(1, result.total)) * 100).toFixed(4)} %)`
        : '') +
      '\n',
  );
}
const explained = result
  ? phase('explain matched pairs', () => {
      let count = 0;
      for (let i = 0; i < menteeCount; i++) {
        if (result.mentorOf[i] >= 0) {
          explainPair(context, i, result.mentorOf[i]);
          count++;
        }
      }
      return count;
    })
  : 0;

// Reference: the per-pair path on a sample of rows, to report how much the fast path buys.
const sampleRows = Math.min(20, menteeCount);
const reference = phase('reference sample', () => {
  let mismatches = 0;
  for (let i = 0; i < sampleRows; i++) {
    for (let j = 0; j < mentorCount; j++) {
      const pair = evaluatePair(context, i, j);
      const expected = pair.removedBy === null ? pair.score : -1;
      if (expected !== matrix.scores[i * mentorCount + j]) mismatches++;
    }
  }
  return mismatches;
});
const fastSample = phase('fast sample', () => {
  const scratch = createRowScratch(context);
  const row = new Int32Array(mentorCount);
  for (let i = 0; i < sampleRows; i++) scoreRow(context, i, scratch, row);
});
void fastSample;
// CPU time, not wall time: the ratio should not depend on what else the machine runs.
const referenceRatio = phases['reference sample'].cpuMs / Math.max(1, phases['fast sample'].cpuMs);

// Suggestions: one mentee against many mentors, as the self-select page does.
const suggestMentors = Number(args['suggest-mentors']);
const suggestPeople = syntheticProfiles({ mentors: suggestMentors, mentees: 200, seed: seed + 1 });
const suggestContext = phase('suggest indexes', () =>
  buildScoringContext(suggestPeople.mentors, suggestPeople.mentees, criteria, { at }),
);
const scratch = createRowScratch(suggestContext);
const latencies: number[] = [];
// The first calls compile the code paths; a live server is warm, so they are not measured.
for (let i = 0; i < 10; i++) suggest(suggestContext, i, 10, { seed, scratch });
for (let i = 10; i < suggestPeople.mentees.length; i++) {
  const started = performance.now();
  suggest(suggestContext, i, 10, { seed, scratch });
  latencies.push(performance.now() - started);
}
latencies.sort((a, b) => a - b);
const quantile = (q: number) =>
  Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2));
const suggestMs = { median: quantile(0.5), p95: quantile(0.95), max: quantile(1) };
process.stderr.write(
  `suggest top-10 of ${suggestMentors} mentors: median ${suggestMs.median} ms, p95 ${suggestMs.p95} ms, max ${suggestMs.max} ms\n`,
);

const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const line = {
  bench: 'scoring',
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg()[0],
  mentees: menteeCount,
  mentors: mentorCount,
  seed,
  mode,
  eligiblePairs,
  matched: result?.matchedCount ?? null,
  total: result?.total ?? null,
  explained,
  phases,
  endToEndMs,
  check,
  pruned,
  referenceMismatches: reference,
  referenceSlowdown: Number(referenceRatio.toFixed(1)),
  suggestMentors,
  suggestMs,
  peakRssMb,
};
process.stderr.write(
  `end to end (indexes + score + rules + solve): ${endToEndMs} ms; peak RSS ${peakRssMb} MB; ` +
    `fast path ${line.referenceSlowdown}× faster than per-pair reference, ${reference} mismatches\n`,
);
const results = path.join(import.meta.dirname, 'results');
fs.mkdirSync(results, { recursive: true });
fs.appendFileSync(path.join(results, 'scoring.jsonl'), `${JSON.stringify(line)}\n`);
