/** A chart already rendered, with the files it was written to (relative to the page). */
export interface RenderedChart {
  readonly name: string;
  readonly caption: string;
  readonly svg: string;
  readonly files: readonly string[];
}

export interface Table {
  readonly caption: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ReportSection {
  readonly title: string;
  readonly notes: readonly string[];
  readonly charts: readonly RenderedChart[];
  readonly tables: readonly Table[];
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `
body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
figure { margin: 1.5em 0; } figcaption { font-size: .9em; color: #555; margin-top: .3em; }
figcaption a { color: #36c; margin-right: .6em; }
table { border-collapse: collapse; font-size: .85em; margin: 1em 0; }
th, td { border: 1px solid #ddd; padding: .25em .6em; text-align: right; } th { background: #f4f4f4; }
td:first-child, th:first-child { text-align: left; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: .4em; }
.note { background: #fff8e0; border-left: 4px solid #e8b400; padding: .4em .8em; margin: .6em 0; font-size: .9em; }
`;

/** A self-contained page: inline SVG and CSS, no scripts and no network. */
export function reportHtml(title: string, intro: readonly string[], sections: readonly ReportSection[]): string {
  const body = sections.map(renderSection).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
${intro.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
${body}
</body></html>
`;
}

function renderSection(section: ReportSection): string {
  return `<section>
<h2>${escapeHtml(section.title)}</h2>
${section.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
${section.charts.map(renderChart).join('\n')}
${section.tables.map(renderTable).join('\n')}
</section>`;
}

function renderChart(chart: RenderedChart): string {
  const links = chart.files.map((f) => `<a href="${escapeHtml(f)}">${escapeHtml(f.split('.').slice(-2).join('.'))}</a>`).join('');
  return `<figure data-chart="${escapeHtml(chart.name)}">
${chart.svg}
<figcaption>${escapeHtml(chart.caption)} ${links}</figcaption>
</figure>`;
}

function renderTable(table: Table): string {
  const head = `<tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const rows = table.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(table.caption)}</caption>\n${head}\n${rows}\n</table>`;
}
