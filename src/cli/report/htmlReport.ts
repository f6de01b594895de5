import { join } from 'node:path';
import { escapeMarkup } from './escapeMarkup';
import type { TimeSeriesPlot } from './timeSeriesSvg';
import { plotPng } from './pngPlot';
import { writeOutputFile } from '../state/outputFile';
import { ensureDirectory } from '../state/ensureDirectory';

export interface ReportTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ReportPlot {
  caption: string;
  plot: TimeSeriesPlot;
}

export interface ReportSection {
  heading: string;
  text?: string;
  table?: ReportTable;
  plots: ReportPlot[];
}

export interface Report {
  title: string;
  subtitle: string;
  sections: ReportSection[];
}

function fileSafe(text: string): string {
  return (
    text
      .replace(/[^a-zA-Z0-9_-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'plot'
  );
}

function tableHtml(table: ReportTable): string {
  const head = table.columns.map((column) => `<th>${escapeMarkup(column)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeMarkup(String(cell))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `body{font-family:Inter,Helvetica,Arial,sans-serif;margin:2rem;color:#24292f;max-width:1040px}
h1{font-size:1.5rem;margin-bottom:.2rem}p.sub{color:#6e7681;margin-top:0}
table{border-collapse:collapse;margin:.8rem 0 1.2rem}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;font-size:.9rem}
th{background:#f6f8fa}figure{margin:0 0 1.2rem}figcaption{font-size:.85rem;color:#57606a}img{max-width:100%;border:1px solid #d0d7de}`;

/**
 * Writes `index.html` and one PNG per plot into `directory`; returns the path of the HTML file. The
 * page is self-contained apart from the PNGs beside it (no scripts, no external assets).
 */
export function writeHtmlReport(directory: string, report: Report): string {
  ensureDirectory(directory, 'the report');
  const used = new Set<string>();
  const sections = report.sections.map((section, sectionIndex) => {
    const figures = section.plots.map((entry, plotIndex) => {
      let name = `${String(sectionIndex + 1).padStart(2, '0')}-${fileSafe(entry.caption)}.png`;
      if (used.has(name)) {
        name = name.replace(/\.png$/, `-${plotIndex}.png`);
      }
      used.add(name);
      writeOutputFile(join(directory, name), plotPng(entry.plot), 'a report plot');
      return `<figure><img src="${encodeURIComponent(name)}" alt="${escapeMarkup(entry.caption)}"><figcaption>${escapeMarkup(entry.caption)}</figcaption></figure>`;
    });
    return [
      `<section><h2>${escapeMarkup(section.heading)}</h2>`,
      section.text ? `<p>${escapeMarkup(section.text)}</p>` : '',
      section.table ? tableHtml(section.table) : '',
      ...figures,
      '</section>',
    ].join('\n');
  });
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeMarkup(report.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeMarkup(report.title)}</h1><p class="sub">${escapeMarkup(report.subtitle)}</p>
${sections.join('\n')}
</body></html>
`;
  const file = join(directory, 'index.html');
  writeOutputFile(file, html, 'the HTML report');
  return file;
}
