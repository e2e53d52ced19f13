import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

/** A vega-lite spec with its data inline, so that the saved spec alone re-renders the chart. */
export type ChartSpec = TopLevelSpec;

/**
 * Renders a vega-lite spec to SVG with vega's headless view (no browser, no canvas), so the
 * report is the same on every machine.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  // Loaded here, not at the top: every CLI command reaches this module (through `report`), and
  // vega with vega-lite cost each `execgym` start about 0.5 CPU-seconds (issue 26).
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG at twice its size (for papers and slides that want bitmaps). */
export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true }, background: 'white' }).render().asPng();
}
