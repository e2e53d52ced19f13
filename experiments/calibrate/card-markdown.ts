import { cardEntries, cardInterval, cardNumber as num } from './card-entries.js';
import type { Estimate } from '../../env/calibration/estimate.js';
import type { MarketCard } from './market-card.js';

function row(name: string, e: Estimate): string {
  const notes = [e.note, e.source].filter(Boolean).join('; ');
  return `| ${name} | ${num(e.value)} | ${e.unit} | ${cardInterval(e)} | ${e.kind === 'prior' ? '**prior**' : 'estimate'} | ${e.n} | ${e.method}${notes ? ` (${notes})` : ''} |`;
}

/** How card.md names a source format. */
const FORMAT_NAMES: Record<string, string> = { xetra: 'Xetra PDS', bars: 'a bars CSV', lobster: 'LOBSTER' };

/** card.md: the card for a reader, every estimate with its interval, kind and method. */
export function cardMarkdown(card: MarketCard): string {
  const e = card.estimates;
  const lines = [
    `# Market card: ${card.symbol}`,
    '',
    `Sample: ${card.sample.dates.from}${card.sample.dates.days > 1 ? ` to ${card.sample.dates.to}` : ''} (${card.sample.dates.days} day${card.sample.dates.days > 1 ? 's' : ''}), bars of ${card.sample.barSeconds} s from ${FORMAT_NAMES[card.source.format] ?? card.source.format}, ${card.sample.rowsRead} rows read, ${card.sample.barsUsed} bars used. Env step ${card.step.seconds} s (N = ${card.step.N}, tau = ${num(card.step.tauDays)} day); impact model \`${card.impactModel}\`.`,
    '',
    ...(card.source.currency && card.source.currency !== 'USD' ? [`Prices are in ${card.source.currency}: read every "$" below (and in the spec) as ${card.source.currency}.`, ''] : []),
    'Files: ' + card.source.files.map((f) => `\`${f.name}\` (sha256 ${f.sha256.slice(0, 16)}…)`).join(', '),
    '',
    '| parameter | value | unit | 95% CI | kind | n | method |',
    '| --- | ---: | --- | --- | --- | ---: | --- |',
    ...cardEntries(e).map(([name, estimate]) => row(name, estimate)),
  ];
  if (e.transition) {
    lines.push('', `Transition matrix per ${e.transition.intervalSeconds}-s interval (Baum–Welch), and per env step (${e.transition.method}):`, '');
    lines.push('```', ...e.transition.perInterval.map((r) => r.map((p) => `${num(p.value)} ± ${num(p.se ?? NaN)}`).join('   ')), '', ...e.transition.perStep.map((r) => r.map(num).join('   ')), '```');
  }
  const reg = card.diagnostics.regimes;
  if (reg) lines.push('', `Regimes: K = ${reg.K} (${reg.bic.length > 1 ? 'by BIC: ' + reg.bic.map((b) => `K=${b.K} ${b.bic.toFixed(1)}`).join(', ') : 'given'}), HMM over ${reg.intervalSeconds}-s intervals.`);
  const h = card.diagnostics.heldOut;
  lines.push(
    '',
    `## Held-out check (${h.split})`,
    '',
    `- sigma ratio (held-out / calibration half): ${num(h.sigmaRatio.value)} [${num(h.sigmaRatio.ci95[0])}, ${num(h.sigmaRatio.ci95[1])}] over ${h.sigmaRatio.n} returns`,
    `- volume-share MAE per held-out step: ${num(h.volumeShareMae)} (mean share ${num(h.meanShare)}); realised / forecast volume: ${num(h.volumeTotalRatio)}`,
    `- RMS log error of step volume: ${num(h.logVolumeRmse)} (fitted noise ${num(h.fittedNoise)})`,
    ...(h.replay
      ? [
          `- AC schedule on ${h.replay.windows.length} replayed held-out windows of ${h.replay.windowSteps} steps (sell ${num(h.replay.orderShares)} shares, the card's impact simulated on the recorded prices): realised IS ${h.replay.realised ? `${num(h.replay.realised.meanBps)} bps [${num(h.replay.realised.low)}, ${num(h.replay.realised.high)}]` : '—'} against the card's predicted ${num(h.replay.predicted.meanBps)} ± ${num(h.replay.predicted.sdBps)} bps (mean ± sd of ${h.replay.predicted.episodes} synthetic episodes); z = ${num(h.replay.z ?? NaN)}; ${num((h.replay.within95 ?? NaN) * 100)}% of windows within the predicted 95% band`,
        ]
      : []),
    h.notDone === 'nothing' ? '- every part of the check ran' : `- not done: ${h.notDone}`,
    '',
    `## Sample`,
    '',
    ...sampleLines(card),
    '',
    `Choices (not estimates): order ${num(card.choices.shares)} shares, riskAversion ${num(card.choices.riskAversion)}, HMM seed ${card.choices.seed}.`,
    '',
  );
  return lines.join('\n');
}

/** The Sample section's lines: what was read how, left out, or found defective; never empty. */
function sampleLines(card: MarketCard): string[] {
  const lines = [
    ...(card.sample.note ? [`- ${card.sample.note}`] : []),
    ...card.sample.rejected.map((r) => `- not used: ${r.count} ${r.reason}`),
    ...card.sample.defects.map((d) => `- reader defect: ${d.count} × ${d.kind}${d.firstFile ? ` (first at ${d.firstFile}:${d.firstLine})` : ''}`),
  ];
  return lines.length > 0 ? lines : ['- every bar read was used; the reader found no defect'];
}
