import { cardEntries, cardInterval, cardNumber as fmt } from '../calibrate/card-entries.js';
import type { PendingChart, PendingSection } from './benchmark-section.js';
import { heldOutVolumeChart } from './charts/held-out-volume.chart.js';
import { impactCurveChart } from './charts/impact-curve.chart.js';
import { regimePosteriorChart } from './charts/regime-posterior.chart.js';
import { signaturePlotChart } from './charts/signature-plot.chart.js';
import { volumeProfileChart } from './charts/volume-profile.chart.js';
import type { CardDir } from './load-dirs.js';


/** The market card of `execgym calibrate`: estimates, and the charts that show how they were fitted. */
export function marketCardSection(input: CardDir, slug: string): PendingSection {
  const card = input.card;
  const d = card.diagnostics;
  const e = card.estimates;
  const name = `${card.symbol} ${card.sample.dates.from}`;
  const stepMinutes = card.step.seconds / 60;
  const charts: PendingChart[] = [
    {
      name: `${slug}-volume-profile`,
      caption: `Share of daily volume per ${stepMinutes}-minute step: data (bars) and the fitted u-shape 1 + c(2s−1)², c = ${fmt(e.uDepth.value)}.`,
      spec: volumeProfileChart(`Volume profile: ${name}`, stepMinutes, d.volumeProfile.data, d.volumeProfile.fitted),
    },
    {
      name: `${slug}-signature`,
      caption: `Volatility signature plot: sqrt of realised variance against sampling interval; sigma is measured at the marked interval (${d.signature.chosenSeconds} s, Bandi–Russell), where bid–ask bounce no longer inflates it.`,
      spec: signaturePlotChart(`Signature plot: ${name}`, d.signature.points, d.signature.chosenSeconds),
    },
  ];
  if (d.impactCurve) {
    charts.push({
      name: `${slug}-impact`,
      caption: `Temporary impact from walking the recorded book: mean cost per share beyond the best quote against order size, and the fit ${fmt(d.impactCurve.c)}·q^${fmt(d.impactCurve.beta)}.`,
      spec: impactCurveChart(`Impact curve: ${name}`, d.impactCurve.points, d.impactCurve.c, d.impactCurve.beta),
    });
  }
  if (d.regimes && d.regimes.K > 1) {
    charts.push({
      name: `${slug}-regimes`,
      caption: `Smoothed regime probabilities over the first day (HMM over ${d.regimes.intervalSeconds}-s intervals, K = ${d.regimes.K}).`,
      spec: regimePosteriorChart(`Regime posterior: ${name}`, d.regimes.intervalSeconds / 60, d.regimes.names, d.regimes.posterior),
    });
  }
  charts.push({
    name: `${slug}-held-out`,
    caption: `Held-out check (${d.heldOut.split}): realised volume per step of the second half against the forecast of the card fitted on the first.`,
    spec: heldOutVolumeChart(`Held-out volume: ${name}`, stepMinutes, d.heldOut.steps),
  });
  const h = d.heldOut;
  const notes = [
    `Calibrated from ${card.source.files.map((f) => f.name).join(', ')} (${card.source.format}; ${card.sample.rowsRead} rows read, ${card.sample.barsUsed} bars used); env step ${card.step.seconds} s, impact model ${card.impactModel}.`,
    `Held out: sigma ratio (second half / first) ${fmt(h.sigmaRatio.value)} [${fmt(h.sigmaRatio.ci95[0])}, ${fmt(h.sigmaRatio.ci95[1])}]; volume-share MAE ${fmt(h.volumeShareMae)} per step (mean share ${fmt(h.meanShare)}); realised/forecast volume ${fmt(h.volumeTotalRatio)}; RMS log error ${fmt(h.logVolumeRmse)} against the fitted noise ${fmt(h.fittedNoise)}. Not done: ${h.notDone}.`,
  ];
  if (h.replay?.realised) {
    notes.push(`AC schedule on ${h.replay.windows.length} replayed held-out windows: realised IS ${fmt(h.replay.realised.meanBps)} bps [${fmt(h.replay.realised.low)}, ${fmt(h.replay.realised.high)}] against the card's predicted ${fmt(h.replay.predicted.meanBps)} ± ${fmt(h.replay.predicted.sdBps)} bps (mean ± sd); z = ${fmt(h.replay.z ?? NaN)}.`);
  }
  const rows = cardEntries(e).map(([parameter, est]) => [parameter, fmt(est.value), est.unit, cardInterval(est), est.kind, est.method]);
  return {
    title: `Market card: ${name} (${input.dir})`,
    notes,
    charts,
    tables: [{ caption: 'Estimates (kind prior = a literature value the data cannot identify)', header: ['parameter', 'value', 'unit', '95% CI', 'kind', 'method'], rows }],
  };
}
