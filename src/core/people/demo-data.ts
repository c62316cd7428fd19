import { seededRandom } from '../seeded-random.ts';

/** A person of the generated demo organisation; `managerKey` points at another person's `key` (their HRIS id). */
interface DemoPerson {
  key: string;
  name: string;
  email: string;
  title: string;
  department: string;
  jobFunction: string;
  level: number;
  managerKey: string | null;
  location: string;
  timeZone: string;
  languages: string[];
  hireDate: string;
}

interface DemoOptions {
  seed?: number;
  /** How many people, the chief executive included; at least 12 (one head per department). Default 360. */
  count?: number;
  domain?: string;
}

interface Department {
  name: string;
  weight: number;
  /** [job function, role noun] */
  functions: [string, string][];
}

const demoDepartments: Department[] = [
  {
    name: 'Engineering',
    weight: 30,
    functions: [
      ['Software Engineering', 'Software Engineer'],
      ['Software Engineering', 'Software Engineer'],
      ['Data Engineering', 'Data Engineer'],
      ['Quality Engineering', 'QA Engineer'],
      ['Site Reliability', 'Site Reliability Engineer'],
    ],
  },
  { name: 'Product', weight: 7, functions: [['Product Management', 'Product Manager']] },
  {
    name: 'Design',
    weight: 5,
    functions: [
      ['Product Design', 'Product Designer'],
      ['User Research', 'UX Researcher'],
    ],
  },
  {
    name: 'Sales',
    weight: 16,
    functions: [
      ['Sales', 'Account Executive'],
      ['Sales Development', 'Sales Development Representative'],
      ['Sales Engineering', 'Solutions Engineer'],
    ],
  },
  {
    name: 'Marketing',
    weight: 8,
    functions: [
      ['Product Marketing', 'Product Marketing Manager'],
      ['Growth Marketing', 'Growth Marketer'],
      ['Content', 'Content Strategist'],
    ],
  },
  {
    name: 'Customer Success',
    weight: 11,
    functions: [
      ['Customer Success', 'Customer Success Manager'],
      ['Support', 'Support Specialist'],
    ],
  },
  {
    name: 'Finance',
    weight: 5,
    functions: [
      ['Accounting', 'Accountant'],
      ['Financial Planning', 'Financial Analyst'],
    ],
  },
  {
    name: 'People',
    weight: 5,
    functions: [
      ['People Partnering', 'People Partner'],
      ['Talent Acquisition', 'Recruiter'],
      ['Learning & Development', 'Learning Specialist'],
    ],
  },
  {
    name: 'Operations',
    weight: 7,
    functions: [
      ['Business Operations', 'Business Operations Analyst'],
      ['IT', 'IT Specialist'],
      ['Workplace', 'Workplace Coordinator'],
    ],
  },
  {
    name: 'Legal',
    weight: 3,
    functions: [
      ['Legal', 'Legal Counsel'],
      ['Compliance', 'Compliance Analyst'],
    ],
  },
];

type Region = 'uk' | 'us' | 'de' | 'in' | 'sg' | 'br' | 'ca' | 'au';
const locations: { name: string; timeZone: string; weight: number; languages: string[]; region: Region }[] = [
  { name: 'London', timeZone: 'Europe/London', weight: 20, languages: ['English'], region: 'uk' },
  { name: 'New York', timeZone: 'America/New_York', weight: 18, languages: ['English'], region: 'us' },
  {
    name: 'San Francisco',
    timeZone: 'America/Los_Angeles',
    weight: 14,
    languages: ['English'],
    region: 'us',
  },
  { name: 'Berlin', timeZone: 'Europe/Berlin', weight: 12, languages: ['German', 'English'], region: 'de' },
  { name: 'Bangalore', timeZone: 'Asia/Kolkata', weight: 14, languages: ['English', 'Hindi'], region: 'in' },
  {
    name: 'Singapore',
    timeZone: 'Asia/Singapore',
    weight: 8,
    languages: ['English', 'Mandarin'],
    region: 'sg',
  },
  {
    name: 'São Paulo',
    timeZone: 'America/Sao_Paulo',
    weight: 7,
    languages: ['Portuguese', 'English'],
    region: 'br',
  },
  { name: 'Toronto', timeZone: 'America/Toronto', weight: 4, languages: ['English', 'French'], region: 'ca' },
  { name: 'Sydney', timeZone: 'Australia/Sydney', weight: 3, languages: ['English'], region: 'au' },
];
const extraLanguages = [
  'Spanish',
  'French',
  'Italian',
  'Japanese',
  'Arabic',
  'Korean',
  'Polish',
  'Dutch',
  'Tamil',
];

