// 丢单原因: the rep's words for why a deal was lost are kept as written; for the analysis they
// are also read for the competitor named ("输给了华为", "被金蝶抢走", "lost to Acme") and sorted
// into a few reason categories by keywords. Both are derived from the text, so the analysis can
// be recomputed whenever these rules improve.

export const LOST_CATEGORIES = ['price', 'competitor', 'needs', 'relationship', 'timing', 'budget', 'other'] as const;
export type LostCategory = (typeof LOST_CATEGORIES)[number];

export const LOST_CATEGORY_LABEL: Record<LostCategory, { zh: string; en: string }> = {
  price: { zh: '价格', en: 'Price' },
  competitor: { zh: '竞品', en: 'Competitor' },
  needs: { zh: '需求/产品不匹配', en: 'Needs / product fit' },
  relationship: { zh: '客户关系', en: 'Relationship' },
  timing: { zh: '项目暂停/延期', en: 'Project paused' },
  budget: { zh: '预算', en: 'Budget' },
  other: { zh: '其他', en: 'Other' },
};

const CATEGORY_WORDS: Array<[LostCategory, RegExp]> = [
  ['price', /价格|低价|价低|便宜|太贵|贵了|报价高|报价太高|压价|降价|折扣|(?<![a-z])(?:price|pricing|cheaper|expensive|discount)(?![a-z])/i],
  ['competitor', /竞品|竞争对手|对手|友商|输给|被.{1,12}(?:抢|截)|选了|选择了|(?<![a-z])(?:competitor|lost to|went with|chose)(?![a-z])/i],
  ['needs', /需求|功能|不满足|不符合|不匹配|不合适|产品|方案不|(?<![a-z])(?:feature|requirement|fit|functionality)(?![a-z])/i],
  ['relationship', /关系|人脉|关系户|内定|(?<![a-z])(?:relationship|incumbent)(?![a-z])/i],
  ['timing', /暂停|推迟|延期|搁置|冻结|取消了?项目|项目取消|不做了|(?<![a-z])(?:paused|postponed|on hold|cancelled|canceled|delayed)(?![a-z])/i],
  ['budget', /预算|没钱|资金|(?<![a-z])(?:budget|funding)(?![a-z])/i],
];

/** Reason categories the text mentions (a reason may name several); 'other' when none. */
export function lostCategories(reason: string | null | undefined): LostCategory[] {
  const text = (reason ?? '').trim();
  if (!text) return ['other'];
  const hits = CATEGORY_WORDS.filter(([, re]) => re.test(text)).map(([c]) => c);
  return hits.length ? hits : ['other'];
}

// "输给了华为" "被金蝶低价抢走" "客户选了用友" "lost to Acme" "went with Acme". The name is the
// run of name characters after the cue, up to a word that starts the rest of the sentence.
const NAME = '([A-Za-z][A-Za-z0-9&.\\- ]{1,30}[A-Za-z0-9]|[\\u4e00-\\u9fffA-Za-z0-9]{2,12}?)';
const STOP = '(?=低价|以低价|用低价|价格|的|了|抢|截|拿|签|，|,|。|；|;|！|!|\\s|$)';
const COMPETITOR_RULES: RegExp[] = [
  new RegExp(`输给了?(?:竞品|竞争对手|对手|友商)?${NAME}${STOP}`),
  new RegExp(`被(?:竞品|竞争对手|对手|友商)?${NAME}${STOP}`),
  new RegExp(`(?:选了|选择了|用了|换成了?|转向了?)(?:竞品|竞争对手|对手|友商)?${NAME}${STOP}`),
  /(?<![a-z])(?:lost (?:it )?to|went with|chose|picked)\s+([A-Z][A-Za-z0-9&.-]*(?:\s+[A-Z][A-Za-z0-9&.-]*)*)/,
];
const NOT_A_NAME = /^(?:竞品|竞争对手|对手|友商|别人|别家|其他家|其他公司|人家|客户|他们|我们|低价|价格|对方|抢走|抢了|截胡|the|a|an|another|someone|competitor|competitors)$/i;

/** The competitor a loss reason names, or null ("被竞品低价抢走" names none). */
export function lostCompetitor(reason: string | null | undefined): string | null {
  const text = (reason ?? '').trim();
  if (!text) return null;
  for (const re of COMPETITOR_RULES) {
    const m = re.exec(text);
    const name = m?.[1]?.trim();
    if (name && !NOT_A_NAME.test(name)) return name.slice(0, 100);
  }
  return null;
}
