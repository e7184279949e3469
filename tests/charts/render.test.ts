// Chart images without a browser: each analytics chart (funnel, ranking, target attainment,
// weekly trend) is drawn from figures like the answers' own, and must come out as a real PNG of
// the expected size whose SVG carries the Chinese labels, drawn with the bundled CJK font.
import { amountsOf } from '../../src/domain/money/totals.js';
import { describe, expect, it } from 'vitest';
import { chartFontFiles, formatAxisValue, renderChart, type ChartSpec } from '../../src/charts/render.js';
import { attainmentChart, chartFileName, funnelChart, rankingChart, trendChart } from '../../src/domain/analytics/charts.js';
import type { Funnel } from '../../src/domain/analytics/funnel.js';
import type { RankingRow } from '../../src/domain/analytics/rankings.js';
import type { AttainmentRow } from '../../src/domain/analytics/targets.js';
import { existsSync } from 'node:fs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function check(spec: ChartSpec, labels: string[]) {
  const out = renderChart(spec);
  const size = pngSize(out.png);
  expect(size).toEqual({ width: out.width, height: out.height });
  expect(size.width).toBeGreaterThanOrEqual(1000);
  // A drawn chart, not an empty canvas: PNGs of a blank 1200×600 canvas are a few KB.
  expect(out.png.length).toBeGreaterThan(15_000);
  for (const l of labels) expect(out.svg).toContain(l);
  expect(out.svg).toContain('Noto Sans Hans');
  return out;
}

const stage = (key: string, zh: string, count: number, amount: number, reached: number, conversion: number | null, closes: 'WON' | 'LOST' | null = null) =>
  ({ key, label: { zh, en: key }, closes, count, amount, amounts: amountsOf([{ currency: 'CNY', amount }]), reached, conversion, avgDays: closes ? null : 4 });
const money = (won: number) => ({ wonAmounts: amountsOf([{ currency: 'CNY', amount: won }]), paidAmounts: {}, plannedAmounts: {} });
const rankRow = (name: string, won: number, pipe: number, rank: number): RankingRow => ({
  userId: name, displayName: name, activities: 5, newCustomers: 1, newPipeline: pipe, wonAmount: won, newPipelineAmounts: amountsOf([{ currency: 'CNY', amount: pipe }]), wonAmounts: amountsOf([{ currency: 'CNY', amount: won }]),
  rank: { wonAmount: rank, newPipeline: 1, newCustomers: 1, activities: 1 },
});

describe('chart images', () => {
  it('ships the CJK font inside node_modules (no system font needed)', () => {
    for (const f of chartFontFiles()) expect(existsSync(f)).toBe(true);
  });

  it('funnel: bands per open stage, money in 万, the period’s won deals in the subtitle', () => {
    const f: Funnel = {
      openCount: 7, openAmount: 1_630_000, openAmounts: { CNY: 1_630_000 }, currency: 'CNY',
      stages: [stage('LEAD', '初步接触', 2, 300_000, 11, 0.64), stage('QUAL', '需求确认', 3, 880_000, 7, 0.43), stage('QUOTE', '方案报价', 2, 450_000, 3, null), stage('WON', '赢单', 1, 260_000, 0, null, 'WON'), stage('LOST', '输单', 0, 0, 0, null, 'LOST')],
    };
    const c = funnelChart(f, 'zh', '📊 二组 · 上月销售漏斗')!;
    expect(c.name).toBe('二组-上月销售漏斗');
    check(c.spec, ['二组 · 上月销售漏斗', '需求确认', '88万元', '转下一阶段 43%', '本期赢单 1 个']);
    expect(funnelChart({ openCount: 0, openAmount: 0, openAmounts: {}, currency: 'CNY', stages: [stage('LEAD', '初步接触', 0, 0, 0, null)] }, 'zh', 'x')).toBeNull();
  });

  it('ranking: one row per rep, first place on top, won and new pipeline bars', () => {
    const c = rankingChart([rankRow('周晓', 1_200_000, 0, 1), rankRow('钱多多', 350_000, 90_000, 2)], 'zh', '🏅 二组 · 本季度排名')!;
    const out = check(c.spec, ['1. 周晓', '2. 钱多多', '120万元', '赢单金额', '新增商机']);
    expect(out.svg.indexOf('1. 周晓')).toBeLessThan(out.svg.indexOf('2. 钱多多'));
    expect(rankingChart([], 'zh', 'x')).toBeNull();
  });

  it('target attainment: target and won per person with the rate', () => {
    const rows: AttainmentRow[] = [
      { userId: 'a', displayName: '孙悦', target: 500_000, won: 620_000, paid: 0, planned: 0, ...money(620_000), attainment: 1.24, gap: 0 },
      { userId: 'b', displayName: '吴迪', target: 800_000, won: 200_000, paid: 0, planned: 0, ...money(200_000), attainment: 0.25, gap: 600_000 },
      { userId: 'c', displayName: '没数据', target: null, won: 0, paid: 0, planned: 0, ...money(0), attainment: null, gap: null },
    ];
    const out = check(attainmentChart(rows, 'zh', '🎯 二组 · 2026年12月 目标完成情况')!.spec, ['孙悦', '吴迪', '62万元（124%）', '目标', '已成交']);
    // Nobody with neither a target nor a deal is drawn.
    expect(out.svg).not.toContain('没数据');
  });

  it('weekly trend: weeks as Monday dates, won bars and activity/new-customer lines; English too', () => {
    const monday = (d: number) => new Date(Date.UTC(2026, 10, d) - 8 * 3600_000);
    const weeks = [2, 9, 16, 23].map((d, i) => ({ start: monday(d), end: monday(d + 7), activities: [4, 9, 0, 6][i], newCustomers: [1, 0, 0, 2][i], wonAmount: [0, 150_000, 0, 70_000][i] }));
    check(trendChart(weeks, 'zh', '周晓 · 最近8周趋势', 'Asia/Shanghai')!.spec, ['11/2', '11/23', '跟进次数', '新客户', '15万元']);
    check(trendChart(weeks, 'en', 'Team · last 8 weeks', 'Asia/Shanghai')!.spec, ['Activities', 'New customers', '¥150,000']);
    expect(trendChart(weeks.map((w) => ({ ...w, activities: 0, newCustomers: 0, wonAmount: 0 })), 'zh', 'x', 'Asia/Shanghai')).toBeNull();
  });

  it('axis numbers and file names', () => {
    expect(formatAxisValue(350_000, 'money', 'zh')).toBe('35万');
    expect(formatAxisValue(2_500_000, 'money', 'en')).toBe('2.5M');
    expect(formatAxisValue(0.5, 'percent', 'zh')).toBe('50%');
    expect(chartFileName('📊 A/B: 漏斗?')).toBe('A-B-漏斗');
  });
});