const names: Record<Region | 'global', { first: string[]; last: string[] }> = {
  uk: {
    first: [
      'Oliver',
      'Amelia',
      'Harry',
      'Isla',
      'George',
      'Ava',
      'Noah',
      'Freya',
      'Jack',
      'Poppy',
      'Aisha',
      'Callum',
    ],
    last: [
      'Smith',
      'Jones',
      'Taylor',
      'Brown',
      'Evans',
      'Walker',
      'Wright',
      'Hughes',
      'Patel',
      'Begum',
      'Clarke',
    ],
  },
  us: {
    first: [
      'James',
      'Emma',
      'Michael',
      'Olivia',
      'Ethan',
      'Sophia',
      'Jayden',
      'Mia',
      'Marcus',
      'Keisha',
      'Diego',
    ],
    last: [
      'Johnson',
      'Williams',
      'Garcia',
      'Miller',
      'Davis',
      'Rodriguez',
      'Martinez',
      'Washington',
      'Nguyen',
      'Kim',
    ],
  },
  de: {
    first: [
      'Lukas',
      'Hannah',
      'Leon',
      'Lea',
      'Finn',
      'Mia',
      'Jonas',
      'Emilia',
      'Elif',
      'Mehmet',
      'Anna',
      'Felix',
    ],
    last: [
      'Müller',
      'Schmidt',
      'Schneider',
      'Fischer',
      'Weber',
      'Meyer',
      'Wagner',
      'Becker',
      'Yılmaz',
      'Hoffmann',
    ],
  },
  in: {
    first: [
      'Aarav',
      'Priya',
      'Vihaan',
      'Ananya',
      'Arjun',
      'Diya',
      'Rohan',
      'Kavya',
      'Siddharth',
      'Meera',
      'Rahul',
    ],
    last: [
      'Sharma',
      'Iyer',
      'Reddy',
      'Nair',
      'Gupta',
      'Rao',
      'Menon',
      'Krishnan',
      'Desai',
      'Kulkarni',
      'Das',
    ],
  },
  sg: {
    first: [
      'Wei Ling',
      'Jun Jie',
      'Hui Min',
      'Zhi Hao',
      'Nurul',
      'Farhan',
      'Mei Xin',
      'Kai Wen',
      'Siti',
      'Ravi',
    ],
    last: ['Tan', 'Lim', 'Lee', 'Ng', 'Wong', 'Goh', 'Chua', 'Rahman', 'Ismail', 'Pillai'],
  },
  br: {
    first: [
      'João',
      'Maria',
      'Pedro',
      'Ana',
      'Lucas',
      'Júlia',
      'Gabriel',
      'Beatriz',
      'Rafael',
      'Larissa',
      'Thiago',
    ],
    last: [
      'Silva',
      'Santos',
      'Oliveira',
      'Souza',
      'Pereira',
      'Costa',
      'Rodrigues',
      'Almeida',
      'Ferreira',
      'Lima',
    ],
  },
  ca: {
    first: ['Liam', 'Charlotte', 'William', 'Chloé', 'Benjamin', 'Maya', 'Étienne', 'Zoe', 'Arjun', 'Amara'],
    last: [
      'Tremblay',
      'Roy',
      'Gagnon',
      'MacDonald',
      'Campbell',
      'Singh',
      'Wilson',
      'Côté',
      'Chen',
      'Bouchard',
    ],
  },
  au: {
    first: ['Jack', 'Charlotte', 'Lachlan', 'Matilda', 'Cooper', 'Ruby', 'Hamish', 'Grace', 'Kiri', 'Tane'],
    last: ['Murphy', 'Kelly', "O'Brien", 'Ryan', 'Thompson', 'White', 'Martin', 'Anderson', 'Ngata', 'Walsh'],
  },
  global: {
    first: [
      'Fatima',
      'Yuki',
      'Omar',
      'Sofia',
      'Kwame',
      'Ingrid',
      'Mateo',
      'Leila',
      'Chen',
      'Nadia',
      'Tomás',
      'Amina',
    ],
    last: [
      'Haddad',
      'Tanaka',
      'Okafor',
      'Novak',
      'Mensah',
      'Larsen',
      'Fernández',
      'Kowalski',
      'Rossi',
      'Nakamura',
    ],
  },
};

