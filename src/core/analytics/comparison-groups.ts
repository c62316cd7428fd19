/**
 * Comparable non-participants by coarsened exact matching (Iacus, King & Porro, Political Analysis 20, 2012): each
 * participant is compared with the people who, on the day the participant started, were employed, had not joined
 * mentoring, and fell in the same stratum — same department, same job function, same level, same tenure band. Each
 * participant's comparison group counts once in total (every member weighs 1 / group size), so a participant in a
 * crowded stratum does not outweigh one in a sparse one. Pure: the population, the starts and the coarsening are
 * arguments. Decision 018 states the rules and what such a comparison cannot rule out.
 */
import { addMonthsUtc, completedMonths } from './calendar.ts';
import { kishEffectiveSize } from './proportions.ts';

/** A stretch of employment: from `start` (hire or rehire) until `end`, the exit date (null while still employed). */
export interface EmploymentSpan {
  start: Date;
  end: Date | null;
}

/** A level a person held from a date on (from the HRIS history). */
export interface LevelChange {
  from: Date;
  level: number;
}

/** What the statistics know about one person of the organisation (participant or not). */
export interface PersonHistory {
  personId: string;
  department: string | null;
  jobFunction: string | null;
  /** The current level; used when `levelHistory` is absent. */
  level: number | null;
  /**
   * Levels over time. When given, the level at a date is the latest change on or before it (none → unknown), so a
   * participant promoted after joining is matched on the level they had when they joined.
   */
  levelHistory?: readonly LevelChange[];
  /** Original hire date for tenure; when null, the start of the employment span in force is used. */
  hireDate: Date | null;
  /** Employment spans, not overlapping; a person with none is never employed, so is never compared. */
  employment: readonly EmploymentSpan[];
  /** Dates of promotions (HRIS events). */
  promotions: readonly Date[];
}

/** A person's first start in mentoring (their first relationship's start). */
export interface ParticipantStart {
  personId: string;
  startedAt: Date;
}

/** How finely people are grouped into strata: each field is matched exactly after coarsening. */
export interface Coarsening {
  /** Match on department (exactly). */
  department: boolean;
  /** Match on job function (exactly). */
  jobFunction: boolean;
  /** Match on the level at the start: exactly, in bands below each cut (e.g. [3, 5] → ≤2, 3–4, ≥5), or not at all. */
  level: 'exact' | 'ignore' | { cuts: readonly number[] };
  /** Tenure band cut points in years at the start (ascending), or 'ignore'. */
  tenureYearCuts: readonly number[] | 'ignore';
}

/**
 * The default strata: exact department, job function and level, and tenure bands <1, 1–3, 3–5, 5–10 and 10+ years
 * at the participant's start.
 */
export const defaultCoarsening: Coarsening = {
  department: true,
  jobFunction: true,
  level: 'exact',
  tenureYearCuts: [1, 3, 5, 10],
};

/** No strata at all: everyone employed and not yet in mentoring at the start is comparable (the naive contrast). */
export const noCoarsening: Coarsening = {
  department: false,
  jobFunction: false,
  level: 'ignore',
  tenureYearCuts: 'ignore',
};

/** One member of a participant's comparison group. */
export interface ComparisonMember {
  personId: string;
  /** 1 / size of the group. */
  weight: number;
  /** When this person later joined mentoring (they are followed as a comparison only until then), or null. */
  joinedAt: Date | null;
}

/** A participant with their comparison group. */
export interface MatchedGroup {
  participantId: string;
  startedAt: Date;
  /** The stratum, as a readable key (e.g. `department=Sales · level=3 · tenure=1–3y`). */
  stratum: string;
  comparisons: readonly ComparisonMember[];
}

/** Why a participant has no comparison group. */
export type DropReason = 'not_in_population' | 'not_employed_at_start' | 'missing_data' | 'no_comparable';

