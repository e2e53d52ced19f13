import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xetraSampleFile, type XetraSampleDay } from '../env/data/sample-files.js';
import { readXetra } from '../env/data/xetra-reader.js';
import { compileEnv } from '../env/core/compile-env.js';
import { resolveSpec } from '../env/registry.js';

const DAYS: readonly XetraSampleDay[] = ['2018-03-21', '2017-07-28'];
const REPLAYS = { '2018-03-21': 'xetra-replay-v0', '2017-07-28': 'xetra-replay-2017-07-28-v0' } as const;

describe('the two shipped Xetra days', () => {
  for (const day of DAYS) {
    it(`${day}: the file is the one its PROVENANCE.md names, by SHA-256`, () => {
      const file = xetraSampleFile(day);
      const provenance = readFileSync(join(dirname(file), 'PROVENANCE.md'), 'utf8');
      const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(provenance).toContain(`${digest}  xetra_${day}_top10_dax_1min.csv`);
    });
  }

  it('both days hold the same ten DAX stocks, in the same order', () => {
    const [a, b] = DAYS.map((day) => readXetra(xetraSampleFile(day)).map((s) => s.symbol));
    expect(b).toEqual(a);
    expect(readXetra(xetraSampleFile('2017-07-28')).reduce((n, s) => n + s.source.rowsRead, 0)).toBe(5014);
  });

  it('the 2017 replay poses the 2018 replay\'s problem on 161 windows of the other day, in its own session', () => {
    const [a, b] = DAYS.map((day) => compileEnv(resolveSpec(REPLAYS[day])));
    const { id: _a, description: _da, price: pa, ...problemA } = a.spec;
    const { id: _b, description: _db, price: pb, ...problemB } = b.spec;
    expect(problemB).toEqual(problemA);
    expect({ ...pb, data: undefined }).toEqual({ ...pa, data: undefined });
    const [ra, rb] = [a.params.replay!, b.params.replay!];
    expect(rb.sessionSeconds).toBe(ra.sessionSeconds);
    expect(rb.stepSeconds).toBe(60);
    expect([rb.sets.training.length, rb.sets.validation.length, rb.sets.test.length]).toEqual([97, 32, 32]);
    expect(new Set(rb.windows.map((w) => w.date))).toEqual(new Set(['2017-07-28']));
    // 07:01 UTC is 09:01 CEST: a summer day's session is an hour earlier in UTC.
    expect(Math.min(...rb.windows.map((w) => w.startSeconds))).toBe(7 * 3600 + 60);
  });
});
