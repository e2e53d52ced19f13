import { describe, expect, it } from 'vitest';
import { fitBookWalk, walkSizes } from '../env/calibration/book-walk.js';
import { lobsterBookOnGrid } from '../env/calibration/lobster-book-grid.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterLevel5SampleFile } from '../env/data/sample-files.js';

describe('the book walk on the shipped LOBSTER level-5 slice (AMZN, 10:00-10:05)', () => {
  const day = readLobsterDay(lobsterLevel5SampleFile());
  const book = lobsterBookOnGrid(day, 1);

  it('samples one valid, uncrossed book a second with prices in dollars', () => {
    expect(book.levels).toBe(5);
    const n = book.askPrice.length / 5;
    expect(n).toBeGreaterThan(290);
    expect(n).toBeLessThanOrEqual(300);
    for (let i = 0; i < n; i++) {
      expect(book.askPrice[i * 5]).toBeGreaterThan(book.bidPrice[i * 5]);
      expect(book.askPrice[i * 5]).toBeGreaterThan(100); // AMZN traded near $220 that day
      expect(book.askPrice[i * 5]).toBeLessThan(300);
    }
  });

  it('fits a rising impact curve with finite eta and beta and their intervals', () => {
    const fit = fitBookWalk(book, walkSizes(book), 300 / 23400);
    const used = fit.curve.filter((p) => p.censored <= 0.05);
    expect(used.length).toBeGreaterThanOrEqual(3);
    for (let j = 1; j < used.length; j++) expect(used[j].impact).toBeGreaterThanOrEqual(used[j - 1].impact);
    expect(fit.beta.value).toBeGreaterThan(0);
    expect(fit.beta.ci95!.every(Number.isFinite)).toBe(true);
    expect(fit.eta.value).toBeGreaterThan(0);
  });
});
