// Server-side chart images: a small, domain-agnostic chart description (funnel, or bars/lines on
// categories) → Apache ECharts' server-side SVG renderer (no DOM, no browser) → PNG via resvg.
// The font is part of the install: Noto Sans CJK SC ("Noto Sans Hans", SIL OFL 1.1) from the
// npm package @embedpdf/fonts-sc, loaded by path with system fonts switched off, so a chart looks
// the same — Chinese included — on a fresh server, a laptop and CI. Callers (src/domain) give
// finished labels; this module only lays them out and formats axis numbers.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';

export type ChartLocale = 'zh' | 'en';
/** How axis numbers read: money in 万 (zh) or k (en), plain counts, or ratios as percent. */
export type ValueFormat = 'money' | 'count' | 'percent';

export interface FunnelChart {
  type: 'funnel';
  title: string;
  subtitle?: string;
  locale: ChartLocale;
  /** Top to bottom; `value` sets the width, `label` is written on the band. */
  stages: Array<{ name: string; value: number; label: string }>;
}

export interface CartesianSeries {
  name: string;
  kind: 'bar' | 'line';
  values: number[];
  /** Which value axis (0: first, 1: second, drawn on the other side). */
  axis?: 0 | 1;
  /** Text at each point (already formatted); none when omitted. */
  labels?: string[];
  color?: string;
}

export interface CartesianChart {
  type: 'cartesian';
  title: string;
  subtitle?: string;
  locale: ChartLocale;
  categories: string[];
  series: CartesianSeries[];
  /** One or two value axes. */
  axes: Array<{ name?: string; format: ValueFormat }>;
  /** Categories down the side, bars going right (rankings); the first category on top. */
  horizontal?: boolean;
}

export type ChartSpec = FunnelChart | CartesianChart;

export interface RenderedChart {
  png: Buffer;
  svg: string;
  width: number;
  height: number;
}

export const FONT_FAMILY = 'Noto Sans Hans';
const PALETTE = ['#3b6fd8', '#f0a030', '#36a372', '#d65454', '#8a63d2', '#5aa9c9'];
/** Pixel density of the PNG relative to the SVG's layout size (sharp on phones). */
const SCALE = 1.5;

let fontFiles: string[] | null = null;
/** The bundled CJK font files (regular and bold), resolved inside node_modules. */
export function chartFontFiles(): string[] {
  if (!fontFiles) {
    // The package exports only its index (dist/); the fonts sit beside dist/ in fonts/.
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    fontFiles = [path.join(dir, 'NotoSansHans-Regular.otf'), path.join(dir, 'NotoSansHans-Bold.otf')];
  }
  return fontFiles;
}

/** An axis number, short: 1234567 → "123.5万" / "1.2M". */
export function formatAxisValue(v: number, format: ValueFormat, locale: ChartLocale): string {
  if (format === 'percent') return `${Math.round(v * 100)}%`;
  if (format === 'count') return String(Math.round(v * 100) / 100);
  const a = Math.abs(v);
  if (locale === 'zh') return a >= 10_000 ? `${Number((v / 10_000).toFixed(a >= 1e6 ? 0 : 1))}万` : String(v);
  if (a >= 1e6) return `${Number((v / 1e6).toFixed(1))}M`;
  return a >= 1000 ? `${Number((v / 1000).toFixed(0))}k` : String(v);
}

function titleOption(spec: ChartSpec) {
  return {
    text: spec.title,
    subtext: spec.subtitle ?? '',
    left: 'center',
    top: 12,
    textStyle: { fontSize: 20, fontWeight: 'bold', color: '#222' },
    subtextStyle: { fontSize: 13, color: '#666' },
  };
}

