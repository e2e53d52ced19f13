/** Shared look of every chart: sizes, font and a colour-blind-safe palette (Tableau 10). */
export const CHART_WIDTH = 520;
export const CHART_HEIGHT = 280;

export const baseConfig = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.5 },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'right' as const, labelLimit: 360 },
  title: { fontSize: 14, anchor: 'start' as const },
  range: { category: { scheme: 'tableau10' } },
};

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The frame every single-view chart shares: schema, title, size and theme. */
export function chartFrame(title: string) {
  return { $schema: SCHEMA, title, width: CHART_WIDTH, height: CHART_HEIGHT, config: baseConfig };
}
