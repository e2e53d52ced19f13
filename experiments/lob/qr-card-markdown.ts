import { poissonRateInterval } from '../../env/calibration/poisson-interval.js';
import { QR_MIN_CELL_SECONDS } from '../../env/lob/flow/qr-calibrate.js';
import type { QrCard, QrIntensity } from '../../env/lob/flow/qr-card.js';

const g = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toPrecision(3));
const clock = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/** The queue buckets of a layout in shares: `0`, `1–100`, ..., `1601+`. */
function bucketNames(edges: readonly number[]): string[] {
  return ['empty', ...edges.map((e, i) => (i + 1 < edges.length ? `${e}–${edges[i + 1] - 1}` : `${e}+`))];
}

/** Pooled MLE over a group of cells (the MLE of the coarser model): Σn / Σexposure, with its Garwood interval. */
function pooled(rows: readonly QrIntensity[]): { n: number; seconds: number; rate: number; ci: readonly [number, number] } | undefined {
  const n = rows.reduce((s, r) => s + r.n, 0);
  const seconds = rows.reduce((s, r) => s + r.exposureSeconds, 0);
  return seconds > 0 ? { n, seconds, rate: n / seconds, ci: poissonRateInterval(n, seconds) } : undefined;
}

function pooledTable(title: string, card: QrCard, keyName: string, keys: number[], pick: (key: number) => QrIntensity[]): string[] {
  const lines = [`### ${title}`, '', `| ${keyName} | events | seconds active | rate (1/s per side) | 95% CI |`, '|---|---|---|---|---|'];
  for (const key of keys) {
    const p = pooled(pick(key));
    if (p && p.n > 0) lines.push(`| ${key} | ${p.n} | ${g(p.seconds)} | ${g(p.rate)} | [${g(p.ci[0])}, ${g(p.ci[1])}] |`);
  }
  return [...lines, ''];
}

/** `10:00:00–14:00:00 ET`, or what several spans are and the hours they cover. */
function fittedOn(card: QrCard): string {
  const { spans } = card;
  if (spans.length === 1) return `${clock(spans[0].from)}–${clock(spans[0].to)} ET`;
  const hours = spans.reduce((h, x) => h + (x.to - x.from), 0) / 3600;
  return `${card.spansOf ?? `${spans.length} spans`}: ${spans.length} stretches of the day, ${g(hours)} h from ${clock(spans[0].from)} to ${clock(spans[spans.length - 1].to)} ET`;
}

