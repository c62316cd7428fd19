/**
 * Career outcomes of participants against comparable non-participants (§8): promotion within a horizon (default 12
 * months) from the participant's start and retention at that horizon, as rates with 95% intervals, their difference
 * with a Newcombe interval, and the naive difference (against everyone employed, unmatched) to show how much the
 * matching changes the picture; and the retention curves of both groups (Kaplan–Meier).
 *
 * A comparison person who joins mentoring inside a participant's window is followed only until they join (censored).
 * The comparison rates are therefore survival estimates on day-binned follow-up, within each stratum: retention is
 * the weighted Kaplan–Meier S(horizon) of exits; promotion is the weighted Aalen–Johansen cumulative incidence of a
 * first promotion, with an exit before it as the competing event; the strata are then averaged with the weight of
 * their participants. Without censoring this is the plain weighted share. The interval is a Wilson interval on an
 * effective size: Kish's (Σw)²/Σw² over people, reduced by Peto's at-risk-at-the-horizon / S(horizon) where
 * censoring removed information. Decision 018 has the rules.
 */
import { addMonthsUtc, DAY_MS } from './calendar.ts';
import {
  type Coarsening,
  type DropReason,
  defaultCoarsening,
  firstStarts,
  type MatchedCells,
  matchCells,
  type ParticipantStart,
  type PersonHistory,
  type PreparedPopulation,
  preparedFor,
  spanAt,
} from './comparison-groups.ts';
import { kaplanMeier, type SurvivalObservation, type SurvivalStep } from './kaplan-meier.ts';
import {
  type DifferenceEstimate,
  kishEffectiveSize,
  newcombeDifference,
  type ProportionEstimate,
  wilsonInterval,
} from './proportions.ts';

export type OutcomeKind = 'promotion' | 'retention';

/** Participants against their comparison group on one outcome. */
export interface OutcomeContrast {
  participants: {
    people: number;
    /** Participants with the outcome (promoted / still employed at the horizon). */
    events: number;
    /** Left out: everyone comparable to them joined mentoring before the horizon, so nobody was followed to it. */
    withoutFollowUp: number;
    estimate: ProportionEstimate;
  };
  comparison: {
    /** Distinct people in the comparison groups. */
    people: number;
    /** Group memberships (a person may compare with several participants). */
    records: number;
    /** Memberships whose person joined mentoring inside the window, so followed only until then. */
    censoredAtJoin: number;
    /** The interval's n: Kish's effective size over people, reduced for censoring. */
    effectiveSize: number;
    /** Weighted rate with its Wilson interval on `effectiveSize`. */
    estimate: ProportionEstimate;
  };
  /** Participants' rate − comparison rate, with Newcombe's hybrid score interval; null if a group is empty. */
  difference: DifferenceEstimate | null;
}

export interface OutcomeEstimates {
  horizonMonths: number;
  level: number;
  coarsening: Coarsening;
  participants: {
    /** Distinct participants given. */
    total: number;
    /** Started less than the horizon ago (or not yet): left out of the rates (the retention curve follows them). */
    horizonNotElapsed: number;
    /** Horizon elapsed, but no comparison group, by reason. */
    dropped: Record<DropReason, number>;
    /** In the matched estimate. */
    matched: number;
  };
  /** Matched: against comparable non-participants. Naive: against everyone employed and not yet in mentoring. */
  promotion: { matched: OutcomeContrast; naive: OutcomeContrast };
  retention: { matched: OutcomeContrast; naive: OutcomeContrast };
}

export interface OutcomeInput {
  participants: readonly ParticipantStart[];
  population: readonly PersonHistory[];
  /** The moment of the report: a participant is counted once `startedAt + horizon` has passed. */
  now: Date;
  /** People in mentoring outside this analysis (another program): compared only before they joined. */
  otherParticipations?: readonly ParticipantStart[];
  /** Default 12 months. */
  horizonMonths?: number;
  /** Default 0.95. */
  level?: number;
  /** Default `defaultCoarsening`. */
  coarsening?: Coarsening;
  /** `preparePopulation(population, coarsening)`, when the same population is analysed again and again. */
  prepared?: PreparedPopulation;
}