// Share of people below the department heads at each level 1–8: a pyramid, most people at 2–5.
const levelWeights = [0, 5, 14, 20, 21, 17, 10, 6, 4];

function titleFor(level: number, department: string, jobFunction: string, role: string): string {
  if (level >= 10) return 'Chief Executive Officer';
  if (level === 9) return department === 'People' ? 'Head of People' : `VP of ${department}`;
  if (level === 8) return `Director of ${jobFunction}`;
  if (level === 7) return `Senior Manager, ${jobFunction}`;
  if (level === 6) return `${jobFunction} Manager`;
  const engineer = role.endsWith('Engineer');
  return [
    `Associate ${role}`,
    role,
    `${role} II`,
    `Senior ${role}`,
    engineer ? `Staff ${role}` : `Lead ${role}`,
  ][level - 1]!;
}

function asciiSlug(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * A realistic, deterministic organisation: a chief executive, a head per department (the People head is meant as
 * the demo admin), and a level pyramid below, each person managed by someone more senior in their department.
 */
export function generateDemoPeople(options: DemoOptions = {}): DemoPerson[] {
  const count = Math.max(12, options.count ?? 360);
  const domain = options.domain ?? 'demo.trellis.local';
  const random = seededRandom(options.seed ?? 20_240_601);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = <T extends { weight: number }>(items: readonly T[]): T => {
    const total = items.reduce((sum, item) => sum + item.weight, 0);
    let roll = random() * total;
    for (const item of items) {
      roll -= item.weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1]!;
  };
  const usedEmails = new Set<string>(['admin']);
  const emailCounters = new Map<string, number>();
  const people: DemoPerson[] = [];
  const referenceDay = Date.UTC(2025, 5, 30);

  const makePerson = (
    level: number,
    department: Department,
    fn: [string, string],
    managerKey: string | null,
  ) => {
    const location = weighted(locations);
    const pool = random() < 0.25 ? names.global : names[location.region];
    const first = pick(pool.first);
    const last = pick(pool.last);
    const base = `${asciiSlug(first)}.${asciiSlug(last)}`;
    let local = base;
    for (let n = emailCounters.get(base) ?? 1; usedEmails.has(local); n++) {
      local = `${base}${n + 1}`;
      emailCounters.set(base, n + 1);
    }
    usedEmails.add(local);
    const languages = [...location.languages];
    if (random() < 0.25) {
      const extra = pick(extraLanguages);
      if (!languages.includes(extra)) languages.push(extra);
    }
    // Seniority comes with tenure, roughly.
    const years = Math.min(14, random() * (1 + level * 0.9) + (level >= 8 ? 1 : 0));
    const hireDate = new Date(referenceDay - Math.floor(years * 365.25) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const person: DemoPerson = {
      key: `D${String(people.length + 1).padStart(5, '0')}`,
      name: `${first} ${last}`,
      email: `${local}@${domain}`,
      title: titleFor(level, department.name, fn[0], fn[1]),
      department: level >= 10 ? 'Executive' : department.name,
      jobFunction: level >= 10 ? 'General Management' : fn[0],
      level,
      managerKey,
      location: location.name,
      timeZone: location.timeZone,
      languages,
      hireDate,
    };
    people.push(person);
    return person;
  };

  const ceo = makePerson(10, demoDepartments[0]!, ['General Management', 'Chief Executive Officer'], null);
  const heads = demoDepartments.map((department) =>
    makePerson(9, department, department.functions[0]!, ceo.key),
  );

  // Headcount per department and level, by the weights above, then people from the top down.
  const remaining = count - people.length;
  const totalWeight = demoDepartments.reduce((sum, d) => sum + d.weight, 0);
  const levelTotal = levelWeights.reduce((sum, w) => sum + w, 0);
  const slots: { department: number; level: number }[] = [];
  for (let i = 0; i < remaining; i++) {
    let roll = random() * totalWeight;
    let department = 0;
    while (roll >= demoDepartments[department]!.weight && department < demoDepartments.length - 1) {
      roll -= demoDepartments[department]!.weight;
      department++;
    }
    let levelRoll = random() * levelTotal;
    let level = 1;
    while (levelRoll >= levelWeights[level]! && level < 8) {
      levelRoll -= levelWeights[level]!;
      level++;
    }
    slots.push({ department, level });
  }
  slots.sort((a, b) => b.level - a.level || a.department - b.department);

  const byDepartmentLevel = new Map<string, DemoPerson[]>();
  const members = (department: number, level: number) =>
    byDepartmentLevel.get(`${department}:${level}`) ?? [];
  heads.forEach((head, department) => {
    byDepartmentLevel.set(`${department}:9`, [head]);
  });
  const roundRobin = new Map<string, number>();
  // Slots run from the top level down, so the pool of possible managers for a level is complete when first needed.
  const pools = new Map<string, DemoPerson[]>();
  for (const { department, level } of slots) {
    const key = `${department}:${level}`;
    let pool = pools.get(key);
    if (!pool) {
      // People managers sit at level 6 and above, a few levels above their reports; the head always fits.
      pool = [];
      for (let above = level + 1; above <= Math.min(9, level + 4); above++) {
        if (above >= 6) pool.push(...members(department, above));
      }
      if (pool.length === 0) pool = [heads[department]!];
      pools.set(key, pool);
    }
    const turn = roundRobin.get(key) ?? 0;
    roundRobin.set(key, turn + 1);
    const manager = pool[turn % pool.length]!;
    const dept = demoDepartments[department]!;
    const person = makePerson(level, dept, pick(dept.functions), manager.key);
    const peers = byDepartmentLevel.get(key);
    if (peers) peers.push(person);
    else byDepartmentLevel.set(key, [person]);
  }
  return people;
}

/** The demo admin's person: the head of People. */
export function demoAdminPerson(people: DemoPerson[]): DemoPerson {
  return people.find((person) => person.title === 'Head of People')!;
}

const passwordWords = [
  'maple',
  'river',
  'quartz',
  'lantern',
  'harbor',
  'meadow',
  'copper',
  'falcon',
  'orchid',
  'summit',
  'willow',
  'ember',
  'glacier',
  'pepper',
  'canyon',
  'saffron',
  'cobalt',
  'juniper',
  'thistle',
  'beacon',
];

/** A memorable password ("maple-river-quartz-42") from a random source in [0, 1). */
export function memorablePassword(random: () => number): string {
  const word = () => passwordWords[Math.floor(random() * passwordWords.length)]!;
  return `${word()}-${word()}-${word()}-${10 + Math.floor(random() * 90)}`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The people as an HRIS export would list them: one row per employee, manager by email, in the given order. */
export function toHrisCsv(people: DemoPerson[]): string {
  const emailOf = new Map(people.map((person) => [person.key, person.email]));
  const lines = [
    'Employee ID,First Name,Last Name,Work Email,Job Title,Department,Job Function,Grade,Manager Email,Office,Time Zone,Languages,Hire Date,Employment Status',
  ];
  for (const person of people) {
    const space = person.name.lastIndexOf(' ');
    lines.push(
      [
        person.key,
        person.name.slice(0, space),
        person.name.slice(space + 1),
        person.email,
        person.title,
        person.department,
        person.jobFunction,
        String(person.level),
        person.managerKey ? emailOf.get(person.managerKey)! : '',
        person.location,
        person.timeZone,
        person.languages.join(', '),
        person.hireDate,
        'Active',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Fisher–Yates shuffle with the given random source (a copy; the input is left as it is). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
