// Runs the project's solver on one binary instance in its own process; prints { total, ms, searches }.

import type { SolveMode } from '../src/core/matching/instance.ts';
import { solve } from '../src/core/matching/solvers/index.ts';
import { readInstance } from './matching-instances.ts';

const [file, mode = 'optimal', variant = 'auto'] = process.argv.slice(2);
const instance = readInstance(file);
const started = performance.now();
const result = solve(instance, mode as SolveMode, { variant: variant as 'auto' | 'dense' | 'sparse' });
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ total: result.total, matched: result.matchedCount, ms })}\n`);
