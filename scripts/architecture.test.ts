// The house rules of ARCHITECTURE.md, checked on every `npm test`. Each failure names the rule, the file and the
// line, so a contributor can fix it without reading this file. Import cycles are Biome's `noImportCycles` (lint).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '..');

interface ImportLine {
  file: string;
  line: number;
  /** The module as written. */
  specifier: string;
  /** Repository-relative path for a relative import, else null (a package or a node: module). */
  target: string | null;
  typeOnly: boolean;
}

interface Violation {
  file: string;
  line: number;
  message: string;
}

const trackedFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file && fs.existsSync(path.join(root, file)));

const sourceFiles = trackedFiles.filter(
  (file) => /\.(ts|tsx|mjs|js)$/.test(file) && !file.startsWith('drizzle/'),
);
const sources = new Map(sourceFiles.map((file) => [file, fs.readFileSync(path.join(root, file), 'utf8')]));

const importPattern =
  /^[ \t]*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gms;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function importsOf(file: string): ImportLine[] {
  const text = sources.get(file) ?? '';
  const found: ImportLine[] = [];
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[3] ?? match[4];
    const target = specifier.startsWith('.')
      ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
      : null;
    found.push({ file, line: lineOf(text, match.index), specifier, target, typeOnly: Boolean(match[2]) });
  }
  return found;
}

const allImports = sourceFiles.flatMap(importsOf);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

function report(rule: string, violations: Violation[]) {
  const lines = violations.map((v) => `  ${v.file}:${v.line} — ${v.message}`);
  assert.equal(
    violations.length,
    0,
    `rule "${rule}" is broken ${violations.length} time(s):\n${lines.join('\n')}`,
  );
}

