/**
 * TF-IDF cosine similarity of short free texts (career goals), computed once per corpus.
 * Vectors are sparse, L2-normalised once, so a pair's similarity is one sparse dot product.
 */

const stopWords = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having ' +
    'he her here hers herself him himself his how i if in into is it its itself just like me more most my myself ' +
    'no nor not now of off on once only or other our ours ourselves out over own same she should so some such ' +
    'than that the their theirs them themselves then there these they this those through to too under until up ' +
    'very was we were what when where which while who whom why will with would you your yours yourself ' +
    'want wants wanted get become becoming help learn learning grow growing improve improving better role career ' +
    'goal goals next year years someone really'
  ).split(' '),
);

// Abbreviations people write in goals; expanded so "become a PM" meets "product management".
const expansions: Record<string, string> = {
  pm: 'product manager',
  pms: 'product manager',
  ux: 'user experience',
  ui: 'user interface',
  ml: 'machine learning',
  ai: 'artificial intelligence',
  hr: 'human resources',
  qa: 'quality assurance',
  devops: 'operations infrastructure',
  sre: 'site reliability',
  cto: 'chief technology officer',
  vp: 'vice president',
  mgmt: 'management',
  eng: 'engineering',
  swe: 'software engineer',
};

/** A light suffix stripper (a small subset of Porter): enough to make "managing", "manager", "management" meet. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  for (const suffix of ['ational', 'ization', 'ement', 'ment', 'ing', 'ers', 'er', 'ed', 'ly', 'al', 'ive']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  // Collapse a final double consonant left by the suffix ("planning" -> "plann" -> "plan").
  if (w.length > 4 && w[w.length - 1] === w[w.length - 2] && !'aeiouls'.includes(w[w.length - 1])) {
    w = w.slice(0, -1);
  }
  return w;
}

/** Lower-cased, stop-word-free, stemmed tokens of a text, abbreviations expanded. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+(?:[+#]+|\.(?=net\b))?/gu) ?? []) {
    const expanded = expansions[raw];
    const words = expanded ? expanded.split(' ') : [raw];
    for (const word of words) {
      if (stopWords.has(word) || word.length < 2) continue;
      out.push(stem(word));
    }
  }
  return out;
}

/** A sparse, L2-normalised vector: term ids in first-seen order with their weights. */
export interface SparseVector {
  terms: Int32Array;
  weights: Float64Array;
}

interface TextIndex {
  vocabulary: Map<string, number>;
  /** One vector per input document, in input order (empty vector for empty text). */
  vectors: SparseVector[];
}

/** Builds TF-IDF vectors (sublinear tf, smoothed idf) for a corpus of documents. */
export function buildTextIndex(documents: readonly string[]): TextIndex {
  const vocabulary = new Map<string, number>();
  const documentFrequency: number[] = [];
  const counted: Map<number, number>[] = [];
  for (const document of documents) {
    const counts = new Map<number, number>();
    for (const token of tokenize(document)) {
      let id = vocabulary.get(token);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(token, id);
        documentFrequency.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of counts.keys()) documentFrequency[id]++;
    counted.push(counts);
  }
  const n = documents.length;
  const idf = documentFrequency.map((df) => Math.log((1 + n) / (1 + df)) + 1);
  const vectors = counted.map((counts) => {
    const terms = new Int32Array(counts.size);
    const weights = new Float64Array(counts.size);
    let k = 0;
    let norm = 0;
    for (const [id, count] of counts) {
      const w = (1 + Math.log(count)) * idf[id];
      terms[k] = id;
      weights[k] = w;
      norm += w * w;
      k++;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    return { terms, weights };
  });
  return { vocabulary, vectors };
}

/** Cosine of two normalised sparse vectors, summed in the order of `a`'s terms (the scoring fast path does the same). */
export function cosine(a: SparseVector, b: SparseVector): number {
  if (a.terms.length === 0 || b.terms.length === 0) return 0;
  const lookup = new Map<number, number>();
  for (let i = 0; i < b.terms.length; i++) lookup.set(b.terms[i], b.weights[i]);
  let dot = 0;
  for (let i = 0; i < a.terms.length; i++) {
    const w = lookup.get(a.terms[i]);
    if (w !== undefined) dot += a.weights[i] * w;
  }
  return dot;
}

/**
 * Inverted index over a set of vectors: for each term, the documents holding it and their weights.
 * Lets one query vector be compared with thousands of documents by touching only shared terms.
 */
export interface PostingIndex {
  start: Int32Array;
  document: Int32Array;
  weight: Float64Array;
}

/** Builds postings for `vectors`, documents in ascending index order within each term. */
export function buildPostings(vectors: readonly SparseVector[], vocabularySize: number): PostingIndex {
  const start = new Int32Array(vocabularySize + 1);
  for (const v of vectors) for (let i = 0; i < v.terms.length; i++) start[v.terms[i] + 1]++;
  for (let t = 0; t < vocabularySize; t++) start[t + 1] += start[t];
  const fill = start.slice(0, vocabularySize);
  const document = new Int32Array(start[vocabularySize]);
  const weight = new Float64Array(start[vocabularySize]);
  vectors.forEach((v, d) => {
    for (let i = 0; i < v.terms.length; i++) {
      const at = fill[v.terms[i]]++;
      document[at] = d;
      weight[at] = v.weights[i];
    }
  });
  return { start, document, weight };
}

/** Adds `query · doc` into `out[doc]` for every document sharing a term with the query. */
export function accumulateDots(query: SparseVector, postings: PostingIndex, out: Float64Array): void {
  for (let i = 0; i < query.terms.length; i++) {
    const term = query.terms[i];
    if (term + 1 >= postings.start.length) continue;
    const qw = query.weights[i];
    const end = postings.start[term + 1];
    for (let p = postings.start[term]; p < end; p++) out[postings.document[p]] += qw * postings.weight[p];
  }
}