export interface DroppedParticipant {
  personId: string;
  startedAt: Date;
  reason: DropReason;
}

export interface ComparisonGroups {
  /** One per matched participant, in order of start. */
  groups: readonly MatchedGroup[];
  dropped: readonly DroppedParticipant[];
  /** Each comparison person's weight summed over the groups they are in (the weights sum to the matched count). */
  personWeights: ReadonlyMap<string, number>;
  counts: {
    /** Distinct participants given. */
    participants: number;
    matched: number;
    dropped: number;
    /** Distinct people in at least one comparison group. */
    comparisonPeople: number;
    /** Group memberships (a person may be in several groups). */
    comparisonRecords: number;
    /** Kish's effective size of the comparison people's summed weights. */
    effectiveComparisonSize: number;
  };
}

export interface ComparisonInput {
  participants: readonly ParticipantStart[];
  population: readonly PersonHistory[];
  coarsening?: Coarsening;
  /** `preparePopulation(population, coarsening)`, when the same population is analysed again and again. */
  prepared?: PreparedPopulation;
  /** People who took part in mentoring outside this analysis (e.g. another program): compared only before joining. */
  otherParticipations?: readonly ParticipantStart[];
}

/** Whether `person` was employed at `at`: some span started on or before it and had not ended. */
export function isEmployedAt(person: PersonHistory, at: Date): boolean {
  return spanAt(person, at) !== null;
}

/** The employment span in force at `at`, or null. */
export function spanAt(person: PersonHistory, at: Date): EmploymentSpan | null {
  const t = at.getTime();
  for (const span of person.employment) {
    if (span.start.getTime() <= t && (span.end === null || span.end.getTime() > t)) return span;
  }
  return null;
}

/** The person's level at `at`: from the level history when there is one, else the current level. */
export function levelAt(person: PersonHistory, at: Date): number | null {
  if (!person.levelHistory || person.levelHistory.length === 0) return person.level;
  let best: LevelChange | null = null;
  for (const change of person.levelHistory) {
    if (
      change.from.getTime() <= at.getTime() &&
      (best === null || change.from.getTime() >= best.from.getTime())
    ) {
      best = change;
    }
  }
  return best?.level ?? null;
}

function bandLabel(cuts: readonly number[], index: number, unit: string): string {
  if (index === 0) return `<${cuts[0]}${unit}`;
  if (index === cuts.length) return `${cuts[cuts.length - 1]}+${unit}`;
  return `${cuts[index - 1]}–${cuts[index]}${unit}`;
}

/**
 * The stratum of `person` at `at` under `coarsening`, as a readable key, or null when a matched field is unknown
 * (or the person is not employed then).
 */
export function stratumOf(
  person: PersonHistory,
  at: Date,
  coarsening: Coarsening = defaultCoarsening,
): string | null {
  const parts: string[] = [];
  if (coarsening.department) {
    if (person.department === null) return null;
    parts.push(`department=${person.department}`);
  }
  if (coarsening.jobFunction) {
    if (person.jobFunction === null) return null;
    parts.push(`function=${person.jobFunction}`);
  }
  if (coarsening.level !== 'ignore') {
    const level = levelAt(person, at);
    if (level === null) return null;
    if (coarsening.level === 'exact') parts.push(`level=${level}`);
    else {
      const cuts = coarsening.level.cuts;
      parts.push(`level=${bandLabel(cuts, cuts.filter((c) => level >= c).length, '')}`);
    }
  }
  if (coarsening.tenureYearCuts !== 'ignore') {
    const span = spanAt(person, at);
    if (span === null) return null;
    const hired = person.hireDate ?? span.start;
    const months = completedMonths(hired, at);
    const cuts = coarsening.tenureYearCuts;
    parts.push(`tenure=${bandLabel(cuts, cuts.filter((c) => months >= Math.round(c * 12)).length, 'y')}`);
  }
  return parts.join(' · ');
}