/** Whether `person` was promoted after `from` and on or before `to`. */
export function promotedBetween(person: PersonHistory, from: Date, to: Date): boolean {
  return person.promotions.some((d) => d.getTime() > from.getTime() && d.getTime() <= to.getTime());
}

/**
 * Whether `person`, employed at `from`, was still in that same employment at `to`: an exit in between counts even if
 * they were rehired later.
 */
export function retainedUntil(person: PersonHistory, from: Date, to: Date): boolean {
  const span = spanAt(person, from);
  return span !== null && (span.end === null || span.end.getTime() > to.getTime());
}

/** A person's history as numbers, for the inner loops (the naive pools hold most of the organisation). */
interface FastPerson {
  index: number;
  person: PersonHistory;
  spanStarts: number[];
  spanEnds: number[];
  /** Sorted. */
  promotions: number[];
  /** When they first joined mentoring (this analysis or another), +∞ if never. */
  joinedAt: number;
}

function fastPerson(
  prepared: PreparedPopulation,
  index: number,
  joined: ReadonlyMap<string, Date>,
): FastPerson {
  const candidate = prepared.candidates[index];
  return {
    index,
    person: candidate.person,
    spanStarts: candidate.spanStarts,
    spanEnds: candidate.spanEnds,
    promotions: prepared.promotions[index] as number[],
    joinedAt: joined.get(candidate.person.personId)?.getTime() ?? Number.POSITIVE_INFINITY,
  };
}

/** The exit (end of the employment in force at `at`), +∞ while employed, or null when not employed at `at`. */
function exitAfter(p: FastPerson, at: number): number | null {
  for (let i = 0; i < p.spanStarts.length; i++) {
    if (p.spanStarts[i] <= at && p.spanEnds[i] > at) return p.spanEnds[i];
  }
  return null;
}

function firstPromotionAfter(p: FastPerson, at: number): number {
  for (const t of p.promotions) if (t > at) return t;
  return Number.POSITIVE_INFINITY;
}

/**
 * Weighted follow-up of the comparison records of one stratum, binned by whole days since each record's origin:
 * exits and first promotions as events, joining mentoring as censoring. Censoring is pooled only within a stratum,
 * where joining is taken to be independent of the outcome; across strata it is not (senior people join more).
 */
class StratumFollowUp {
  private readonly retentionExits: Float64Array;
  private readonly retentionCensored: Float64Array;
  private readonly promotions: Float64Array;
  private readonly competingExits: Float64Array;
  private readonly promotionCensored: Float64Array;
  /** Each person's summed weight: sparse for a stratum, dense (by person index) for the naive pool. */
  private readonly personWeights: Map<number, number> | Float64Array;
  totalWeight = 0;

  constructor(days: number, densePeople = 0) {
    this.personWeights = densePeople > 0 ? new Float64Array(densePeople) : new Map<number, number>();
    this.retentionExits = new Float64Array(days + 1);
    this.retentionCensored = new Float64Array(days + 1);
    this.promotions = new Float64Array(days + 1);
    this.competingExits = new Float64Array(days + 1);
    this.promotionCensored = new Float64Array(days + 1);
  }

  /** One membership: `p` followed from `origin` to `end` (exit `exit`), censored at `censor` (+∞: not censored). */
  add(p: FastPerson, weight: number, origin: number, end: number, exit: number, censor: number) {
    this.totalWeight += weight;
    if (this.personWeights instanceof Float64Array) this.personWeights[p.index] += weight;
    else this.personWeights.set(p.index, (this.personWeights.get(p.index) ?? 0) + weight);
    this.addEvents(p, weight, origin, end, exit, censor);
  }

