import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lobsterQueue from '../env/specs/lobster-queue-v0.json' with { type: 'json' };
import { dataFormats } from '../env/data/formats.js';
import { runConfigSchema, type RunConfig } from '../experiments/run-config/run-config.js';
import { checkJobData } from '../experiments/sweep/queue/job-data.js';
import { tempDir } from './helpers/temp-dirs.js';

const SAMPLES = join('env', 'data', 'samples', 'lobster-2012-06-21');
const MESSAGE = 'AMZN_2012-06-21_36000000_36300000_message_5.csv';
const ORDERBOOK = 'AMZN_2012-06-21_36000000_36300000_orderbook_5.csv';

describe('job-data: the files a format reads beside the one a spec names are checked too, from the format table', () => {
  const config = (file: string): RunConfig =>
    runConfigSchema.parse({
      name: 't',
      env: { spec: { ...lobsterQueue, price: { ...lobsterQueue.price, data: { ...lobsterQueue.price.data, files: [file] } } } },
      agent: { type: 'ppo', numEnvs: 4, hidden: [4] },
      train: { steps: 10 },
    });

  it('LOBSTER names its orderbook file as a companion of the message file; the bars format has none', () => {
    expect(dataFormats.lobster.companionFiles?.(join('d', MESSAGE))).toEqual([{ role: 'orderbook', path: join('d', ORDERBOOK) }]);
    expect(dataFormats.bars.companionFiles).toBeUndefined();
  });

  it('refuses a LOBSTER message file whose orderbook file is not below the data root, naming the field and the orderbook file, and accepts the pair', () => {
    const dataRoot = tempDir();
    mkdirSync(join(dataRoot, 'lobster'));
    copyFileSync(join(SAMPLES, MESSAGE), join(dataRoot, 'lobster', MESSAGE));
    expect(() => checkJobData(config(`lobster/${MESSAGE}`), dataRoot)).toThrow(
      `config.env: price.data.files[0] (its orderbook file): no file ${JSON.stringify(`lobster/${ORDERBOOK}`)} in the worker's --data-root`,
    );
    copyFileSync(join(SAMPLES, ORDERBOOK), join(dataRoot, 'lobster', ORDERBOOK));
    expect(() => checkJobData(config(`lobster/${MESSAGE}`), dataRoot)).not.toThrow();
  });
});