/** card.md: the fit's sample, the intensities pooled along the model's main axes, and what the model leaves out. */
export function qrCardMarkdown(card: QrCard): string {
  const { layout, sample: s } = card;
  const by = (cell: QrIntensity['cell'], event: QrIntensity['event']) => card.intensities.filter((x) => x.cell === cell && x.event === event);
  const buckets = bucketNames(layout.queueEdges);
  const qIndex = buckets.map((_, i) => i);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const touchByQueue = (event: QrIntensity['event']) => pooledTable(`Touch ${event} orders by queue (pooled over spreads)`, card, 'queue (shares)', qIndex, (q) => by('touch', event).filter((x) => x.queue === q)).map((l) => l.replace(/^\| (\d+) \|/, (_, q: string) => `| ${buckets[Number(q)]} |`));
  const total = s.events.limit + s.events.cancel + s.events.market;
  const out = s.outside.limit + s.outside.cancel + s.outside.market;
  return [
    `# Queue-reactive order-flow card: ${card.symbol} ${card.date}, ${fittedOn(card)}`,
    '',
    ...(card.spans.length > 1 ? [`Spans fitted (ET): ${card.spans.map((x) => `${clock(x.from)}–${clock(x.to)}`).join(', ')}.`, ''] : []),
    `Model: ${card.model}. Method: ${card.method}.`,
    '',
    `Source (${card.source.format}): ${card.source.files.map((f) => `${f.name} (sha256 ${f.sha256.slice(0, 12)}…, ${f.bytes} bytes)`).join(', ')}.`,
    '',
    '## Sample',
    '',
    `- ${+s.seconds.toFixed(3)} s fitted, ${s.messages} messages in the file; model events ${total}: ${s.events.limit} limit orders, ${s.events.cancel} cancels (${s.partialCancels} of the file's cancels in the span were partial, counted as cancels), ${s.events.market} market orders (execution messages of one timestamp and side).`,
    `- Outside the model's cells (a price beyond the ${layout.levels} recorded levels or ${layout.maxBehind} ticks behind the touch, a spread past ${layout.maxInside} ticks, a crossed book): ${out} events (${s.outside.limit} limit, ${s.outside.cancel} cancel, ${s.outside.market} market); hidden executions, not modelled: ${s.hiddenExecutions}.`,
    `- Time-weighted spread ${g(s.timeWeightedSpreadTicks)} ticks of ${layout.tickE4 / 1e4} $.`,
    `- Cells: ${layout.maxInside} inside, ${layout.maxSpread} spreads × ${buckets.length} queue buckets at the touch, ${layout.maxBehind} depths × ${buckets.length} buckets behind; queue buckets (shares): ${buckets.join(', ')}. card.json lists all ${card.intensities.length} intensities of the cells the data visited, each with its count, exposure and interval.`,
    '',
    '## Intensities (pooled views of card.json)',
    '',
    ...touchByQueue('market'),
    ...touchByQueue('limit'),
    ...touchByQueue('cancel'),
    ...pooledTable('Touch market orders by spread (pooled over queues)', card, 'spread (ticks)', range(layout.maxSpread), (k) => by('touch', 'market').filter((x) => x.key === k)),
    ...pooledTable('Limit orders inside the spread by distance from the opposite best', card, 'ticks', range(layout.maxInside), (k) => by('inside', 'limit').filter((x) => x.key === k)),
    ...pooledTable('Limit orders behind the touch by depth (pooled over queues)', card, 'ticks behind', range(layout.maxBehind), (k) => by('behind', 'limit').filter((x) => x.key === k)),
    ...pooledTable('Cancels behind the touch by depth (pooled over queues)', card, 'ticks behind', range(layout.maxBehind), (k) => by('behind', 'cancel').filter((x) => x.key === k)),
    '## What the simulator runs',
    '',
    `Each cell's MLE above, except in a cell the data saw for less than ${QR_MIN_CELL_SECONDS} side-seconds, which runs the intensities pooled over its kind and queue bucket (an MLE from a few seconds can make a large queue grow without bound): ${card.intensities.filter((x) => x.event === 'limit' && x.exposureSeconds < QR_MIN_CELL_SECONDS).length} of the ${card.intensities.filter((x) => x.event === 'limit').length} cells seen.`,
    '',
    ...hawkesSection(card),
    '## What the model leaves out',
    '',
    'Intensities are constant within a cell (no time of day; self-excitation only of market orders, as the option above); sides share them; a cancel removes a whole order; sizes are i.i.d. draws from the fitted spans; hidden liquidity and the book beyond the recorded levels are not modelled. `lob simulate` starts from the recorded book at the first span\'s start (lob-qr-v0 from each episode\'s window).',
    '',
  ].join('\n');
}

/** The optional Hawkes kernel on the market orders (env/lob/flow/market-hawkes.ts), with its intervals. */
function hawkesSection(card: QrCard): string[] {
  const h = card.hawkes;
  if (!h) return [];
  const row = (name: string, key: 'baseScale' | 'alphaSame' | 'alphaCross' | 'beta', unit: string) => `| ${name} | ${g(h[key])} | [${g(h.ci95[key][0])}, ${g(h.ci95[key][1])}] | ${unit} |`;
  return [
    '## Self-excitation of market orders (optional: `lob simulate --env lob-qr-hawkes-v0`)',
    '',
    `λ_s(t) = c·μ_s(t) + α_same·Σ_same e^{−β(t−t_j)} + α_cross·Σ_other e^{−β(t−t_j)}, μ the intensities above. ${h.method}; ${h.orders} market orders.`,
    '',
    '| parameter | MLE | 95% CI | unit |',
    '|---|---|---|---|',
    row('c (scale of μ)', 'baseScale', ''),
    row('α_same', 'alphaSame', '1/s'),
    row('α_cross', 'alphaCross', '1/s'),
    row('β', 'beta', '1/s'),
    '',
    `Branching ratio (α_same + α_cross)/β = ${g((h.alphaSame + h.alphaCross) / h.beta)}; mean decay time 1/β = ${g(1000 / h.beta)} ms. Log-likelihood ${g(h.logLikelihood)} against ${g(h.poissonLogLikelihood)} without excitation (likelihood-ratio statistic ${g(2 * (h.logLikelihood - h.poissonLogLikelihood))} on 3 parameters).`,
    '',
  ];
}
