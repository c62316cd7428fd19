import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  logGamma,
  normalCriticalValue,
  normalQuantile,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTCriticalValue,
  studentTQuantile,
} from './distributions.ts';

const close = (actual: number, expected: number, tolerance: number, what = '') =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what} expected ${expected} ± ${tolerance}, got ${actual}`,
  );

/** Composite Simpson's rule: the brute-force oracle for the distribution functions. */
function simpson(f: (x: number) => number, from: number, to: number, intervals = 4000): number {
  const h = (to - from) / intervals;
  let sum = f(from) + f(to);
  for (let i = 1; i < intervals; i++) sum += f(from + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

const normalPdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const tPdf = (df: number) => {
  const c = Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2)) / Math.sqrt(df * Math.PI);
  return (x: number) => c * (1 + (x * x) / df) ** (-(df + 1) / 2);
};

describe('normalQuantile', () => {
  it('matches published values of the standard normal quantile', () => {
    // Reference values from SciPy's scipy.stats.norm.ppf (an independent implementation).
    close(normalQuantile(0.975), 1.959963984540054, 1e-14, 'z(0.975)');
    close(normalQuantile(0.025), -1.959963984540054, 1e-14, 'z(0.025)');
    close(normalQuantile(0.995), 2.5758293035489004, 1e-14, 'z(0.995)');
    close(normalQuantile(0.9), 1.2815515655446004, 1e-14, 'z(0.9)');
    close(normalQuantile(0.6), 0.2533471031357997, 1e-14, 'z(0.6)');
    close(normalQuantile(0.5), 0, 0, 'z(0.5)');
    close(normalQuantile(1e-10), -6.361340902404056, 1e-12, 'z(1e-10)');
    assert.equal(normalQuantile(0), Number.NEGATIVE_INFINITY);
    assert.equal(normalQuantile(1), Number.POSITIVE_INFINITY);
    assert.throws(() => normalQuantile(1.5), RangeError);
  });

  it('inverts the normal distribution function (property, against numerical integration)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.0005, max: 0.9995, noNaN: true }), (p) => {
        const z = normalQuantile(p);
        const cdf = 0.5 + Math.sign(z) * simpson(normalPdf, 0, Math.abs(z), 2000);
        close(cdf, p, 1e-10, `Φ(z(${p}))`);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the two-sided critical value of a confidence level', () => {
    close(normalCriticalValue(0.95), 1.959963984540054, 1e-14);
    close(normalCriticalValue(0.9), 1.6448536269514722, 1e-14);
    assert.throws(() => normalCriticalValue(1), RangeError);
  });
});

describe('studentTQuantile', () => {
  it("matches the printed two-sided 95% table (Fisher & Yates; any textbook's t table, 3 decimals)", () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [4, 2.776],
      [5, 2.571],
      [6, 2.447],
      [7, 2.365],
      [8, 2.306],
      [9, 2.262],
      [10, 2.228],
      [11, 2.201],
      [12, 2.179],
      [13, 2.16],
      [14, 2.145],
      [15, 2.131],
      [16, 2.12],
      [17, 2.11],
      [18, 2.101],
      [19, 2.093],
      [20, 2.086],
      [21, 2.08],
      [22, 2.074],
      [23, 2.069],
      [24, 2.064],
      [25, 2.06],
      [26, 2.056],
      [27, 2.052],
      [28, 2.048],
      [29, 2.045],
      [30, 2.042],
      [40, 2.021],
      [60, 2.0],
      [120, 1.98],
    ];
    for (const [df, t] of table) close(studentTCriticalValue(0.95, df), t, 0.0005, `t(0.975, ${df})`);
  });

  it('matches the printed two-sided 99% table', () => {
    const table: [number, number][] = [
      [1, 63.657],
      [2, 9.925],
      [5, 4.032],
      [10, 3.169],
      [20, 2.845],
      [30, 2.75],
    ];
    for (const [df, t] of table) close(studentTQuantile(0.995, df), t, 0.0005, `t(0.995, ${df})`);
  });

  it('matches high-precision reference values', () => {
    // SciPy 1.x (Boost's implementation): scipy.stats.t.ppf(0.975, 10), (0.975, 3), (0.95, 7), (0.025, 29)
    close(studentTQuantile(0.975, 10), 2.228138851986274, 1e-12);
    close(studentTQuantile(0.975, 3), 3.1824463052837078, 1e-12);
    close(studentTQuantile(0.95, 7), 1.8945786050900062, 1e-12);
    close(studentTQuantile(0.025, 29), -2.045229642132703, 1e-12);
  });

  it('agrees with the closed forms for 1 and 2 degrees of freedom and tends to the normal', () => {
    close(studentTQuantile(0.975, 1), Math.tan(Math.PI * 0.475), 1e-12);
    close(studentTQuantile(0.9, 2), 0.8 / Math.sqrt(2 * 0.9 * 0.1), 1e-12);
    close(studentTQuantile(0.975, 1e7), normalQuantile(0.975), 1e-6);
  });

  it('inverts the t distribution function, which agrees with numerical integration (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.5, max: 300, noNaN: true }),
        (p, df) => {
          const t = studentTQuantile(p, df);
          close(studentTCdf(t, df), p, 1e-12, `F(t(${p}, ${df}))`);
          if (Math.abs(t) < 40) {
            const integrated = 0.5 + Math.sign(t) * simpson(tPdf(df), 0, Math.abs(t), 4000);
            close(studentTCdf(t, df), integrated, 1e-8, `F vs ∫ at t=${t}, df=${df}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is antisymmetric and increasing in p', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.499, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (p, df) => {
          close(
            studentTQuantile(p, df),
            -studentTQuantile(1 - p, df),
            1e-9 * (1 + Math.abs(studentTQuantile(p, df))),
          );
          assert.ok(studentTQuantile(p, df) < studentTQuantile(p + 0.0005, df));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('regularizedIncompleteBeta and logGamma', () => {
  it('give known values', () => {
    close(logGamma(1), 0, 1e-14);
    close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
    close(logGamma(10), Math.log(362880), 1e-12);
    // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b
    close(regularizedIncompleteBeta(0.3, 2.5, 1), 0.3 ** 2.5, 1e-14);
    close(regularizedIncompleteBeta(0.3, 1, 4), 1 - 0.7 ** 4, 1e-14);
    close(regularizedIncompleteBeta(0.5, 3, 3), 0.5, 1e-14);
  });
});
