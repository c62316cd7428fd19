import assert from 'node:assert/strict';
import type { APIRequestContext } from 'playwright-core';

/**
 * Seed data for the programs browser test: 10 senior mentors and 20 junior mentees in four departments, plus two
 * people who accept invitations and take part in a self-select program through the UI.
 */
const departments = ['Engineering', 'Product', 'Design', 'Sales'] as const;
const skillsByDepartment: Record<(typeof departments)[number], string[]> = {
  Engineering: ['System design', 'Code review', 'Public speaking'],
  Product: ['Roadmapping', 'Stakeholder management', 'Public speaking'],
  Design: ['User research', 'Design systems', 'Storytelling'],
  Sales: ['Negotiation', 'Storytelling', 'Stakeholder management'],
};
export const skillNames = [...new Set(Object.values(skillsByDepartment).flat())];

const firstNames = [
  'Amara',
  'Bruno',
  'Chloe',
  'Dmitri',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Lucas',
  'Maya',
  'Nikhil',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Umar',
  'Vera',
  'Wes',
  'Xia',
  'Yusuf',
  'Zoe',
  'Arjun',
  'Bea',
  'Caleb',
  'Dana',
];
const lastNames = [
  'Okafor',
  'Silva',
  'Martin',
  'Ivanov',
  'Rossi',
  'Haddad',
  'Kim',
  'Tanaka',
  'García',
  'Berg',
  'Adeyemi',
  'Moreau',
  'Cohen',
  'Rao',
  'Nowak',
  'Ruiz',
  'Fischer',
  'Lopez',
  'Khan',
  'Singh',
  'Ali',
  'Novak',
  'Brown',
  'Wang',
  'Demir',
  'Evans',
  'Mehta',
  'Larsen',
  'Price',
  'Weiss',
];

export interface SeedPerson {
  name: string;
  email: string;
  department: (typeof departments)[number];
  level: number;
  role: 'mentor' | 'mentee';
}

export const seedPeople: SeedPerson[] = Array.from({ length: 30 }, (_, index) => {
  const role = index < 10 ? 'mentor' : 'mentee';
  const first = firstNames[index]!;
  const last = lastNames[index]!;
  return {
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}@acme.test`,
    department: departments[index % departments.length]!,
    level: role === 'mentor' ? 6 + (index % 3) : 2 + (index % 3),
    role,
  };
});

/** Two extra people for the self-select flow. */
export const selfSelect = {
  mentee: { name: 'Sofia Lindqvist', email: 'sofia@acme.test', password: 'sofia mentee password' },
  mentor: { name: 'Rafael Duarte', email: 'rafael@acme.test', password: 'rafael mentor password' },
};

export function seedCsv(): string {
  const rows = [
    'Employee ID,Full Name,Work Email,Job Title,Department,Job Function,Level,Manager Email,Location',
    'S0,Helen Park,helen@acme.test,Chief Operating Officer,Executive,Leadership,10,,London',
  ];
  seedPeople.forEach((person, index) => {
    const title =
      person.role === 'mentor' ? `Senior ${person.department} Lead` : `${person.department} Associate`;
    rows.push(
      `P${index + 1},${person.name},${person.email},${title},${person.department},${person.department},${person.level},helen@acme.test,${index % 2 ? 'Berlin' : 'London'}`,
    );
  });
  rows.push(
    `X1,${selfSelect.mentee.name},${selfSelect.mentee.email},Product Associate,Product,Product,3,helen@acme.test,Paris`,
  );
  rows.push(
    `X2,${selfSelect.mentor.name},${selfSelect.mentor.email},Head of Product,Product,Product,8,helen@acme.test,Paris`,
  );
  return rows.join('\n');
}

/** The JSON of a successful answer (nothing for 204), or a failure naming `what` with the status and the body. */
export async function ok<T>(
  response: Awaited<ReturnType<APIRequestContext['get']>>,
  what: string,
): Promise<T> {
  assert.ok(response.ok(), `${what} answered ${response.status()}: ${await response.text()}`);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

export async function importPeople(request: APIRequestContext): Promise<Map<string, string>> {
  await ok(
    await request.post('/api/people/imports?wait=true&fileName=acme.csv', {
      headers: { 'Content-Type': 'text/csv' },
      data: seedCsv(),
    }),
    'import',
  );
  const page = await ok<{ items: { id: string; email: string }[] }>(
    await request.get('/api/people?pageSize=200&status=all'),
    'people',
  );
  return new Map(page.items.map((person) => [person.email, person.id]));
}

export async function createSkills(request: APIRequestContext): Promise<void> {
  for (const name of skillNames) {
    const response = await request.post('/api/skills', { data: { name } });
    // Programs seed a starter vocabulary: a name that exists already is fine.
    if (response.status() !== 409) await ok(response, `skill ${name}`);
  }
}

export async function createProgram(
  request: APIRequestContext,
  input: Record<string, unknown>,
): Promise<{ id: string; name: string }> {
  return ok(await request.post('/api/programs', { data: input }), 'create program');
}

export async function transition(request: APIRequestContext, programId: string, to: string): Promise<void> {
  await ok(
    await request.post(`/api/programs/${programId}/transitions`, { data: { to } }),
    `transition to ${to}`,
  );
}

/** Staff enrol each seed person with a profile that makes matching interesting, answering the track question. */
export async function enrolSeedPeople(
  request: APIRequestContext,
  programId: string,
  ids: Map<string, string>,
  trackQuestion?: { id: string; options: string[] },
): Promise<void> {
  for (const [index, person] of seedPeople.entries()) {
    const skills = skillsByDepartment[person.department];
    const personId = ids.get(person.email);
    assert.ok(personId, `person ${person.email} imported`);
    const profile =
      person.role === 'mentor'
        ? {
            skillsOffered: skills,
            goals: `I have led ${person.department.toLowerCase()} teams and can help with ${skills.join(', ').toLowerCase()}.`,
            capacity: 2,
            languages: ['English'],
            learningStyle: 'visual',
          }
        : {
            skillsWanted: index % 2 ? skills.slice(0, 2) : [skills[2]!],
            goals: `Grow into a senior ${person.department.toLowerCase()} role; get better at ${skills[0]!.toLowerCase()}.`,
            targetFunction: person.department,
            languages: ['English'],
            learningStyle: index % 3 ? 'visual' : 'reading',
            departmentPreference: 'any',
          };
    const answers = trackQuestion
      ? { [trackQuestion.id]: trackQuestion.options[index % trackQuestion.options.length]! }
      : {};
    await ok(
      await request.post(`/api/programs/${programId}/enrolments`, {
        data: { role: person.role, personId, profile, answers },
      }),
      `enrol ${person.email}`,
    );
  }
}

/**
 * Invite someone by email and return the token of their invitation link: without SMTP the admin is given the link
 * once, in the answer to the invitation (the mailbox never shows it).
 */
export async function invitationToken(request: APIRequestContext, email: string): Promise<string> {
  const invited = await ok<{ invitationLink: { url: string } | null }>(
    await request.post('/api/users/invitations', { data: { email, role: 'member' } }),
    `invite ${email}`,
  );
  assert.ok(invited.invitationLink, `a one-time link for ${email}`);
  const match = /\/invitations\/([A-Za-z0-9_-]+)$/.exec(invited.invitationLink.url);
  assert.ok(match, 'an invitation link');
  return match[1]!;
}

export async function acceptInvitation(
  request: APIRequestContext,
  token: string,
  password: string,
): Promise<void> {
  await ok(
    await request.post('/api/auth/invitations/accept', { data: { token, password } }),
    'accept invitation',
  );
}
