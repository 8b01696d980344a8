/**
 * A small line chart as hand-written SVG (no charting dependency for one picture): p95 latency of a
 * few series against the participant count, on a log scale since volume commands take milliseconds
 * and `run --rm` seconds, with each series' target as a dashed line in its colour.
 */

export interface ChartSeries {
  label: string;
  color: string;
  /** p95 in ms per level, in the order of the chart's levels; null where there were no samples. */
  values: Array<number | null>;
  targetMs?: number;
}

const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { left: 70, right: 230, top: 40, bottom: 50 };

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fixed = (n: number) => n.toFixed(1);

function msLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

export function latencyChart(title: string, levels: number[], series: ChartSeries[]): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = series
    .flatMap((s) => [...s.values, s.targetMs ?? null])
    .filter((v): v is number => v !== null && v > 0);
  const low = Math.floor(Math.log10(Math.min(...values, 10)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values, 100))));
  const y = (ms: number) =>
    MARGIN.top + plotH - ((Math.log10(Math.max(ms, 10 ** low)) - low) / (high - low)) * plotH;
  // Levels are evenly spaced: 25, 50 and 100 would crowd the left on a linear axis.
  // Inset from the frame so the end points are not cut in half.
  const inset = 30;
  const x = (i: number) =>
    MARGIN.left + (levels.length === 1 ? plotW / 2 : inset + (i / (levels.length - 1)) * (plotW - 2 * inset));

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let power = low; power <= high; power++) {
    const ms = 10 ** power;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fixed(y(ms))}" y2="${fixed(y(ms))}" stroke="#e0e0e0"/>`,
      `<text x="${MARGIN.left - 8}" y="${fixed(y(ms) + 4)}" text-anchor="end" fill="#555">${msLabel(ms)}</text>`,
    );
  }
  levels.forEach((level, i) => {
    parts.push(
      `<text x="${fixed(x(i))}" y="${MARGIN.top + plotH + 20}" text-anchor="middle" fill="#555">${level}</text>`,
    );
  });
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle" fill="#333">participants</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">p95 latency (log scale)</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  );
  series.forEach((s, index) => {
    if (s.targetMs !== undefined) {
      parts.push(
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fixed(y(s.targetMs))}" y2="${fixed(y(s.targetMs))}" stroke="${s.color}" stroke-dasharray="5 4" opacity="0.6"/>`,
      );
    }
    const points = s.values.flatMap((v, i) => (v === null ? [] : [`${fixed(x(i))},${fixed(y(v))}`]));
    if (points.length > 1) {
      parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    }
    s.values.forEach((v, i) => {
      if (v === null) return;
      parts.push(
        `<circle cx="${fixed(x(i))}" cy="${fixed(y(v))}" r="3.5" fill="${s.color}"><title>${escapeXml(s.label)}: ${v} ms at ${levels[i]}</title></circle>`,
      );
    });
    const legendY = MARGIN.top + 10 + index * 34;
    const legendX = MARGIN.left + plotW + 16;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 18}" y1="${legendY}" y2="${legendY}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${legendX + 24}" y="${legendY + 4}">${escapeXml(s.label)}</text>`,
    );
    if (s.targetMs !== undefined) {
      parts.push(
        `<text x="${legendX + 24}" y="${legendY + 18}" fill="#666">target &lt; ${msLabel(s.targetMs)} (dashed)</text>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
