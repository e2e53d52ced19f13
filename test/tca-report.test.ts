import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runMain } from './helpers/cli-in-process.js';

it("execgym report draws a tca directory: the orders' table and each order's schedule against the market volume", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tca-report-'));
  writeFileSync(join(dir, 'bars.csv'), ['timestamp,open,high,low,close,volume', '2024-03-01 10:00,100,101,99,100,1000', '2024-03-01 10:01,100,102,100,101,2000', '2024-03-01 10:02,101,103,101,102,1000', ''].join('\n'));
  writeFileSync(join(dir, 'fills.csv'), ['order_id,time,side,quantity,price', 'B1,10:00:30,buy,100,100.5', 'B1,10:01:30,buy,300,101.5', 'S1,10:02:10,sell,50,102', ''].join('\n'));
  const out = join(dir, 'tca');
  expect((await runMain(['tca', '--fills', join(dir, 'fills.csv'), '--market', join(dir, 'bars.csv'), '--out', out])).code).toBe(0);
  const report = await runMain(['report', out, '--out', join(dir, 'report.html')]);
  expect(report.stderr).not.toMatch(/Error/);
  expect(report.code).toBe(0);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  expect(html).toContain('TCA: bars 2024-03-01, 2 order(s)');
  expect(html).toContain('B1: schedule against the market volume');
  expect(existsSync(join(dir, 'report-figures', '1-tca-tca-schedule-2.svg'))).toBe(true);
});
