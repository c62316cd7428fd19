import { seededRandom } from '../seeded-random.ts';
import { type LearningStyle, learningStyles, type MenteeProfile, type MentorProfile } from './profiles.ts';

const goalWords = (
  'lead team manage people product strategy roadmap engineering architecture design systems data analytics ' +
  'machine learning marketing brand sales negotiation finance budget operations supply chain customer success ' +
  'public speaking communication executive presence stakeholder influence promotion senior staff principal ' +
  'transition switch move into management career growth coaching feedback delegation hiring interviewing ' +
  'cloud security infrastructure reliability mobile frontend backend research writing storytelling pricing ' +
  'growth experimentation compliance legal policy accounting audit recruiting culture inclusion wellbeing ' +
  'international expansion partnerships startup innovation ux user experience pm product manager'
).split(' ');
const zones = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Helsinki',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Africa/Lagos',
  'Asia/Dubai',
];
const languagePool = ['en', 'fr', 'de', 'es', 'pt', 'hi', 'ja', 'zh', 'ar', 'it'];

interface SyntheticOptions {
  mentors: number;
  mentees: number;
  seed: number;
  /** Size of the skill vocabulary (default 60). */
  skills?: number;
  /** Matching question ids to answer (`q0`, `q1`, ... with 6 options each); default 2. */
  questions?: number;
}

/**
 * Realistic-looking random profiles for tests, benchmarks and demo data: one organisation tree with levels
 * 1–10, managers above their reports, overlapping vocabularies so every criterion has hits and misses.
 */
export function syntheticProfiles(options: SyntheticOptions): {
  mentors: MentorProfile[];
  mentees: MenteeProfile[];
} {
  const random = seededRandom(options.seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const count = min + int(max - min + 1);
    const out = new Set<T>();
    for (let k = 0; k < count; k++) out.add(pick(items));
    return [...out];
  };
  const skillCount = options.skills ?? 60;
  const skills = Array.from({ length: skillCount }, (_, k) => `skill ${k}`);
  const functions = [
    'engineering',
    'product',
    'design',
    'sales',
    'marketing',
    'finance',
    'people',
    'operations',
  ];
  const departments = ['platform', 'apps', 'growth', 'revenue', 'corporate', 'support'];
  const questionCount = options.questions ?? 2;
  const total = options.mentors + options.mentees;

  // People sorted by descending level, so a manager can always be drawn among those already created.
  const levels = Array.from({ length: total }, () => 1 + int(10)).sort((a, b) => b - a);
  const managerOf: number[] = [];
  const chains: string[][] = [];
  for (let p = 0; p < total; p++) {
    // Managers come from the few people created just before with a higher level: a deep, narrow-ish tree.
    let manager = -1;
    for (let tries = 0; tries < 4 && p > 0; tries++) {
      const candidate = p - 1 - int(Math.min(p, 200));
      if (levels[candidate] > levels[p]) {
        manager = candidate;
        break;
      }
    }
    managerOf.push(manager);
    chains.push(manager < 0 ? [] : [`p${manager}`, ...chains[manager]]);
  }
  // Interleave roles so mentors are spread over the tree (senior people are more often mentors).
  const order = Array.from({ length: total }, (_, p) => p);
  const mentorSet = new Set<number>();
  const weightsBySeniority = order.map((p) => random() * (1 + levels[p] / 3));
  const ranked = order.slice().sort((a, b) => weightsBySeniority[b] - weightsBySeniority[a]);
  for (let k = 0; k < options.mentors; k++) mentorSet.add(ranked[k]);

  const answersFor = (): Record<string, string | string[]> => {
    const answers: Record<string, string | string[]> = {};
    for (let q = 0; q < questionCount; q++) {
      if (random() < 0.1) continue;
      answers[`q${q}`] = q % 2 === 0 ? `option ${int(6)}` : some(['a', 'b', 'c', 'd', 'e', 'f'], 1, 3);
    }
    return answers;
  };
  const languagesFor = (): string[] => {
    if (random() < 0.03) return [];
    const spoken = some(languagePool, 1, 2);
    if (random() < 0.7 && !spoken.includes('en')) spoken.push('en');
    return spoken;
  };
  const base = (p: number) => ({
    id: `p${p}`,
    name: `Person ${p}`,
    level: random() < 0.02 ? null : levels[p],
    department: pick(departments),
    jobFunction: pick(functions),
    managerChain: chains[p],
    goals: some(goalWords, 4, 12).join(' '),
    learningStyle: random() < 0.1 ? null : (pick(learningStyles) as LearningStyle),
    meetingMode: null,
    timeZone: random() < 0.03 ? null : pick(zones),
    languages: languagesFor(),
    answers: answersFor(),
    avoidIds: [] as string[],
  });

  const mentors: MentorProfile[] = [];
  const mentees: MenteeProfile[] = [];
  for (let p = 0; p < total; p++) {
    if (mentorSet.has(p)) {
      mentors.push({ ...base(p), skillsOffered: some(skills, 2, 8), capacity: 1 + int(5) });
    } else {
      mentees.push({
        ...base(p),
        skillsWanted: some(skills, 1, 5),
        targetFunction: random() < 0.2 ? null : pick(functions),
        departmentPreference: pick(['same', 'different', 'any', 'any'] as const),
        preferredMentorIds: [],
      });
    }
  }
  // Preferences and avoidances name real people of the other side.
  for (const mentee of mentees) {
    if (random() < 0.1) mentee.preferredMentorIds = [pick(mentors).id, pick(mentors).id];
    if (random() < 0.05) mentee.avoidIds = [pick(mentors).id];
  }
  for (const mentor of mentors) if (random() < 0.05) mentor.avoidIds = [pick(mentees).id];
  return { mentors, mentees };
}
