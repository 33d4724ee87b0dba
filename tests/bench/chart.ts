/**
 * Benchmark charts as plain SVG text: panels of grouped bars (one group per
 * category, one bar per series, the value written above each bar), so a
 * results file can sit next to a picture of itself without any chart library.
 */

export interface ChartPanel {
  title: string;
  unit: string;
  categories: string[];
  /** One value per category; NaN draws no bar. */
  series: Array<{ name: string; values: number[] }>;
}

const palette = ['#2f6fde', '#9bbcf2', '#e0793a', '#f2c29b', '#3a9a5b', '#a8d5b5'];
const panelWidth = 460;
const panelHeight = 280;
const margin = { top: 48, right: 16, bottom: 56, left: 48 };

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char]!,
  );
}

function label(value: number): string {
  if (!Number.isFinite(value)) return '';
  return Math.abs(value) >= 100
    ? value.toFixed(0)
    : Math.abs(value) >= 10
      ? value.toFixed(1)
      : value.toFixed(2);
}

function panelSvg(panel: ChartPanel, x: number, y: number): string {
  const plotWidth = panelWidth - margin.left - margin.right;
  const plotHeight = panelHeight - margin.top - margin.bottom;
  const values = panel.series.flatMap((series) => series.values).filter(Number.isFinite);
  const top = Math.max(...values, 0) * 1.15 || 1;
  const groupWidth = plotWidth / Math.max(1, panel.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, panel.series.length);
  const parts: string[] = [
    `<g transform="translate(${x},${y})">`,
    `<text x="${panelWidth / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(panel.title)}</text>`,
    `<text x="${margin.left - 6}" y="${margin.top - 8}" text-anchor="end" font-size="11">${escapeXml(panel.unit)}</text>`,
    `<line x1="${margin.left}" y1="${margin.top + plotHeight}" x2="${margin.left + plotWidth}" y2="${margin.top + plotHeight}" stroke="#444"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotHeight}" stroke="#444"/>`,
  ];
  panel.categories.forEach((category, group) => {
    const groupLeft = margin.left + group * groupWidth + groupWidth * 0.1;
    panel.series.forEach((series, index) => {
      const value = series.values[group] ?? Number.NaN;
      if (!Number.isFinite(value)) return;
      const height = (Math.max(0, value) / top) * plotHeight;
      const barX = groupLeft + index * barWidth;
      const barY = margin.top + plotHeight - height;
      parts.push(
        `<rect x="${barX.toFixed(1)}" y="${barY.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}" fill="${palette[index % palette.length]}"/>`,
        `<text x="${(barX + barWidth / 2 - 1).toFixed(1)}" y="${(barY - 3).toFixed(1)}" text-anchor="middle" font-size="9">${label(value)}</text>`,
      );
    });
    parts.push(
      `<text x="${(margin.left + (group + 0.5) * groupWidth).toFixed(1)}" y="${margin.top + plotHeight + 16}" text-anchor="middle" font-size="12">${escapeXml(category)}</text>`,
    );
  });
  let legendX = margin.left;
  panel.series.forEach((series, index) => {
    const legendY = panelHeight - 14;
    parts.push(
      `<rect x="${legendX}" y="${legendY - 9}" width="10" height="10" fill="${palette[index % palette.length]}"/>`,
      `<text x="${legendX + 14}" y="${legendY}" font-size="11">${escapeXml(series.name)}</text>`,
    );
    legendX += 24 + series.name.length * 6;
  });
  parts.push('</g>');
  return parts.join('\n');
}

/** An SVG document: a title line, a subtitle, then the panels two to a row. */
export function chartSvg(title: string, subtitle: string, panels: ChartPanel[]): string {
  const columns = Math.min(2, panels.length);
  const rows = Math.ceil(panels.length / 2);
  const width = columns * panelWidth;
  const height = 56 + rows * panelHeight;
  const body = panels.map((panel, index) =>
    panelSvg(panel, (index % 2) * panelWidth, 56 + Math.floor(index / 2) * panelHeight),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="17" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="44" font-size="12" fill="#555">${escapeXml(subtitle)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
