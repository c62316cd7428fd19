import type { Figure } from '../../../../src/contracts/analytics.contracts.ts';

/** A figure for people: the number, "Too few to show" when hidden, or a dash when there is nothing to measure. */
export function figureText(fig: Figure, format: (value: number) => string = (v) => String(v)): string {
  if (fig.suppressed) return 'Too few to show';
  if (fig.value === null) return '—';
  return format(fig.value);
}

export const percent = (share: number) => `${Math.round(share * 100)}%`;
export const oneDecimal = (value: number) => value.toFixed(1);
export const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/** The value for a chart: a hidden or missing figure is left out of the line (null), never drawn as zero. */
export const chartValue = (fig: Figure, scale = 1) =>
  fig.suppressed || fig.value === null ? null : Number((fig.value * scale).toFixed(2));