/** The part of the stratum that does not change with time, to bucket the population once. */
function staticKey(person: PersonHistory, coarsening: Coarsening): string | null {
  if (coarsening.department && person.department === null) return null;
  if (coarsening.jobFunction && person.jobFunction === null) return null;
  return JSON.stringify([
    coarsening.department ? person.department : '',
    coarsening.jobFunction ? person.jobFunction : '',
  ]);
}

/** Each person's first start, from the participants and the other participations (earliest wins). */
export function firstStarts(...lists: (readonly ParticipantStart[])[]): Map<string, Date> {
  const first = new Map<string, Date>();
  for (const list of lists) {
    for (const { personId, startedAt } of list) {
      const known = first.get(personId);
      if (!known || startedAt.getTime() < known.getTime()) first.set(personId, startedAt);
    }
  }
  return first;
}

function validateCoarsening(coarsening: Coarsening): void {
  const ascending = (cuts: readonly number[]) =>
    cuts.every((c, i) => Number.isFinite(c) && c > 0 && (i === 0 || c > cuts[i - 1]));
  if (coarsening.tenureYearCuts !== 'ignore' && !ascending(coarsening.tenureYearCuts)) {
    throw new RangeError('coarsening.tenureYearCuts must be positive and ascending');
  }
  if (
    typeof coarsening.level === 'object' &&
    !coarsening.level.cuts.every((c, i, a) => i === 0 || c > a[i - 1])
  ) {
    throw new RangeError('coarsening.level.cuts must be ascending');
  }
}

/** A person's history as numbers, for the candidate scans (the same whoever joins mentoring when). */
export interface Candidate {
  /** Position in the population. */
  index: number;
  person: PersonHistory;
  spanStarts: number[];
  spanEnds: number[];
  /** Level history as numbers, in time order (empty: the current level applies). */
  levelFrom: number[];
  levelValue: number[];
  hired: number | null;
  /** Tenure thresholds (the moments each tenure cut is reached) from `tenureBase`, computed on first use. */
  tenureBase: number;
  tenureThresholds: number[];
}

function candidateOf(person: PersonHistory, index: number): Candidate {
  const history = [...(person.levelHistory ?? [])].sort((a, b) => a.from.getTime() - b.from.getTime());
  return {
    index,
    person,
    spanStarts: person.employment.map((s) => s.start.getTime()),
    spanEnds: person.employment.map((s) => s.end?.getTime() ?? Number.POSITIVE_INFINITY),
    levelFrom: history.map((c) => c.from.getTime()),
    levelValue: history.map((c) => c.level),
    hired: person.hireDate?.getTime() ?? null,
    tenureBase: Number.NaN,
    tenureThresholds: [],
  };
}

/** How many of `cuts` `value` reaches (the band's index), without allocating. */
function bandIndex(cuts: readonly number[], value: number): number {
  let index = 0;
  for (const cut of cuts) if (value >= cut) index++;
  return index;
}

/** The start of the employment span in force at `t`, or NaN when not employed then. */
function spanStartAt(c: Candidate, t: number): number {
  for (let i = 0; i < c.spanStarts.length; i++) {
    if (c.spanStarts[i] <= t && c.spanEnds[i] > t) return c.spanStarts[i];
  }
  return Number.NaN;
}

/** The level part of the stratum at `t` (the level, its band, or '' when levels are ignored), or null if unknown. */
function levelPartAt(c: Candidate, t: number, coarsening: Coarsening): number | '' | null {
  if (coarsening.level === 'ignore') return '';
  let level: number | null;
  if (c.levelFrom.length === 0) level = c.person.level;
  else {
    level = null;
    // The latest change on or before `t` (ties: the last given, as `levelAt`).
    for (let i = 0; i < c.levelFrom.length && c.levelFrom[i] <= t; i++) level = c.levelValue[i];
  }
  if (level === null) return null;
  return coarsening.level === 'exact' ? level : bandIndex(coarsening.level.cuts, level);
}