function funnelOption(spec: FunnelChart) {
  const max = Math.max(1, ...spec.stages.map((s) => s.value));
  return {
    title: titleOption(spec),
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '4%',
        width: '92%',
        top: spec.subtitle ? 84 : 64,
        bottom: 20,
        min: 0,
        max,
        // Wide enough at the bottom for the band's text.
        minSize: '50%',
        gap: 3,
        label: { show: true, position: 'inside', color: '#fff', fontSize: 13, formatter: (p: { dataIndex: number }) => spec.stages[p.dataIndex].label },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        data: spec.stages.map((s, i) => ({ name: s.name, value: s.value, itemStyle: { color: PALETTE[i % PALETTE.length] } })),
      },
    ],
  };
}

function cartesianOption(spec: CartesianChart) {
  const categoryAxis = {
    type: 'category',
    data: spec.categories,
    inverse: !!spec.horizontal,
    axisLabel: { fontSize: 13, color: '#333', interval: 0, width: spec.horizontal ? 110 : 90, overflow: 'truncate' },
    axisTick: { alignWithLabel: true },
  };
  const valueAxes = spec.axes.map((a, i) => ({
    type: 'value',
    name: a.name ?? '',
    nameTextStyle: { color: '#666', fontSize: 12 },
    position: spec.horizontal ? (i === 0 ? 'bottom' : 'top') : i === 0 ? 'left' : 'right',
    splitLine: { show: i === 0, lineStyle: { color: '#e6e6e6' } },
    // Counts have whole-number ticks.
    ...(a.format === 'count' ? { minInterval: 1 } : {}),
    axisLabel: { color: '#555', fontSize: 12, formatter: (v: number) => formatAxisValue(v, a.format, spec.locale) },
  }));
  const series = spec.series.map((s, i) => ({
    type: s.kind,
    name: s.name,
    data: s.values,
    ...(spec.horizontal ? { xAxisIndex: s.axis ?? 0 } : { yAxisIndex: s.axis ?? 0 }),
    itemStyle: { color: s.color ?? PALETTE[i % PALETTE.length] },
    ...(s.kind === 'line' ? { symbolSize: 8, lineStyle: { width: 3 } } : { barMaxWidth: 36 }),
    label: s.labels
      ? { show: true, position: spec.horizontal ? 'right' : 'top', fontSize: 12, color: '#333', formatter: (p: { dataIndex: number }) => s.labels![p.dataIndex] ?? '' }
      : { show: false },
  }));
  return {
    title: titleOption(spec),
    legend: { show: spec.series.length > 1, bottom: 8, textStyle: { fontSize: 13, color: '#333' } },
    grid: { left: 24, right: spec.horizontal ? 90 : 32, top: spec.subtitle ? 96 : 76, bottom: spec.series.length > 1 ? 48 : 24, containLabel: true },
    xAxis: spec.horizontal ? valueAxes : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : valueAxes,
    series,
  };
}

/** Layout size: horizontal charts grow with the number of rows. */
function sizeOf(spec: ChartSpec): { width: number; height: number } {
  if (spec.type === 'funnel') return { width: 800, height: Math.max(420, 140 + spec.stages.length * 64) };
  if (spec.horizontal) return { width: 800, height: Math.max(320, 150 + spec.categories.length * spec.series.filter((s) => s.kind === 'bar').length * 26 + spec.categories.length * 14) };
  return { width: 800, height: 460 };
}

/** The chart as SVG text (what ECharts draws; the PNG is made from this). */
export function renderChartSvg(spec: ChartSpec): { svg: string; width: number; height: number } {
  const { width, height } = sizeOf(spec);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      ...(spec.type === 'funnel' ? funnelOption(spec) : cartesianOption(spec)),
    });
    return { svg: chart.renderToSVGString(), width, height };
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG (and the SVG it came from). */
export function renderChart(spec: ChartSpec): RenderedChart {
  const { svg, width, height } = renderChartSvg(spec);
  const resvg = new Resvg(svg, {
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: SCALE },
    background: '#ffffff',
  });
  const png = Buffer.from(resvg.render().asPng());
  return { png, svg, width: Math.round(width * SCALE), height: Math.round(height * SCALE) };
}