  /** Memberships counted in bulk: their total weight, then each person's summed weight. */
  addTotal(total: number) {
    this.totalWeight += total;
  }

  addPersonWeight(index: number, weight: number) {
    if (this.personWeights instanceof Float64Array) this.personWeights[index] += weight;
    else this.personWeights.set(index, (this.personWeights.get(index) ?? 0) + weight);
  }

  /** What one membership adds to the event and censoring counts (nothing when nothing happens in the window). */
  addEvents(p: FastPerson, weight: number, origin: number, end: number, exit: number, censor: number) {
    // Retention: an exit by the end (and before joining) is the event.
    if (exit <= end && exit < censor) this.retentionExits[Math.floor((exit - origin) / DAY_MS)] += weight;
    else if (censor !== Number.POSITIVE_INFINITY) {
      this.retentionCensored[Math.floor((censor - origin) / DAY_MS)] += weight;
    }
    // Promotion: the first of a promotion (event), an exit (competing) or joining (censoring), within the window.
    const promoted = firstPromotionAfter(p, origin);
    const first = Math.min(promoted, exit, censor);
    if (first > end) return;
    const day = Math.floor((first - origin) / DAY_MS);
    if (first === promoted) this.promotions[day] += weight;
    else if (first === exit) this.competingExits[day] += weight;
    else this.promotionCensored[day] += weight;
  }

  /**
   * The stratum's rate at the end of the window (retention: Kaplan–Meier; promotion: Aalen–Johansen) and its
   * effective size: Kish's over people, reduced by Peto's at-risk-at-the-end / P(no event yet) under censoring.
   */
  summary(kind: OutcomeKind): { rate: number; effectiveSize: number } {
    let atRisk = this.totalWeight;
    let free = 1; // retention: S(t); promotion: P(neither promoted nor gone yet)
    let incidence = 0;
    const events = kind === 'retention' ? this.retentionExits : this.promotions;
    const competing = kind === 'retention' ? null : this.competingExits;
    const censored = kind === 'retention' ? this.retentionCensored : this.promotionCensored;
    for (let d = 0; d < events.length; d++) {
      const e = events[d];
      const c = competing ? competing[d] : 0;
      if (atRisk > 1e-12 && e + c > 0) {
        if (kind === 'promotion') incidence += (free * e) / atRisk;
        free *= Math.max(0, 1 - (e + c) / atRisk);
      }
      atRisk -= e + c + censored[d];
    }
    const rate = Math.min(1, Math.max(0, kind === 'retention' ? free : incidence));
    const kish = kishEffectiveSize(
      this.personWeights instanceof Float64Array
        ? this.personWeights.filter((w) => w > 0)
        : this.personWeights.values(),
    );
    // Sums of weights leave a rounding residue where nobody is left.
    const stillFollowed = atRisk > 1e-9 * this.totalWeight ? atRisk : 0;
    // Without censoring stillFollowed = total × free, and this is Kish's size unchanged.
    const effectiveSize =
      free > 1e-12 ? Math.min(kish, ((kish / this.totalWeight) * stillFollowed) / free) : kish;
    return { rate, effectiveSize };
  }
}

/** One stratum: its participants' outcomes and its comparison records' follow-up. */
interface Stratum {
  people: number;
  promoted: number;
  retained: number;
  followUp: StratumFollowUp;
}

/** Participants and their comparison records by stratum, for both outcomes. */
class Contrasts {
  private readonly strata = new Map<string, Stratum>();
  private readonly seen: Uint8Array;
  comparisonPeople = 0;
  records = 0;
  censoredAtJoin = 0;

  constructor(
    private readonly days: number,
    populationSize: number,
  ) {
    this.seen = new Uint8Array(populationSize);
  }

