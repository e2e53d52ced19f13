import { describe, expect, it } from 'vitest';
import {
  acClosedFormCost,
  acSchedule,
  describeUrgency,
  efficientFrontier,
  scheduleCost,
  type AcInputs,
} from '../env/analytics/almgren-chriss.js';

// The worked example of Almgren & Chriss (2000); expected values from shared/reference/almgren-chriss-2000.md.
const paper: AcInputs = { X: 1e6, T: 5, N: 5, sigma: 0.95, epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, lambda: 1e-6 };

describe('the exact discrete Almgren–Chriss schedule', () => {
  it('reproduces the paper example (N = 5, lambda = 1e-6): kappa ~ 0.607/day, holdings, E and V', () => {
    const s = acSchedule(paper);
    expect(s.kappa).toBeCloseTo(0.6070761632, 9);
    const holdings = [1000000, 541955.55, 289854.22, 147897.49, 62141.8, 0];
    holdings.forEach((x, j) => expect(s.x[j]).toBeCloseTo(x, 1));
    expect(s.expectedCost).toBeCloseTo(911226.99, 1);
    expect(s.variance / 3.641285721e11).toBeCloseTo(1, 9);
    expect(s.objective).toBeCloseTo(1275355.56, 1);
  });

  it('reproduces the reference rows for lambda = 2e-6, lambda = 0 and N = 20', () => {
    const urgent = acSchedule({ ...paper, lambda: 2e-6 });
    expect(urgent.kappa).toBeCloseTo(0.8462971345, 9);
    expect(urgent.expectedCost).toBeCloseTo(1140715.17, 1);
    expect(urgent.objective).toBeCloseTo(1544577.74, 1);
    const line = acSchedule({ ...paper, lambda: 0 });
    expect(line.kappa).toBe(0);
    expect(Array.from(line.x)).toEqual([1e6, 8e5, 6e5, 4e5, 2e5, 0]);
    expect(line.expectedCost).toBeCloseTo(662500, 6);
    expect(line.variance / 1.083e12).toBeCloseTo(1, 12);
    const fine = acSchedule({ ...paper, N: 20 });
    expect(fine.kappa).toBeCloseTo(0.6040494063, 9);
    expect(fine.x[1]).toBeCloseTo(859113.69, 1);
    expect(fine.x[19]).toBeCloseTo(14826.9, 1);
    expect(fine.expectedCost).toBeCloseTo(956846.79, 1);
    expect(fine.objective).toBeCloseTo(1578752.35, 1);
    // In bps of the $50M arrival notional: E = 191.37, sd = 157.72, objective 315.75.
    expect((fine.expectedCost / 5e7) * 1e4).toBeCloseTo(191.37, 2);
    expect((Math.sqrt(fine.variance) / 5e7) * 1e4).toBeCloseTo(157.72, 2);
  });

  it('solves the kappa equation (2/tau^2)(cosh(kappa tau) - 1) = lambda sigma^2 / eta~', () => {
    for (const N of [1, 5, 20, 200]) {
      const s = acSchedule({ ...paper, N });
      const lhs = (2 / s.tau ** 2) * (Math.cosh(s.kappa * s.tau) - 1);
      expect(lhs / ((paper.lambda * paper.sigma ** 2) / s.etaTilde)).toBeCloseTo(1, 10);
    }
  });

  it('agrees between the sum formulas and the paper closed form (eq. 20) over a parameter grid', () => {
    for (const N of [2, 5, 20, 100]) {
      for (const lambda of [1e-8, 1e-7, 1e-6, 5e-6]) {
        for (const gamma of [0, 2.5e-7]) {
          const inputs = { ...paper, N, lambda, gamma };
          const sums = scheduleCost(inputs, acSchedule(inputs).x);
          const closed = acClosedFormCost(inputs);
          expect(sums.expectedCost / closed.expectedCost).toBeCloseTo(1, 9);
          expect(sums.variance / closed.variance).toBeCloseTo(1, 9);
        }
      }
    }
  });

  it('is optimal: perturbing any holding raises E + lambda Var', () => {
    const s = acSchedule({ ...paper, N: 20 });
    for (let j = 1; j < 20; j++) {
      for (const bump of [-1000, 1000]) {
        const x = Float64Array.from(s.x);
        x[j] += bump;
        const c = scheduleCost(paper, x);
        expect(c.expectedCost + paper.lambda * c.variance).toBeGreaterThan(s.objective);
      }
    }
  });

  it('traces a frontier along which E rises and Var falls with lambda', () => {
    const points = efficientFrontier(paper, [0, 1e-7, 1e-6, 1e-5]);
    for (let i = 1; i < points.length; i++) {
      expect(points[i].expectedCost).toBeGreaterThan(points[i - 1].expectedCost);
      expect(points[i].stdDev).toBeLessThan(points[i - 1].stdDev);
    }
  });

  it('rejects impossible inputs with a message naming the input', () => {
    expect(() => acSchedule({ ...paper, eta: 1e-8, gamma: 1e-6 })).toThrow(/eta - gamma \* tau \/ 2 must be > 0/);
    expect(() => acSchedule({ ...paper, X: 0 })).toThrow(/X must be > 0, got 0/);
    expect(() => acSchedule({ ...paper, N: 2.5 })).toThrow(/N must be a positive integer, got 2.5/);
    expect(() => acSchedule({ ...paper, sigma: -1 })).toThrow(/sigma must be >= 0, got -1/);
    expect(() => acSchedule({ ...paper, lambda: Number.NaN })).toThrow(/lambda must be >= 0/);
  });

  it('warns when kappa T is so small that AC is nearly TWAP', () => {
    expect(describeUrgency(acSchedule(paper), paper.T)).not.toMatch(/warning/);
    const tiny = acSchedule({ ...paper, lambda: 1e-9 });
    expect(describeUrgency(tiny, paper.T)).toMatch(/warning: kappa\*T = .* nearly TWAP/);
    // The threshold's claim: below kappa T = 0.25 no holding differs from the straight line by 1% of X.
    const edge = acSchedule({ ...paper, N: 100, lambda: (0.25 / paper.T) ** 2 * 2.375e-6 / paper.sigma ** 2 });
    const gap = Math.max(...Array.from(edge.x, (x, j) => Math.abs(x - paper.X * (1 - j / 100))));
    expect(gap / paper.X).toBeLessThan(0.01);
  });
});
