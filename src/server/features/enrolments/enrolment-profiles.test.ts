import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { people, relationships } from '../../db/schema.ts';
import { createOrganisation, createPerson } from '../../testing/factories.ts';
import { createProgram, enrolPeople, enrolPerson } from '../../testing/program-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { loadMatchingProfiles } from './enrolment-profiles.service.ts';

describe('loadMatchingProfiles', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  it('maps approved enrolments and people onto matching profiles, with manager chains and mentor load', async () => {
    const db = database.db;
    const org = await createOrganisation(db);
    const other = await createOrganisation(db);
    const ceo = await createPerson(db, org.id, { name: 'Ceo', level: 9 });
    const vp = await createPerson(db, org.id, { name: 'Vp', level: 7, managerId: ceo.id, department: 'Eng' });
    const dev = await createPerson(db, org.id, {
      name: 'Dev',
      level: 3,
      managerId: vp.id,
      timeZone: 'Europe/Paris',
      languages: ['French'],
    });
    const left = await createPerson(db, org.id, { name: 'Left', status: 'inactive' });
    const program = await createProgram(db, org.id);
    const mentor = await enrolPerson(db, {
      organisationId: org.id,
      programId: program.id,
      personId: vp.id,
      role: 'mentor',
      capacity: 3,
      profile: { skillsOffered: ['Leadership'], goals: 'grow leaders', avoidPersonIds: [left.id] },
    });
    const mentee = await enrolPerson(db, {
      organisationId: org.id,
      programId: program.id,
      personId: dev.id,
      role: 'mentee',
      profile: { skillsWanted: ['Leadership'], departmentPreference: 'different', learningStyle: 'visual' },
      answers: { '00000000-0000-4000-8000-000000000001': 4, '00000000-0000-4000-8000-000000000002': ['a'] },
    });
    await enrolPerson(db, {
      organisationId: org.id,
      programId: program.id,
      personId: ceo.id,
      role: 'mentor',
      status: 'pending_approval',
    });
    await enrolPerson(db, {
      organisationId: org.id,
      programId: program.id,
      personId: left.id,
      role: 'mentee',
    });
    const otherPerson = await createPerson(db, other.id);
    const otherProgram = await createProgram(db, other.id);
    await enrolPerson(db, {
      organisationId: other.id,
      programId: otherProgram.id,
      personId: otherPerson.id,
      role: 'mentee',
    });
    await db.insert(relationships).values({
      organisationId: org.id,
      programId: program.id,
      mentorEnrolmentId: mentor.id,
      menteeEnrolmentId: mentee.id,
      mentorPersonId: vp.id,
      menteePersonId: dev.id,
      status: 'active',
      origin: 'match_run',
    });

    const profiles = await loadMatchingProfiles(db, org.id, program.id);
    assert.equal(profiles.mentors.length, 1);
    assert.equal(profiles.mentees.length, 1);
    const [m] = profiles.mentors;
    assert.equal(m!.enrolmentId, mentor.id);
    assert.equal(m!.id, vp.id);
    assert.equal(m!.capacity, 3);
    assert.equal(m!.currentMentees, 1);
    assert.deepEqual(m!.managerChain, [ceo.id]);
    assert.deepEqual(m!.skillsOffered, ['Leadership']);
    assert.deepEqual(m!.avoidIds, [left.id]);
    assert.equal(m!.department, 'Eng');
    const [e] = profiles.mentees;
    assert.deepEqual(e!.managerChain, [vp.id, ceo.id]);
    assert.equal(e!.timeZone, 'Europe/Paris');
    assert.deepEqual(e!.languages, ['French']);
    assert.equal(e!.departmentPreference, 'different');
    assert.equal(e!.learningStyle, 'visual');
    assert.deepEqual(e!.answers, {
      '00000000-0000-4000-8000-000000000001': '4',
      '00000000-0000-4000-8000-000000000002': ['a'],
    });
    assert.equal(e!.targetFunction, null);
  });

  // 400 in the suite (timing is logged, not asserted: the suite shares the machine); ENROLMENT_PROFILES_SIZE=12000 measures the size the brief names (1.7 s on PGlite).
  const size = Number(process.env.ENROLMENT_PROFILES_SIZE ?? 400);
  it(`loads ${size} enrolments in one pass`, async () => {
    const db = database.db;
    const org = await createOrganisation(db);
    const rows = Array.from({ length: size }, (_, i) => ({
      organisationId: org.id,
      email: `p${i}@big.example`,
      name: `P ${i}`,
      level: 1 + (i % 9),
    }));
    const ids: string[] = [];
    for (let start = 0; start < rows.length; start += 2000) {
      const inserted = await db
        .insert(people)
        .values(rows.slice(start, start + 2000))
        .returning({ id: people.id });
      ids.push(...inserted.map((r) => r.id));
    }
    const program = await createProgram(db, org.id);
    await enrolPeople(
      db,
      ids.map((personId, i) => ({
        organisationId: org.id,
        programId: program.id,
        personId,
        role: i % 4 === 0 ? ('mentor' as const) : ('mentee' as const),
        profile: { skillsWanted: ['Leadership', 'Sales'], goals: 'become a manager in two years' },
      })),
    );
    const started = performance.now();
    const profiles = await loadMatchingProfiles(db, org.id, program.id);
    const ms = performance.now() - started;
    assert.equal(profiles.mentors.length, size / 4);
    assert.equal(profiles.mentees.length, (size * 3) / 4);
    console.log(`loadMatchingProfiles: ${size} enrolments in ${ms.toFixed(0)} ms (${database.kind})`);
  });
});