  /** The stratum under `key`, created on first use (`dense`: followed people kept by index, for a large pool). */
  stratum(key: string, dense = false): Stratum {
    let stratum = this.strata.get(key);
    if (!stratum) {
      const followUp = new StratumFollowUp(this.days, dense ? this.seen.length : 0);
      stratum = { people: 0, promoted: 0, retained: 0, followUp };
      this.strata.set(key, stratum);
    }
    return stratum;
  }

  addParticipant(stratum: Stratum, p: FastPerson, origin: number, end: number) {
    stratum.people++;
    const exit = exitAfter(p, origin) ?? origin;
    if (exit > end) stratum.retained++;
    if (firstPromotionAfter(p, origin) <= Math.min(end, exit)) stratum.promoted++;
  }

  /** Comparison records counted in bulk (a pool): records, the people in them, censored at join. */
  countComparisons(records: number, people: readonly number[], censoredAtJoin: number) {
    this.records += records;
    this.censoredAtJoin += censoredAtJoin;
    for (const i of people) {
      if (this.seen[i] === 0) {
        this.seen[i] = 1;
        this.comparisonPeople++;
      }
    }
  }

  /**
   * Participants against the comparison rate: the strata's rates weighted by their participants (each group weighs
   * 1), with effective size 1 / Σ (W_s / W)² / n_s — Kish's size over people when nothing is censored. A stratum
   * whose comparison records were all censored before the horizon says nothing about it: its participants are left
   * out and counted in `withoutFollowUp`.
   */
  result(kind: OutcomeKind, level: number): OutcomeContrast {
    let people = 0;
    let events = 0;
    let withoutFollowUp = 0;
    let total = 0;
    let weightedRate = 0;
    const parts: { weight: number; effectiveSize: number }[] = [];
    for (const stratum of this.strata.values()) {
      const { rate, effectiveSize } = stratum.followUp.summary(kind);
      if (!(effectiveSize > 0)) {
        withoutFollowUp += stratum.people;
        continue;
      }
      people += stratum.people;
      events += kind === 'promotion' ? stratum.promoted : stratum.retained;
      total += stratum.followUp.totalWeight;
      weightedRate += stratum.followUp.totalWeight * rate;
      parts.push({ weight: stratum.followUp.totalWeight, effectiveSize });
    }
    let inverse = 0;
    for (const { weight, effectiveSize } of parts) inverse += (weight / total) ** 2 / effectiveSize;
    const effectiveSize = inverse > 0 ? 1 / inverse : 0;
    const participants = wilsonInterval(events, people, level);
    const rate = total > 0 ? weightedRate / total : 0;
    const estimate =
      effectiveSize > 0
        ? { ...wilsonInterval(rate * effectiveSize, effectiveSize, level), rate }
        : wilsonInterval(0, 0, level);
    return {
      participants: { people, events, withoutFollowUp, estimate: participants },
      comparison: {
        people: this.comparisonPeople,
        records: this.records,
        censoredAtJoin: this.censoredAtJoin,
        effectiveSize,
        estimate,
      },
      difference: newcombeDifference(participants, estimate),
    };
  }
}

function validateHorizon(horizonMonths: number) {
  if (!(Number.isInteger(horizonMonths) && horizonMonths >= 1 && horizonMonths <= 120)) {
    throw new RangeError(`horizonMonths must be a whole number from 1 to 120, got ${horizonMonths}`);
  }
}

/**
 * Promotion within the horizon and retention at the horizon, participants against matched comparison groups and
 * against the unmatched population, for participants whose horizon has passed by `now`.
 */
export function estimateOutcomes(input: OutcomeInput): OutcomeEstimates {
  return analyseOutcomes(input).estimates;
}

/** The participants' first starts, split by whether their horizon has passed by `now`. */
function startsByHorizon(input: OutcomeInput, horizonMonths: number) {
  const starts = firstStarts(input.participants);
  const elapsed: ParticipantStart[] = [];
  const started: ParticipantStart[] = [];
  let horizonNotElapsed = 0;
  for (const [personId, startedAt] of starts) {
    if (startedAt.getTime() <= input.now.getTime()) started.push({ personId, startedAt });
    if (addMonthsUtc(startedAt, horizonMonths).getTime() <= input.now.getTime())
      elapsed.push({ personId, startedAt });
    else horizonNotElapsed++;
  }
  return { total: starts.size, elapsed, started, horizonNotElapsed };
}

