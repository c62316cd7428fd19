/*
 * How much of a pair's score says nothing about the pair. A criterion whose data is missing on either side (no
 * skills wanted, goals not written, time zone unknown, no preference stated…) scores the neutral value, half marks,
 * whoever the other person is. A pair whose score is mostly such half marks was matched on little evidence: the
 * run review marks it so staff look twice, and the thin-profile check before a run is how to avoid it.
 */
import { neutral } from './scoring-scale.ts';

/** A pair "rests mostly on neutral values" when more than this share of its score comes from them. */
export const neutralShareThreshold = 0.5;

/**
 * Share (0–1) of a pair's score that comes from criteria scored neutral because data was missing: their points
 * (weight × neutral) over all points (Σ weight × value). 0 when the score is 0 (nothing rests on anything).
 * `weights` and `values` are the scorer's integers (thousandths, 0–10000), so the ratio is exact.
 */
export function neutralShare(
  weights: ArrayLike<number>,
  values: ArrayLike<number>,
  missing: ArrayLike<number | boolean>,
): number {
  let total = 0;
  let fromNeutral = 0;
  for (let c = 0; c < weights.length; c++) {
    total += weights[c] * values[c];
    if (missing[c]) fromNeutral += weights[c] * neutral;
  }
  return total === 0 ? 0 : fromNeutral / total;
}

/** Whether a share of neutral points is above the threshold at which the review marks the pair. */
export function restsOnNeutral(share: number): boolean {
  return share > neutralShareThreshold;
}