/** The feature folder a file belongs to, e.g. `goals` for src/server/features/goals/goals.service.ts. */
function featureOf(file: string): string | null {
  return file.match(/^src\/server\/features\/([^/]+)\//)?.[1] ?? null;
}

/**
 * Which feature writes which table (variable names of src/server/db/schema.ts). A repository writes only its own
 * feature's tables; another feature that needs a change there calls the owner's service.
 */
export const tableOwners: Record<string, string[]> = {
  accounts: ['organisations', 'sessions', 'accountTokens', 'signInAttempts', 'tokenAttempts'],
  users: ['users'],
  people: ['people'],
  mail: ['outbox'],
  jobs: ['jobs'],
  'people-imports': ['peopleImports', 'careerEvents'],
  audit: ['auditLog'],
  programs: ['programs', 'programCoordinators', 'programQuestions'],
  skills: ['skills'],
  enrolments: ['enrolments', 'mentoringProfiles'],
  'match-runs': ['matchRuns', 'matchRunPairs'],
  relationships: ['relationships', 'relationshipEvents', 'pairHealthFacts'],
  groups: ['mentoringGroups'],
  flash: ['flashMentorSettings', 'flashPatterns', 'flashSlots'],
  notifications: ['notifications', 'messageSettings'],
  nudges: ['programMessageSettings', 'scheduledMessages'],
  agreements: ['agreementVersions', 'groupAgreementVersions', 'groupAgreementSignatures'],
  goals: ['goals', 'goalMilestones', 'groupGoals'],
  meetings: ['meetings', 'actionItems', 'meetingFeedback', 'groupMeetings'],
  notes: ['notes', 'groupNotes'],
  surveys: ['surveyResponses'],
  resources: ['programResources', 'resourceCompletions'],
  workspace: ['workspaceActivity'],
  analytics: ['analyticsSettings'],
};
/** Bulk seeders write every table in one pass, like the test factories. */
const seedingFeatures = new Set(['demo']);

describe('architecture rules', () => {
  test('core is pure: src/core imports nothing outside src/core', () => {
    const violations = allImports
      .filter((i) => i.file.startsWith('src/core/') && !isTest(i.file))
      .filter((i) => (i.target ? !i.target.startsWith('src/core/') : true))
      .map((i) => ({ ...i, message: `imports '${i.specifier}'; domain logic takes its data as arguments` }));
    report('core is pure', violations);
  });

  test('the web app imports only web/ and src/contracts', () => {
    const violations = allImports
      .filter((i) => i.file.startsWith('web/') && i.target)
      .filter((i) => !i.target!.startsWith('web/') && !i.target!.startsWith('src/contracts/'))
      .map((i) => ({
        ...i,
        message: `imports '${i.specifier}'; the browser gets API shapes from src/contracts`,
      }));
    report('web imports only web and contracts', violations);
  });

  test('contracts import only contracts and core', () => {
    const violations = allImports
      .filter((i) => i.file.startsWith('src/contracts/') && i.target)
      .filter((i) => !i.target!.startsWith('src/contracts/') && !i.target!.startsWith('src/core/'))
      .map((i) => ({ ...i, message: `imports '${i.specifier}'; contracts are shared with the browser` }));
    report('contracts import only contracts and core', violations);
  });

  test('the database driver and Drizzle are used only in repositories, src/server/db and test helpers', () => {
    const databaseModule = (i: ImportLine) =>
      /^(drizzle-orm|pg|@electric-sql\/pglite)(\/|$)/.test(i.specifier) ||
      i.target === 'src/server/db/schema.ts';
    const allowed = (file: string) =>
      file.endsWith('.repository.ts') ||
      file.startsWith('src/server/db/') ||
      file.startsWith('src/server/testing/') ||
      isTest(file) ||
      file.startsWith('bench/') ||
      file.startsWith('scripts/') ||
      file === 'drizzle.config.ts';
    const violations = allImports
      .filter((i) => !i.typeOnly && databaseModule(i) && !allowed(i.file))
      .map((i) => ({ ...i, message: `imports '${i.specifier}'; queries belong in a *.repository.ts` }));
    report('database only in repositories', violations);
  });

  test('a feature uses another feature only through its *.service.ts or *-access.ts', () => {
    const violations = allImports
      .filter((i) => !isTest(i.file) && i.target)
      .filter((i) => {
        const from = featureOf(i.file);
        const to = featureOf(i.target!);
        return from && to && from !== to;
      })
      .filter((i) => !/(\.service|-access)\.ts$/.test(i.target!))
      .map((i) => ({
        ...i,
        message: `imports '${i.specifier}', an internal of feature '${featureOf(i.target!)}'; call its service or access module`,
      }));
    report('features meet through services', violations);
  });

  test('every table has one owner, and a repository writes only its own feature’s tables', () => {
    const schema = sources.get('src/server/db/schema.ts') ?? '';
    const tables = new Map<string, string>(); // SQL name → variable name
    for (const match of schema.matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g))
      tables.set(match[2], match[1]);
    const ownerOf = new Map<string, string>();
    for (const [feature, owned] of Object.entries(tableOwners))
      for (const table of owned) ownerOf.set(table, feature);
    const unowned = [...tables.values()].filter((table) => !ownerOf.has(table));
    assert.deepEqual(unowned, [], 'tables with no owner in scripts/architecture.test.ts `tableOwners`');

    const violations: Violation[] = [];
    for (const file of sourceFiles.filter(
      (f) => f.endsWith('.repository.ts') && f.startsWith('src/server/'),
    )) {
      const feature = file.startsWith('src/server/jobs/') ? 'jobs' : featureOf(file);
      if (!feature || seedingFeatures.has(feature)) continue;
      const text = sources.get(file)!;
      const writes: { table: string; index: number }[] = [];
      for (const match of text.matchAll(/\.(?:insert|update|delete)\(\s*(\w+)\s*\)/g))
        writes.push({ table: match[1], index: match.index });
      for (const match of text.matchAll(
        /\b(?:insert\s+into|update|delete\s+from)\s+(?:\$\{(\w+)\}|"?(\w+)"?)/gi,
      )) {
        const table = match[1] ?? tables.get(match[2]);
        if (table) writes.push({ table, index: match.index });
      }
      for (const write of writes) {
        const owner = ownerOf.get(write.table);
        if (!owner || owner === feature) continue;
        violations.push({
          file,
          line: lineOf(text, write.index),
          message: `writes '${write.table}', owned by feature '${owner}'; call that feature's service`,
        });
      }
    }
    report('one owner per table', violations);
  });

  test('the web app names its queries through key factories', () => {
    const violations: Violation[] = [];
    for (const file of sourceFiles.filter((f) => f.startsWith('web/'))) {
      const text = sources.get(file)!;
      for (const match of text.matchAll(/queryKey:\s*\[|(?:set|get)QueryData(?:<[^>]*>)?\(\s*\[/g))
        violations.push({
          file,
          line: lineOf(text, match.index),
          message: 'a literal query key; use the feature’s `…Keys` factory in its api/*.api.ts',
        });
    }
    report('query keys from factories', violations);
  });

  test('the repository stands alone: no file points outside it', () => {
    const violations: Violation[] = [];
    for (const file of trackedFiles.filter((f) => /\.(ts|tsx|mjs|js|json|md|sh|yml|yaml)$|^\.ci\//.test(f))) {
      if (file === 'scripts/architecture.test.ts') continue;
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const match of text.matchAll(/\.\.\/shared\b/g))
        violations.push({
          file,
          line: lineOf(text, match.index),
          message: 'points to ../shared, which a clone lacks',
        });
    }
    report('the repository stands alone', violations);
  });
});