/** The tenure band at `t` of a candidate employed since `spanStart` (0 when tenure is ignored). */
function tenureBandAt(c: Candidate, t: number, spanStart: number, coarsening: Coarsening): number {
  if (coarsening.tenureYearCuts === 'ignore') return 0;
  // Completed months since hire reach m exactly when hire + m months ≤ `t`: the band counts thresholds passed.
  const base = c.hired ?? spanStart;
  if (c.tenureBase !== base) {
    c.tenureBase = base;
    c.tenureThresholds = coarsening.tenureYearCuts.map((x) =>
      addMonthsUtc(new Date(base), Math.round(x * 12)).getTime(),
    );
  }
  return bandIndex(c.tenureThresholds, t);
}

/**
 * The stretches in which the candidate could be compared — holding a level (or band) and employed; joining mentoring
 * ends a stretch later, at matching time — each with its level part and the tenure thresholds of its employment. The
 * same rules as `levelPartAt` (the latest change on or before a moment wins; none yet: unknown), `spanStartAt` and
 * `tenureBandAt`.
 */
function comparableStretches(
  c: Candidate,
  coarsening: Coarsening,
): { part: number | ''; from: number; to: number; exit: number; thresholds: number[] }[] {
  const levels: { part: number | ''; from: number; to: number }[] = [];
  const partOf = (level: number) =>
    coarsening.level === 'exact' || coarsening.level === 'ignore'
      ? level
      : bandIndex(coarsening.level.cuts, level);
  if (coarsening.level === 'ignore') {
    levels.push({ part: '', from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY });
  } else if (c.levelFrom.length === 0) {
    if (c.person.level !== null) {
      levels.push({
        part: partOf(c.person.level),
        from: Number.NEGATIVE_INFINITY,
        to: Number.POSITIVE_INFINITY,
      });
    }
  } else {
    for (let i = 0; i < c.levelFrom.length; i++) {
      const to = i + 1 < c.levelFrom.length ? c.levelFrom[i + 1] : Number.POSITIVE_INFINITY;
      // A change superseded by a later one at the same moment never holds.
      if (c.levelFrom[i] < to) levels.push({ part: partOf(c.levelValue[i]), from: c.levelFrom[i], to });
    }
  }
  const stretches: { part: number | ''; from: number; to: number; exit: number; thresholds: number[] }[] = [];
  for (let s = 0; s < c.spanStarts.length; s++) {
    let thresholds: number[] | null = null;
    for (const level of levels) {
      const from = Math.max(level.from, c.spanStarts[s]);
      const to = Math.min(level.to, c.spanEnds[s]);
      if (!(from < to)) continue;
      if (thresholds === null) {
        const base = c.hired ?? c.spanStarts[s];
        thresholds =
          coarsening.tenureYearCuts === 'ignore'
            ? []
            : coarsening.tenureYearCuts.map((x) =>
                addMonthsUtc(new Date(base), Math.round(x * 12)).getTime(),
              );
      }
      stretches.push({ part: level.part, from, to, exit: c.spanEnds[s], thresholds });
    }
  }
  return stretches;
}

/** A matched participant, with members as positions in the population (shared by participants of one cell). */
export interface IndexedGroup {
  participantIndex: number;
  startedAt: Date;
  stratum: string;
  /** Positions in the population, by person id; never modified (participants of one cell share the array). */
  members: readonly number[];
}

/** The comparison groups as positions in the population, for the estimators' inner loops. */
export interface IndexedComparisonGroups {
  groups: IndexedGroup[];
  dropped: DroppedParticipant[];
  /** Distinct participants given. */
  participants: number;
  /** Each person's first join of mentoring (this analysis or another). */
  joined: ReadonlyMap<string, Date>;
}

/**
 * Build each participant's comparison group by coarsened exact matching, with weights 1 / group size, and report the
 * participants who found no comparable non-participant.
 */
