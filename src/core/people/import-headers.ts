/** The person fields a CSV column can map to (mirrors `importField` in the contracts). */
const importFields = [
  'hrisId',
  'email',
  'name',
  'firstName',
  'lastName',
  'title',
  'department',
  'jobFunction',
  'level',
  'managerEmail',
  'managerHrisId',
  'location',
  'timeZone',
  'languages',
  'hireDate',
  'status',
  'exitType',
  'gender',
  'ageBand',
  'ethnicity',
  'disability',
  'caringResponsibilities',
] as const;
export type ImportFieldName = (typeof importFields)[number];
export type HeaderMapping = Partial<Record<ImportFieldName, string>>;

// Header names HRIS exports commonly use, compared after normalisation; earlier synonyms win when several are present.
const synonyms: Record<ImportFieldName, string[]> = {
  hrisId: [
    'employee id',
    'employee number',
    'employee no',
    'employee #',
    'worker id',
    'hris id',
    'person id',
    'staff id',
    'emp id',
    'id',
  ],
  email: ['work email', 'email', 'email address', 'work email address', 'business email', 'e-mail', 'mail'],
  name: ['full name', 'name', 'preferred name', 'display name', 'employee name', 'worker name'],
  firstName: ['first name', 'given name', 'firstname', 'legal first name', 'preferred first name'],
  lastName: ['last name', 'surname', 'family name', 'lastname', 'legal last name'],
  title: ['job title', 'title', 'position', 'position title', 'business title', 'role'],
  department: ['department', 'dept', 'team', 'department name', 'division', 'org unit', 'organisation unit'],
  jobFunction: ['job function', 'function', 'job family', 'job family group', 'discipline'],
  level: ['level', 'grade', 'job level', 'career level', 'band', 'job grade'],
  managerEmail: [
    'manager email',
    'supervisor email',
    'reports to email',
    'manager work email',
    'line manager email',
    'manager email address',
  ],
  managerHrisId: [
    'manager id',
    'manager employee id',
    'supervisor id',
    'reports to',
    'manager employee number',
    'supervisor employee id',
    'reports to id',
    'line manager id',
    'manager worker id',
  ],
  location: ['location', 'office', 'work location', 'site', 'office location', 'city'],
  timeZone: ['time zone', 'timezone', 'tz', 'time zone id'],
  languages: ['languages', 'language', 'spoken languages'],
  hireDate: ['hire date', 'start date', 'original hire date', 'date of hire', 'hired on', 'seniority date'],
  status: ['status', 'employment status', 'employee status', 'worker status'],
  exitType: ['exit type', 'termination type', 'leaving type', 'exit_type'],
  gender: ['gender', 'gender identity'],
  ageBand: ['age band', 'age group', 'age range', 'age_band'],
  ethnicity: ['ethnicity', 'ethnic group', 'ethnic background'],
  disability: ['disability', 'disability status', 'disabled'],
  caringResponsibilities: [
    'caring responsibilities',
    'carer',
    'caring',
    'caring_responsibilities',
    'carer status',
  ],
};

/** Case-, space- and punctuation-insensitive form of a header ("Work E-mail " → "workemail"). */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^a-z0-9]/g, '');
}

interface HeaderMatch {
  mapping: HeaderMapping;
  unmappedHeaders: string[];
  missingRequired: ImportFieldName[];
  /** Explicit mapping entries naming a header the file does not have. */
  unknownHeaders: { field: ImportFieldName; header: string }[];
}

/** Map CSV headers to person fields: the explicit mapping first, then common header names. */
export function matchHeaders(headers: string[], explicit: HeaderMapping = {}): HeaderMatch {
  const mapping: HeaderMapping = {};
  const used = new Set<string>();
  const unknownHeaders: HeaderMatch['unknownHeaders'] = [];
  const byNormalised = new Map<string, string>();
  for (const header of headers) {
    const key = normaliseHeader(header);
    if (key && !byNormalised.has(key)) byNormalised.set(key, header);
  }
  for (const field of importFields) {
    const wanted = explicit[field];
    if (wanted === undefined) continue;
    const header = headers.includes(wanted) ? wanted : byNormalised.get(normaliseHeader(wanted));
    if (header === undefined) unknownHeaders.push({ field, header: wanted });
    else {
      mapping[field] = header;
      used.add(header);
    }
  }
  for (const field of importFields) {
    if (mapping[field] !== undefined || explicit[field] !== undefined) continue;
    for (const synonym of synonyms[field]) {
      const header = byNormalised.get(normaliseHeader(synonym));
      if (header !== undefined && !used.has(header)) {
        mapping[field] = header;
        used.add(header);
        break;
      }
    }
  }
  const missingRequired: ImportFieldName[] = [];
  if (!mapping.email) missingRequired.push('email');
  if (!mapping.name && !mapping.firstName && !mapping.lastName) missingRequired.push('name');
  return {
    mapping,
    unmappedHeaders: headers.filter((header) => !used.has(header)),
    missingRequired,
    unknownHeaders,
  };
}
