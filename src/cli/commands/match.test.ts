import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { registerMatchCommand, runMatch } from './match.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-match-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  fs.writeFileSync(full, text);
  return full;
}

function run(options: Parameters<typeof runMatch>[0]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const code = runMatch(options, { stdout, stderr });
  return { code, out, err };
}

const mentorsCsv = `id,name,level,function,manager_id,skills,languages,time_zone,capacity,q:format
boss,Bo Ss,9,engineering,,sql;go,en;fr,Europe/Paris,2,remote
pm,Pam,7,Product,boss,roadmaps;sql,en;fr,America/New_York,1,"remote;onsite"
`;
const menteesCsv = `id,name,level,manager_id,skills,target_function,goals,languages,prefer_department,preferred,q:format
dev,Dev,3,boss,sql,product,"become a PM, own a roadmap",fr,any,pm,remote
ops,Ops,2,,go,engineering,lead an infra team,en,same,,
`;

describe('trellis match', () => {
  it('writes pairs with scores and explanations, never pairing someone with their manager', () => {
    const { code, out, err } = run({
      mentors: file('mentors.csv', mentorsCsv),
      mentees: file('mentees.csv', menteesCsv),
      criteria: file('criteria.json', JSON.stringify({ matchingQuestions: ['format'] })),
    });
    assert.equal(code, 0, err);
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    const byMentee = new Map(rows.map((row) => [row.mentee_id, row]));
    assert.equal(byMentee.get('dev')?.mentor_id, 'pm'); // boss manages dev
    assert.equal(byMentee.get('ops')?.mentor_id, 'boss');
    assert.match(byMentee.get('dev')?.score ?? '', /^\d{1,3}\.\d\d$/);
    assert.match(byMentee.get('dev')?.explanation ?? '', /mentee named this mentor/);
    assert.match(err, /matched 2 of 2 mentees/);
  });

  it('writes names that look like spreadsheet formulas as text (a leading quote), so a spreadsheet never runs them', () => {
    const { code, out } = run({
      mentors: file(
        'evil-mentors.csv',
        'id,name,level\nm1,"=HYPERLINK(""https://evil.example"",""Click"")",9\n',
      ),
      mentees: file('evil-mentees.csv', 'id,name,level\n"-e1","@SUM(A1:A9)",2\nplain,"+1 555 0100",9\n'),
    });
    assert.equal(code, 0);
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    const first = rows.find((row) => row.mentee_id === "'-e1");
    assert.equal(first?.mentee_name, "'@SUM(A1:A9)");
    assert.equal(first?.mentor_name, `'=HYPERLINK("https://evil.example","Click")`);
    assert.equal(rows.find((row) => row.mentee_id === 'plain')?.mentee_name, "'+1 555 0100");
    for (const row of rows)
      for (const cell of Object.values(row)) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${cell}`);
  });

  it('lists unmatched mentees with the reason', () => {
    const { code, out } = run({
      mentors: file('one.csv', 'id,level,capacity\nsenior,9,1\n'),
      mentees: file('two.csv', 'id,level\nlow,2\nhigh,9\n'),
    });
    assert.equal(code, 0);
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    const high = rows.find((row) => row.mentee_id === 'high');
    assert.equal(high?.status, 'unmatched');
    assert.equal(high?.reason, 'no_eligible_mentor');
    assert.match(high?.explanation ?? '', /level rule of the program type 1/);
  });

  it('exits 2 naming file, line and column for a bad value', () => {
    const bad = file('bad.csv', 'id,level,time_zone\na,3,Europe/Paris\nb,three,Mars/Olympus\n');
    const { code, err } = run({ mentors: file('m.csv', 'id\nm\n'), mentees: bad });
    assert.equal(code, 2);
    assert.match(
      err,
      new RegExp(`${bad.replace(/[/\\.]/g, '\\$&')}: line 3, column level: "three" is not a whole number`),
    );
    assert.match(err, /line 3, column time_zone: "Mars\/Olympus" is not an IANA time zone/);
  });

  it('exits 2 on malformed CSV and on bad criteria, naming where', () => {
    const broken = run({
      mentors: file('broken.csv', 'id,name\na,"unclosed\n'),
      mentees: file('ok.csv', 'id\ne\n'),
    });
    assert.equal(broken.code, 2);
    assert.match(broken.err, /broken\.csv: line \d+/);
    const criteria = run({
      mentors: file('ok2.csv', 'id\nm\n'),
      mentees: file('ok3.csv', 'id\ne\n'),
      criteria: file('bad.json', JSON.stringify({ weights: { skills: 'lots' } })),
    });
    assert.equal(criteria.code, 2);
    assert.match(criteria.err, /bad\.json: weights\.skills: must be one of must, high/);
    const candidates = run({
      mentors: file('ok5.csv', 'id\nm\n'),
      mentees: file('ok6.csv', 'id\ne\n'),
      candidates: '0',
    });
    assert.equal(candidates.code, 2);
    assert.match(candidates.err, /--candidates: "0"/);
    const duplicate = run({ mentors: file('dup.csv', 'id\nm\nm\n'), mentees: file('ok4.csv', 'id\ne\n') });
    assert.match(duplicate.err, /line 3, column id: "m" already used on line 2/);
  });

  it('is wired into commander with --out', async () => {
    const program = new Command().exitOverride();
    registerMatchCommand(program);
    const out = path.join(dir, 'pairs.csv');
    const previous = process.exitCode;
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await program.parseAsync(
        [
          'match',
          '--mentors',
          path.join(dir, 'mentors.csv'),
          '--mentees',
          path.join(dir, 'mentees.csv'),
          '--out',
          out,
        ],
        { from: 'user' },
      );
    } finally {
      process.stderr.write = write;
    }
    assert.equal(process.exitCode, 0);
    process.exitCode = previous;
    assert.match(fs.readFileSync(out, 'utf8'), /^mentee_id,mentee_name,mentor_id/);
  });
});
