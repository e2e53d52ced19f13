
const f = (v: number, d = 3) => v.toFixed(d);

type Row = { readonly value: number; readonly ci95: readonly [number, number]; readonly heldOut?: number; readonly covered?: boolean };

function table(title: string, key: string, rows: readonly (Row & { readonly pair?: string; readonly symbol?: string })[], digits = 3): string[] {
  return [
    `## ${title}`,
    '',
    `| ${key} | estimate | 95% CI | held-out day | covered |`,
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.pair ?? r.symbol} | ${f(r.value, digits)} | [${f(r.ci95[0], digits)}, ${f(r.ci95[1], digits)}] | ${r.heldOut === undefined ? '-' : f(r.heldOut, digits)} | ${r.covered === undefined ? '-' : r.covered ? 'yes' : 'no'} |`),
    '',
  ];
}

/** The fields of the card (experiments/portfolio/calibrate-portfolio.ts) the Markdown shows. */
export interface CrossImpactCardView {
  readonly symbols: readonly string[];
  readonly source: { readonly file: string; readonly date: string; readonly steps: number; readonly stepSeconds: number; readonly heldOut: { readonly file: string; readonly date: string; readonly steps: number } | null };
  readonly estimators: { readonly covariance: string; readonly crossImpactShape: string; readonly intervals: string; readonly heldOut: string };
  readonly sigmaDaily: readonly (Row & { readonly symbol: string })[];
  readonly correlation: readonly (Row & { readonly pair: string })[];
  readonly crossImpactShape: readonly (Row & { readonly pair: string })[];
  readonly heldOut: { readonly sigmaCovered: string; readonly correlationCovered: string; readonly crossImpactShapeCovered: string } | null;
  readonly whatBarsIdentify: string;
  readonly spec: { readonly id: string; readonly orderFraction: number; readonly riskAversion: number };
}

/** The cross-impact card as Markdown: sources, estimators, the three tables, and what the data can identify. */
export function portfolioCardMarkdown(card: CrossImpactCardView): string {
  const s = card.source;
  return [
    `# Cross-impact card: ${card.symbols.join(', ')}`,
    '',
    `Xetra 1-minute bars, ${s.file} (${s.date}), ${s.steps} steps of ${s.stepSeconds} s${s.heldOut ? `; held out: ${s.heldOut.file} (${s.heldOut.date}), ${s.heldOut.steps} steps` : ''}.`,
    '',
    `- Covariance: ${card.estimators.covariance}`,
    `- Cross-impact shape: ${card.estimators.crossImpactShape}`,
    `- Intervals: ${card.estimators.intervals}`,
    `- Held out: ${card.estimators.heldOut}`,
    '',
    ...table('Daily volatility sqrt(Sigma_ii) (EUR/share per day^0.5, intraday)', 'symbol', card.sigmaDaily),
    ...table('Correlation of price changes', 'pair', card.correlation),
    ...table('Cross-impact shape C_ij = Lambda_ij / sqrt(Lambda_ii Lambda_jj)', 'pair', card.crossImpactShape),
    card.heldOut ? `Held-out coverage: volatility ${card.heldOut.sigmaCovered}, correlation ${card.heldOut.correlationCovered}, cross-impact shape ${card.heldOut.crossImpactShapeCovered}.` : 'No held-out day.',
    '',
    '## What 1-minute bars without trade signs can identify',
    '',
    card.whatBarsIdentify,
    '',
    `The calibrated env is spec.json (${card.spec.id}): ${card.spec.orderFraction * 100}% of each name's day volume over one session, lambda ${card.spec.riskAversion}.`,
    '',
  ].join('\n');
}