export function buildComparisonGroups(input: ComparisonInput): ComparisonGroups {
  const indexed = matchComparisonGroups(input);
  const groups: MatchedGroup[] = [];
  for (const g of indexed.groups) {
    const weight = 1 / g.members.length;
    groups.push({
      participantId: input.population[g.participantIndex].personId,
      startedAt: g.startedAt,
      stratum: g.stratum,
      comparisons: g.members.map((i) => {
        const personId = input.population[i].personId;
        return { personId, weight, joinedAt: indexed.joined.get(personId) ?? null };
      }),
    });
  }
  return summariseGroups(input.population, indexed, groups);
}

/** Counts and summed weights of indexed groups, with the groups given (or none) in the public shape. */
export function summariseGroups(
  population: readonly PersonHistory[],
  indexed: IndexedComparisonGroups,
  groups: MatchedGroup[] = [],
): ComparisonGroups {
  const weights = new Float64Array(population.length);
  let records = 0;
  for (const g of indexed.groups) {
    const weight = 1 / g.members.length;
    records += g.members.length;
    for (const i of g.members) weights[i] += weight;
  }
  const personWeights = new Map<string, number>();
  for (let i = 0; i < weights.length; i++)
    if (weights[i] > 0) personWeights.set(population[i].personId, weights[i]);
  return {
    groups,
    dropped: indexed.dropped,
    personWeights,
    counts: {
      participants: indexed.participants,
      matched: indexed.groups.length,
      dropped: indexed.dropped.length,
      comparisonPeople: personWeights.size,
      comparisonRecords: records,
      effectiveComparisonSize: kishEffectiveSize(personWeights.values()),
    },
  };
}

type Stretch = ReturnType<typeof comparableStretches>[number];

/**
 * What the matching needs of a population whatever the participants: each person as numbers, their fixed part of the
 * stratum and their comparable stretches, and the order of person ids. A report over 50,000 people prepares them
 * once and passes the result with every analysis of that same population (`ComparisonInput.prepared`).
 */
export interface PreparedPopulation {
  population: readonly PersonHistory[];
  coarsening: Coarsening;
  candidates: readonly Candidate[];
  staticKeys: readonly (string | null)[];
  stretches: readonly (readonly Stretch[])[];
  /** Positions in the population, in order of person id. */
  byPersonId: readonly number[];
  /** Each person's promotions as sorted epoch ms. */
  promotions: readonly (readonly number[])[];
}