/**
 * The estimates and the retention curves from one matching: a participant's comparison group depends only on their
 * own start (every participant counts as joined from their start either way), so the groups of the participants
 * whose horizon has passed are those of every started participant, filtered.
 */
export function analyseOutcomes(input: OutcomeInput): {
  estimates: OutcomeEstimates;
  curves: RetentionCurves;
} {
  const horizonMonths = input.horizonMonths ?? 12;
  const level = input.level ?? 0.95;
  const coarsening = input.coarsening ?? defaultCoarsening;
  validateHorizon(horizonMonths);
  const { total, elapsed, started, horizonNotElapsed } = startsByHorizon(input, horizonMonths);
  // Participants whose window has not ended still joined: nobody compares with them after that.
  const others = [...(input.otherParticipations ?? []), ...input.participants];
  const joined = firstStarts(input.participants, input.otherParticipations ?? []);
  const prepared = preparedFor(input, coarsening);
  const cells = matchCells({
    participants: started,
    population: input.population,
    coarsening,
    otherParticipations: others,
    prepared,
  });
  const fast = input.population.map((_, index) => fastPerson(prepared, index, joined));
  const byId = new Map(fast.map((p) => [p.person.personId, p]));
  const days = Math.ceil(horizonMonths * 31) + 1;
  const isElapsed = new Set(elapsed.map((p) => p.personId));
  const scratch = new Float64Array(fast.length);
  const horizons = new Horizons(horizonMonths);

  const dropped: Record<DropReason, number> = {
    not_in_population: 0,
    not_employed_at_start: 0,
    missing_data: 0,
    no_comparable: 0,
  };
  let matchedCount = 0;
  for (const place of cells.placements) {
    if (!isElapsed.has(place.personId)) continue;
    if ('reason' in place) dropped[place.reason]++;
    else if (cells.cells[place.cell].sizes[place.moment] === 0) dropped.no_comparable++;
    else matchedCount++;
  }

  // Matched: each cell is a stratum; its moments are pools whose members are the candidates covering them.
  const matched = new Contrasts(days, fast.length);
  for (const cell of cells.cells) {
    const participantsAt = cell.participants.map((list, j) =>
      cell.sizes[j] > 0 ? list.filter((i) => isElapsed.has(fast[i].person.personId)).map((i) => fast[i]) : [],
    );
    if (participantsAt.every((list) => list.length === 0)) continue;
    const stratum = matched.stratum(cell.stratum);
    const pieces = cell.pieces.map(({ position, lo, hi, exit }) => ({ p: fast[position], lo, hi, exit }));
    followPools(matched, stratum, cell.times, participantsAt, pieces, horizons, scratch);
  }

  // Naive: every participant employed at the start against everyone employed then and not yet in mentoring, each
  // pool counting once — the same windows and censoring as the matched estimate, without the strata. A pool depends
  // only on the start (the participant and everyone who joined by then are out of it).
  const naive = new Contrasts(days, fast.length);
  const everyone = naive.stratum('', true);
  const byOrigin = new Map<number, FastPerson[]>();
  for (const { personId, startedAt } of elapsed) {
    const participant = byId.get(personId);
    const origin = startedAt.getTime();
    if (!participant || exitAfter(participant, origin) === null) continue;
    const same = byOrigin.get(origin);
    if (same) same.push(participant);
    else byOrigin.set(origin, [participant]);
  }
  const origins = [...byOrigin.keys()].sort((a, b) => a - b);
  // Every (person, span) as a range of starts: from its start until it ends or they join.
  const spans: Piece[] = [];
  for (const p of fast) {
    for (let i = 0; i < p.spanStarts.length; i++) {
      const lo = lowerBound(origins, p.spanStarts[i]);
      const hi = lowerBound(origins, Math.min(p.spanEnds[i], p.joinedAt));
      if (lo < hi) spans.push({ p, lo, hi, exit: p.spanEnds[i] });
    }
  }
  followPools(
    naive,
    everyone,
    origins,
    origins.map((o) => byOrigin.get(o) as FastPerson[]),
    spans,
    horizons,
    scratch,
  );

  const estimates: OutcomeEstimates = {
    horizonMonths,
    level,
    coarsening,
    participants: { total, horizonNotElapsed, dropped, matched: matchedCount },
    promotion: { matched: matched.result('promotion', level), naive: naive.result('promotion', level) },
    retention: { matched: matched.result('retention', level), naive: naive.result('retention', level) },
  };
  return { estimates, curves: curvesOf(cells, fast, input.now, horizonMonths) };
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

/** A person's membership of consecutive pools: the starts [lo, hi), in the employment that ends at `exit`. */
interface Piece {
  p: FastPerson;
  lo: number;
  hi: number;
  exit: number;
}

/**
 * The starts [lo, hi) of `origins` that see `p`'s exit, joining or (`promotions`) a promotion within their window (at
 * most `reach` before it), merged and in order, written into `out` as lo, hi pairs: the only starts where a
 * membership adds to the event counts. Returns the number of numbers written.
 */
function eventStarts(
  piece: Piece,
  origins: readonly number[],
  reach: number,
  promotions: boolean,
  out: number[],
): number {
  let written = 0;
  const events = promotions ? 2 + piece.p.promotions.length : 2;
  for (let e = 0; e < events; e++) {
    const event = e === 0 ? piece.exit : e === 1 ? piece.p.joinedAt : piece.p.promotions[e - 2];
    if (!Number.isFinite(event)) continue;
    const lo = Math.max(piece.lo, lowerBound(origins, event - reach));
    const hi = Math.min(piece.hi, lowerBound(origins, event));
    if (lo >= hi) continue;
    // Insert in order of lo (a handful of windows), merging overlaps afterwards.
    let at = written;
    while (at > 0 && out[at - 2] > lo) {
      out[at] = out[at - 2];
      out[at + 1] = out[at - 1];
      at -= 2;
    }
    out[at] = lo;
    out[at + 1] = hi;
    written += 2;
  }
  let merged = 0;
  for (let w = 0; w < written; w += 2) {
    if (merged > 0 && out[w] <= out[merged - 1]) out[merged - 1] = Math.max(out[merged - 1], out[w + 1]);
    else {
      out[merged] = out[w];
      out[merged + 1] = out[w + 1];
      merged += 2;
    }
  }
  return merged;
}

/** Each start's horizon end, computed once per start moment. */
class Horizons {
  private readonly ends = new Map<number, number>();
  constructor(readonly months: number) {}
  endOf(origin: number): number {
    let end = this.ends.get(origin);
    if (end === undefined) {
      end = addMonthsUtc(new Date(origin), this.months).getTime();
      this.ends.set(origin, end);
    }
    return end;
  }
}

/**
 * Pools of comparison people, exactly as if each participant starting at `origins[j]` were compared with every member
 * of pool j (weight 1 / pool size, participants of one start sharing it), in time proportional to the pieces and
 * the events rather than to participants × pool: a piece is one range of the sorted starts, so pool sizes, total
 * weight and each person's summed weight come from prefix sums, and only the starts that see an event (exit,
 * joining, a promotion) within their window add to the event counts. `scratch` is a zeroed array over the
 * population, left zeroed.
 */
function followPools(
  contrasts: Contrasts,
  stratum: Stratum,
  origins: readonly number[],
  participantsAt: readonly (readonly FastPerson[])[],
  pieces: readonly Piece[],
  horizons: Horizons,
  scratch: Float64Array,
): void {
  const count = origins.length;
  if (count === 0) return;
  const ends = origins.map((o) => horizons.endOf(o));
  const sizes = new Float64Array(count + 1);
  for (const { lo, hi } of pieces) {
    sizes[lo]++;
    sizes[hi]--;
  }
  for (let j = 1; j <= count; j++) sizes[j] += sizes[j - 1];
  const weights = new Float64Array(count);
  const prefix = new Float64Array(count + 1);
  let total = 0;
  let records = 0;
  for (let j = 0; j < count; j++) {
    const n = participantsAt[j].length;
    if (sizes[j] > 0 && n > 0) {
      weights[j] = n / sizes[j];
      total += n;
      records += n * sizes[j];
      for (const participant of participantsAt[j])
        contrasts.addParticipant(stratum, participant, origins[j], ends[j]);
    }
    prefix[j + 1] = prefix[j] + weights[j];
  }
  // The longest window, in days, bounds how far before an event a start can see it.
  const reach = (Math.ceil(horizons.months * 31) + 1) * DAY_MS;
  const touched: number[] = [];
  const windows: number[] = [];
  let censoredAtJoin = 0;
  for (const piece of pieces) {
    const { p, lo, hi, exit } = piece;
    const weight = prefix[hi] - prefix[lo];
    if (!(weight > 0)) continue;
    if (scratch[p.index] === 0) touched.push(p.index);
    scratch[p.index] += weight;
    const written = eventStarts(piece, origins, reach, true, windows);
    for (let w = 0; w < written; w += 2) {
      for (let j = windows[w]; j < windows[w + 1]; j++) {
        if (weights[j] === 0) continue;
        const censor = p.joinedAt <= ends[j] ? p.joinedAt : Number.POSITIVE_INFINITY;
        if (censor !== Number.POSITIVE_INFINITY) censoredAtJoin += participantsAt[j].length;
        stratum.followUp.addEvents(p, weights[j], origins[j], ends[j], exit, censor);
      }
    }
  }
  stratum.followUp.addTotal(total);
  for (const i of touched) {
    stratum.followUp.addPersonWeight(i, scratch[i]);
    scratch[i] = 0;
  }
  contrasts.countComparisons(records, touched, censoredAtJoin);
}

export interface RetentionCurves {
  horizonMonths: number;
  /** Matched participants (started on or before `now`), censored at today or at the horizon. */
  participants: { people: number; steps: SurvivalStep[] };
  /** Their comparison groups, weighted, also censored when a comparison person joins mentoring. */
  comparison: { people: number; records: number; steps: SurvivalStep[] };
  /** Participants without a comparison group (on neither curve). */
  dropped: number;
}

/**
 * Kaplan–Meier retention curves in days since the participant's start, for matched participants and their weighted
 * comparison groups; follow-up ends at the exit (the event), or is censored at `now`, at the horizon, or — for a
 * comparison person — when they join mentoring.
 */
export function retentionCurves(input: OutcomeInput): RetentionCurves {
  return analyseOutcomes(input).curves;
}

/**
 * The curves from the started participants' cells. Observations with the same time and outcome are summed before
 * the estimator; a comparison membership with neither an exit nor a join before it is censored at its start's
 * horizon (or today), so those are summed per start from the pool's weight, and only memberships that see an exit or
 * a join are visited (as in `followPools`).
 */
function curvesOf(
  matched: MatchedCells,
  fast: readonly FastPerson[],
  now: Date,
  horizonMonths: number,
): RetentionCurves {
  /**
   * Summed weights by time, exits and censorings: whole days within the horizon in arrays (exits, joins and horizons
   * fall on whole days when starts do), any other time (censored today) in a map.
   */
  const days = Math.ceil(horizonMonths * 31) + 1;
  const tally = () => ({
    exitDays: new Float64Array(days + 1),
    censoredDays: new Float64Array(days + 1),
    exits: new Map<number, number>(),
    censored: new Map<number, number>(),
  });
  const participants = tally();
  const comparison = tally();
  const add = (into: ReturnType<typeof tally>, isExit: boolean, time: number, weight: number) => {
    if (Number.isInteger(time) && time >= 0 && time <= days) {
      (isExit ? into.exitDays : into.censoredDays)[time] += weight;
    } else {
      const map = isExit ? into.exits : into.censored;
      map.set(time, (map.get(time) ?? 0) + weight);
    }
  };
  const reach = (days + 1) * DAY_MS;
  const windows: number[] = [];
  const people = new Uint8Array(fast.length);
  let comparisonPeople = 0;
  let records = 0;
  let matchedPeople = 0;
  let dropped = 0;
  for (const place of matched.placements) {
    if ('reason' in place || matched.cells[place.cell].sizes[place.moment] === 0) dropped++;
    else matchedPeople++;
  }
  for (const cell of matched.cells) {
    const count = cell.times.length;
    const censorAt = cell.times.map((t) =>
      Math.min(addMonthsUtc(new Date(t), horizonMonths).getTime(), now.getTime()),
    );
    const weights = cell.times.map((_, j) =>
      cell.sizes[j] > 0 ? cell.participants[j].length / cell.sizes[j] : 0,
    );
    const special = new Float64Array(count);
    for (let j = 0; j < count; j++) {
      if (cell.sizes[j] === 0) continue;
      records += cell.participants[j].length * cell.sizes[j];
      for (const i of cell.participants[j]) {
        const exit = exitAfter(fast[i], cell.times[j]);
        const isExit = exit !== null && exit !== Number.POSITIVE_INFINITY && exit <= censorAt[j];
        add(participants, isExit, ((isExit ? (exit as number) : censorAt[j]) - cell.times[j]) / DAY_MS, 1);
      }
    }
    for (const { position, lo, hi, exit } of cell.pieces) {
      const p = fast[position];
      if (people[position] === 0) {
        people[position] = 1;
        comparisonPeople++;
      }
      const written = eventStarts({ p, lo, hi, exit }, cell.times, reach, false, windows);
      for (let w = 0; w < written; w += 2) {
        for (let j = windows[w]; j < windows[w + 1]; j++) {
          const origin = cell.times[j];
          const memberCensor = Math.min(p.joinedAt, censorAt[j]);
          if (exit !== Number.POSITIVE_INFINITY && exit <= memberCensor) {
            add(comparison, true, (exit - origin) / DAY_MS, weights[j]);
          } else if (memberCensor < censorAt[j]) {
            add(comparison, false, (memberCensor - origin) / DAY_MS, weights[j]);
          } else continue;
          special[j] += weights[j];
        }
      }
    }
    for (let j = 0; j < count; j++) {
      if (cell.sizes[j] === 0) continue;
      const n = cell.participants[j].length;
      const rest = n - special[j];
      if (rest > 1e-9 * n) add(comparison, false, (censorAt[j] - cell.times[j]) / DAY_MS, rest);
    }
  }
  const observations = (t: ReturnType<typeof tally>): SurvivalObservation[] => {
    const out: SurvivalObservation[] = [];
    for (let day = 0; day <= days; day++) {
      if (t.exitDays[day] > 0) out.push({ time: day, event: true, weight: t.exitDays[day] });
      if (t.censoredDays[day] > 0) out.push({ time: day, event: false, weight: t.censoredDays[day] });
    }
    for (const [time, weight] of t.exits) out.push({ time, event: true, weight });
    for (const [time, weight] of t.censored) out.push({ time, event: false, weight });
    return out;
  };
  return {
    horizonMonths,
    participants: { people: matchedPeople, steps: kaplanMeier(observations(participants)) },
    comparison: { people: comparisonPeople, records, steps: kaplanMeier(observations(comparison)) },
    dropped,
  };
}
