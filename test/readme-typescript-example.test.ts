import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dirs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The README's "### From TypeScript" code block. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### From TypeScript'), readme.indexOf('### From Python'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no ts block under ### From TypeScript');
  return block[1];
}

/** A fresh project with execgym installed as a link to this repository (its dist/, built by npm test). */
function project(type: 'module' | 'commonjs'): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'execgym'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type }));
  return dir;
}

describe("the README's library examples", () => {
  it('the TypeScript example runs against the package and prints its policy next to ac and twap', async () => {
    const dir = project('module');
    const file = join(dir, 'example.ts');
    writeFileSync(file, readmeExample());
    // vitest compiles the TypeScript; 'execgym' resolves through node_modules as for a user.
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      console.log = log;
    }
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^front-loaded: objective [\d.]+ bps, objective - ac [\d.]+ bps$/);
    expect(lines.some((l) => /^ac: objective [\d.]+ bps, objective - ac 0.00 bps$/.test(l))).toBe(true);
  }, 300_000);

  it('a CommonJS project (npm init -y) can require the package and its subpaths', () => {
    const dir = project('commonjs');
    writeFileSync(join(dir, 'index.js'), "const eg = require('execgym'); const ex = require('execgym/experiments'); console.log(typeof eg.make, typeof ex.runBenchmark);");
    const out = execFileSync(process.execPath, ['index.js'], { cwd: dir, encoding: 'utf8' });
    expect(out.trim()).toBe('function function');
  });
});