export function preparePopulation(
  population: readonly PersonHistory[],
  coarsening: Coarsening = defaultCoarsening,
): PreparedPopulation {
  validateCoarsening(coarsening);
  const candidates = population.map((person, position) => candidateOf(person, position));
  const byPersonId = candidates
    .map((c) => c.index)
    .sort((a, b) => {
      const x = population[a].personId;
      const y = population[b].personId;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  return {
    population,
    coarsening,
    candidates,
    staticKeys: population.map((person) => staticKey(person, coarsening)),
    stretches: candidates.map((c) => comparableStretches(c, coarsening)),
    byPersonId,
    promotions: population.map((person) => person.promotions.map((d) => d.getTime()).sort((a, b) => a - b)),
  };
}

/** The prepared population for `input`: the one given when it was prepared from the same population and strata. */
export function preparedFor(
  input: { population: readonly PersonHistory[]; prepared?: PreparedPopulation },
  coarsening: Coarsening,
): PreparedPopulation {
  const given = input.prepared;
  return given && given.population === input.population && given.coarsening === coarsening
    ? given
    : preparePopulation(input.population, coarsening);
}

/** The first index of `sorted` holding a value ≥ `value` (its length if none). */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A piece of a candidate's comparable time in one cell: the start moments [lo, hi) of the cell it covers. */
export interface CellPiece {
  /** The candidate's position in the population. */
  position: number;
  lo: number;
  hi: number;
  /** The end of the employment the piece lies in (+∞ while employed): the exit the outcomes follow. */
  exit: number;
}

/** One cell — what does not change with time, a level (or band) and a tenure band — and who falls in it when. */
export interface MatchedCell {
  /** The stratum, as a readable key (e.g. `department=Sales · level=3 · tenure=1–3y`). */
  stratum: string;
  /** Distinct start moments of its participants, ascending. */
  times: number[];
  /** The participants (positions) who started at each moment. */
  participants: number[][];
  /** Candidates' pieces, in order of person id; one candidate's pieces never overlap. */
  pieces: CellPiece[];
  /** How many candidates each moment's comparison group holds. */
  sizes: number[];
}

/** A participant's place: their cell and start moment (indices), or why they could not be placed. */
export type Placement =
  | { personId: string; startedAt: Date; position: number; cell: number; moment: number }
  | { personId: string; startedAt: Date; reason: Exclude<DropReason, 'no_comparable'> };

export interface MatchedCells {
  cells: MatchedCell[];
  /** Every participant, in order of start (a placed participant whose moment has size 0 has no comparable). */
  placements: Placement[];
  /** Distinct participants given. */
  participants: number;
  /** Each person's first join of mentoring (this analysis or another). */
  joined: ReadonlyMap<string, Date>;
}

/**
 * Coarsened exact matching by cells. Each participant falls in a cell — what does not change with time, their level
 * (or band) and their tenure band at the start. Every candidate's stretches of comparable time (holding a level,
 * employed, not yet in mentoring) are cut at the tenure thresholds of their employment, so each piece lies in one
 * cell; a piece then covers the start moments of its cell that fall inside it — one range of the cell's sorted
 * moments, found by binary search. The work is the number of pieces, not participants × organisation; the
 * comparison group of a moment is every candidate whose piece covers it.
 */
export function matchCells(input: ComparisonInput): MatchedCells {
  const coarsening = input.coarsening ?? defaultCoarsening;
  validateCoarsening(coarsening);
  const prepared = preparedFor(input, coarsening);
  const joined = firstStarts(input.participants, input.otherParticipations ?? []);
  const ownStarts = firstStarts(input.participants);
  const byId = new Map<string, Candidate>();
  const candidates = prepared.candidates;
  for (const candidate of candidates) byId.set(candidate.person.personId, candidate);

  // 1. Each participant's cell, or why they have none. Cells are keyed static key → level part → band.
  const cells: MatchedCell[] = [];
  const cellIndex = new Map<string, Map<number | '', Map<number, number>>>();
  const starts = [...ownStarts].sort(
    ([a, sa], [b, sb]) => sa.getTime() - sb.getTime() || (a < b ? -1 : a > b ? 1 : 0),
  );
  const placements: Placement[] = [];
  for (const [personId, startedAt] of starts) {
    const participant = byId.get(personId);
    const drop = (reason: Exclude<DropReason, 'no_comparable'>) =>
      placements.push({ personId, startedAt, reason });
    if (!participant) {
      drop('not_in_population');
      continue;
    }
    const person = participant.person;
    if (!isEmployedAt(person, startedAt)) {
      drop('not_employed_at_start');
      continue;
    }
    const stratum = stratumOf(person, startedAt, coarsening);
    const key = staticKey(person, coarsening);
    const t = startedAt.getTime();
    const levelPart = levelPartAt(participant, t, coarsening);
    if (stratum === null || key === null || levelPart === null) {
      drop('missing_data');
      continue;
    }
    const band = tenureBandAt(participant, t, spanStartAt(participant, t), coarsening);
    const byPart = cellIndex.get(key) ?? new Map<number | '', Map<number, number>>();
    cellIndex.set(key, byPart);
    const byBand = byPart.get(levelPart) ?? new Map<number, number>();
    byPart.set(levelPart, byBand);
    let index = byBand.get(band);
    if (index === undefined) {
      index = cells.length;
      cells.push({ stratum, times: [], participants: [], pieces: [], sizes: [] });
      byBand.set(band, index);
    }
    // Starts come in time order: a new moment, or one more participant at the last.
    const cell = cells[index];
    if (cell.times.length === 0 || cell.times[cell.times.length - 1] !== t) {
      cell.times.push(t);
      cell.participants.push([]);
    }
    cell.participants[cell.participants.length - 1].push(participant.index);
    placements.push({
      personId,
      startedAt,
      position: participant.index,
      cell: index,
      moment: cell.times.length - 1,
    });
  }
  // Group sizes by difference: +1 where a piece starts covering, −1 after it ends, summed once at the end.
  for (const cell of cells) cell.sizes = new Array(cell.times.length + 1).fill(0);

  // 2. Every candidate's pieces, in order of person id.
  const tenureCuts = coarsening.tenureYearCuts;
  const bands = tenureCuts === 'ignore' ? 1 : tenureCuts.length + 1;
  for (const position of prepared.byPersonId) {
    const key = prepared.staticKeys[position];
    const byPart = key === null ? undefined : cellIndex.get(key);
    if (!byPart) continue;
    const candidate = candidates[position];
    // Joining mentoring ends every stretch: nobody is compared once they have joined.
    const joinedAt = joined.get(candidate.person.personId)?.getTime() ?? Number.POSITIVE_INFINITY;
    for (const stretch of prepared.stretches[position]) {
      const byBand = byPart.get(stretch.part);
      if (!byBand) continue;
      // The tenure bands of this stretch: band b holds from the b-th threshold until the next.
      for (let band = 0; band < bands; band++) {
        const index = byBand.get(band);
        if (index === undefined) continue;
        const from = Math.max(
          stretch.from,
          band === 0 ? Number.NEGATIVE_INFINITY : stretch.thresholds[band - 1],
        );
        const to = Math.min(
          stretch.to,
          joinedAt,
          band === bands - 1 ? Number.POSITIVE_INFINITY : stretch.thresholds[band],
        );
        if (!(from < to)) continue;
        const cell = cells[index];
        const lo = lowerBound(cell.times, from);
        const hi = lowerBound(cell.times, to);
        if (lo >= hi) continue;
        cell.pieces.push({ position, lo, hi, exit: stretch.exit });
        cell.sizes[lo]++;
        cell.sizes[hi]--;
      }
    }
  }
  for (const cell of cells) {
    for (let j = 1; j < cell.times.length; j++) cell.sizes[j] += cell.sizes[j - 1];
    cell.sizes.length = cell.times.length;
  }
  return { cells, placements, participants: ownStarts.size, joined };
}

/**
 * Coarsened exact matching on positions: `matchCells` with each moment's comparison group listed (members by person
 * id, shared by the participants of one cell who started at the same moment).
 */
export function matchComparisonGroups(input: ComparisonInput): IndexedComparisonGroups {
  const matched = matchCells(input);
  const members = matched.cells.map((cell) => {
    const lists: number[][] = cell.times.map(() => []);
    for (const piece of cell.pieces) for (let j = piece.lo; j < piece.hi; j++) lists[j].push(piece.position);
    return lists;
  });
  const groups: IndexedGroup[] = [];
  const dropped: DroppedParticipant[] = [];
  for (const place of matched.placements) {
    const { personId, startedAt } = place;
    if ('reason' in place) {
      dropped.push({ personId, startedAt, reason: place.reason });
      continue;
    }
    const list = members[place.cell][place.moment];
    if (list.length === 0) {
      dropped.push({ personId, startedAt, reason: 'no_comparable' });
      continue;
    }
    groups.push({
      participantIndex: place.position,
      startedAt,
      stratum: matched.cells[place.cell].stratum,
      members: list,
    });
  }
  return { groups, dropped, participants: matched.participants, joined: matched.joined };
}
