// The chart that goes with an analytics answer (funnel, ranking, target attainment, weekly
// trend): the answer's own figures turned into a chart description for src/charts. The text
// answer stays as it is; the picture is an extra, sent as an image where the platform shows one
// (messages/attachments.ts queues it). Titles carry no emoji: the chart font has none.
// Bars are drawn in the team's reporting currency only (a bar cannot add currencies, and nothing
// is converted); funnel labels print every currency as the text does (money/totals.ts).
import type { CartesianChart, ChartSpec, FunnelChart } from '../../charts/render.js';
import { fmtMoney, fmtPercent, type Lang } from '../i18n.js';
import { toLocal } from '../time.js';
import type { Funnel } from './funnel.js';
import type { RankingRow } from './rankings.js';
import type { AttainmentRow } from './targets.js';
import type { TrendWeek } from './trend.js';
import { DEFAULT_CURRENCY, fmtAmounts } from '../money/totals.js';

/** A chart to send with the answer, and the file name it is sent under. */
export interface AnswerChart {
  spec: ChartSpec;
  /** File name without extension (the PNG is "<name>.png"). */
  name: string;
}

/** At most this many people in a ranking / attainment chart (the text lists everyone). */
export const MAX_CHART_ROWS = 15;

const stripEmoji = (s: string) => s.replace(/[\p{Extended_Pictographic}\uFE0F\u200D]/gu, '').trim();
/** A file-name-safe version of a title. */
export function chartFileName(title: string): string {
  return stripEmoji(title).replace(/[\\/:*?"<>|\s·]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'chart';
}

export function funnelChart(f: Funnel, lang: Lang, title: string): AnswerChart | null {
  const zh = lang === 'zh';
  const path = f.stages.filter((s) => !s.closes);
  if (!f.stages.some((s) => s.count > 0)) return null;
  const won = f.stages.find((s) => s.closes === 'WON');
  const lost = f.stages.find((s) => s.closes === 'LOST');
  const closed = [
    won ? (zh ? `本期赢单 ${won.count} 个 · ${fmtAmounts(won.amounts, lang, f.currency)}` : `Won in period: ${won.count} · ${fmtAmounts(won.amounts, lang, f.currency)}`) : '',
    lost ? (zh ? `输单 ${lost.count} 个` : `lost: ${lost.count}`) : '',
  ].filter(Boolean);
  const spec: FunnelChart = {
    type: 'funnel',
    title: stripEmoji(title),
    subtitle: [zh ? `在途 ${f.openCount} 个 · ${fmtAmounts(f.openAmounts, lang, f.currency)}` : `Open: ${f.openCount} · ${fmtAmounts(f.openAmounts, lang, f.currency)}`, ...closed].join('   '),
    locale: lang,
    // Width: deals that reached the stage (monotonic); text: who is in it now, and conversion on.
    stages: path.map((s) => ({
      name: s.label[lang],
      value: s.reached,
      label: [
        `${s.label[lang]}  ${zh ? `${s.count} 个` : `${s.count} deal${s.count === 1 ? '' : 's'}`}${s.count ? ` · ${fmtAmounts(s.amounts, lang, f.currency)}` : ''}`,
        s.conversion !== null ? (zh ? `转下一阶段 ${fmtPercent(s.conversion, 0)}` : `to next ${fmtPercent(s.conversion, 0)}`) : '',
      ].filter(Boolean).join('   '),
    })),
  };
  return { spec, name: chartFileName(title) };
}

export function rankingChart(rows: RankingRow[], lang: Lang, title: string, currency = DEFAULT_CURRENCY): AnswerChart | null {
  const zh = lang === 'zh';
  const top = rows.slice(0, MAX_CHART_ROWS);
  if (!top.length) return null;
  const spec: CartesianChart = {
    type: 'cartesian',
    title: stripEmoji(title),
    subtitle: rows.length > top.length ? (zh ? `前 ${top.length} 名（共 ${rows.length} 人）` : `Top ${top.length} of ${rows.length}`) : undefined,
    locale: lang,
    horizontal: true,
    categories: top.map((r) => `${r.rank.wonAmount}. ${r.displayName}`),
    axes: [{ format: 'money' }],
    series: [
      { name: zh ? '赢单金额' : 'Won', kind: 'bar', values: top.map((r) => r.wonAmount), labels: top.map((r) => (r.wonAmount ? fmtMoney(r.wonAmount, lang, currency) : '')) },
      { name: zh ? '新增商机' : 'New pipeline', kind: 'bar', values: top.map((r) => r.newPipeline), labels: top.map((r) => (r.newPipeline ? fmtMoney(r.newPipeline, lang, currency) : '')) },
    ],
  };
  return { spec, name: chartFileName(title) };
}

export function attainmentChart(rows: AttainmentRow[], lang: Lang, title: string, currency = DEFAULT_CURRENCY): AnswerChart | null {
  const zh = lang === 'zh';
  const shown = rows.filter((r) => r.target !== null || r.won > 0).slice(0, MAX_CHART_ROWS);
  if (!shown.length) return null;
  const spec: CartesianChart = {
    type: 'cartesian',
    title: stripEmoji(title),
    locale: lang,
    horizontal: true,
    categories: shown.map((r) => r.displayName),
    axes: [{ format: 'money' }],
    series: [
      { name: zh ? '目标' : 'Target', kind: 'bar', values: shown.map((r) => r.target ?? 0), color: '#b8c4d6', labels: shown.map((r) => (r.target === null ? (zh ? '未设' : 'none') : fmtMoney(r.target, lang, currency))) },
      { name: zh ? '已成交' : 'Won', kind: 'bar', values: shown.map((r) => r.won), color: '#36a372', labels: shown.map((r) => `${fmtMoney(r.won, lang, currency)}${r.attainment !== null ? `（${fmtPercent(r.attainment, 0)}）` : ''}`) },
    ],
  };
  return { spec, name: chartFileName(title) };
}

export function trendChart(weeks: TrendWeek[], lang: Lang, title: string, tz: string, currency = DEFAULT_CURRENCY): AnswerChart | null {
  const zh = lang === 'zh';
  if (!weeks.some((w) => w.activities || w.wonAmount || w.newCustomers)) return null;
  const spec: CartesianChart = {
    type: 'cartesian',
    title: stripEmoji(title),
    subtitle: zh ? '每周（周一至周日）以周一的日期标注' : 'Weeks (Monday to Sunday) labelled by their Monday',
    locale: lang,
    categories: weeks.map((w) => {
      const l = toLocal(w.start, tz);
      return `${l.month}/${l.day}`;
    }),
    axes: [{ name: zh ? '赢单金额' : 'Won', format: 'money' }, { name: zh ? '次数 / 个数' : 'Count', format: 'count' }],
    series: [
      { name: zh ? '赢单金额' : 'Won', kind: 'bar', values: weeks.map((w) => w.wonAmount), axis: 0, labels: weeks.map((w) => (w.wonAmount ? fmtMoney(w.wonAmount, lang, currency) : '')) },
      { name: zh ? '跟进次数' : 'Activities', kind: 'line', values: weeks.map((w) => w.activities), axis: 1 },
      { name: zh ? '新客户' : 'New customers', kind: 'line', values: weeks.map((w) => w.newCustomers), axis: 1 },
    ],
  };
  return { spec, name: chartFileName(title) };
}
