// A figure the CUSTOMER wants, asks for or offers is theirs, not our deal's amount: a wish to
// lower the price ("老板想把价格压到25万", "希望我们降到60万", "they want it under 250k", "wants to
// squeeze it to 100k"), a counter-offer or a ceiling ("他们还价70万", "只能接受45万", "最多给40万",
// "预算卡在25万", "想25万拿下", "countered at $88k", "they asked for 250k"). Such a figure never
// becomes the deal amount; the rep's words keep it (activity summary) and the reply names it as
// not recorded.
//
// The test is by word position inside the figure's own clause, with the words kept as data:
//   • an ASK word (a counter-offer, a wish, a limit) right before the figure, or
//   • a WISH word earlier in the clause and a LOWERING verb right before the figure, or a LIMIT
//     word right after it ("希望总价25万以内"; not their budget: "预算80万以内" is the deal's size) — unless the lowering already happened
//     ("已经压到了", "最后谈到"): a settled price is ours;
//   • the price a wished-for lowering starts from ("想把价格从30万压到25万"): the current price
//     in their words, not a new figure of ours;
// and in all cases the speaker is not us ("我们想降到…", "we offered …" stay our figures).
import type { Amount } from './amounts.js';

/** Words saying someone wants or demands something (Chinese / English). 说 counts: "冯总说压到60万". */
const WISH_ZH = ['想要', '想把', '还想', '想', '希望', '要求', '非要', '坚持', '打算', '期望', '能不能', '能否', '可否', '可不可以', '让我们', '要我们', '叫我们', '逼我们', '要', '说'];
const WISH_EN = ['want', 'wants', 'wanted', 'wanting', 'would like', "'d like", 'hope', 'hopes', 'hoping', 'ask', 'asks', 'asked', 'asking', 'insist', 'insists', 'insisted', 'trying', 'try', 'tries', 'pushing', 'pushed', 'push', 'expect', 'expects', 'need', 'needs'];
/** Verbs that bring a price down, ending right before the figure ("压到", "降至", "砍成"). */
const LOWER_ZH = ['压', '砍', '降', '降低', '减', '打', '杀', '便宜', '让', '少', '压价', '砍价', '降价'];
const LOWER_EN_END = ['down to', 'under', 'below', 'less than', 'no more than', 'at most', 'within'];
/** Words after a figure that make it a ceiling ("25万以内", "under 250k" is LOWER_EN_END). */
const LIMIT_AFTER_ZH = ['以内', '之内', '以下'];
/** A lowering that starts from the figure: "从30万|压到25万" (the figure after it is the wish). */
const LOWER_FROM_ZH = ['压', '砍', '降', '降低', '减', '便宜', '压价', '砍价', '降价'];
const LOWER_FROM_EN = ['down to', 'to'];
const LOWER_EN_VERB = ['squeeze', 'cut', 'bring', 'get', 'push', 'knock', 'drop', 'lower', 'reduce', 'trim', 'negotiate', 'beat'];
/** Words that make the figure right after them the customer's own number. */
const ASK_ZH = ['还价', '想', '想要', '想用', '想以', '想按', '希望用', '希望以', '卡在', '卡死在', '卡到', '封顶', '上限', '控制在', '控制到', '压在', '不超过', '不能超过', '不要超过', '别超过', '不高于', '还了个价', '还了价', '回价', '出价', '开价', '只能接受', '只接受', '只肯出', '只肯给', '只愿意出', '只愿意给', '只愿意付', '只同意', '最多给', '最多出', '最多付', '最多能给', '最多能出', '最多只能给', '最多只能出', '最高给', '最高出', '最高只能给', '最高只能出', '最多能接受', '最多接受', '最高能接受', '最高接受', '顶多给', '顶多出', '顶多付', '顶多能给', '只给得起', '只出得起', '心理价位', '心理价', '目标价格', '目标价', '期望价格', '期望价', '希望价', '希望', '期望'];
const ASK_EN = ['capped at', 'capped it at', 'a cap of', 'cap of', 'caps at', 'topped out at', 'tops out at', 'no more than', 'not more than', 'not above', 'keep it under', 'keep it below', 'keep it within', 'countered at', 'countered with', 'counter-offered', 'counteroffered', 'counter-offer of', 'counteroffer of', 'counter offer of', 'counter of', 'asked for', 'asking for', 'are asking', 'is asking', 'pushing for', 'pushing us to', 'holding out for', 'willing to go to', 'willing to go up to', 'will only pay', 'would only pay', 'can only pay', 'can only afford', 'can only do', 'would only accept', 'will only accept', 'willing to pay', 'would accept', 'their target is', 'their target was', 'their target of', 'their target price is', 'their target price of', 'their ask is', 'their ask of', 'their offer is', 'their offer was', 'their offer of', 'they offered', 'they have offered', "they've offered", 'they countered', 'the most they can pay is', 'the most they will pay is', "the most they'll pay is"];

const alt = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

const ASK_BEFORE = new RegExp(`(?:${alt(ASK_ZH)})\\s*(?:是|为|在|到|成|了|只有|就)?\\s*$|(?<![a-z])(?:${alt(ASK_EN)})\\s*(?:(?:of|at|about|around|a|an|only|just)\\s+)*$`, 'i');
const LOWER_BEFORE = new RegExp(`(?:${alt(LOWER_ZH)})(?:价|价格)?\\s*(?:到|至|在|成)\\s*$|(?<![a-z])(?:${alt(LOWER_EN_END)})\\s*$`, 'i');
const LOWER_VERB_EN = new RegExp(`(?<![a-z])(?:${alt(LOWER_EN_VERB)})\\w*\\b[^,.;]*?\\bto\\s*$`, 'i');
const LIMIT_AFTER = new RegExp(`^\\s*(?:元|块)?\\s*(?:${alt(LIMIT_AFTER_ZH)})`);
const BUDGET = /预算|(?<![a-z])budget/i;
const FROM_BEFORE = /(?:从|由|(?<![a-z])from)\s*$/i;
const LOWER_FROM = new RegExp(`^\\s*(?:元|块)?\\s*(?:(?:${alt(LOWER_FROM_ZH)})(?:价|价格)?\\s*(?:到|至|成)|(?<![a-z])(?:${alt(LOWER_FROM_EN)}))\\s*(?=[\\d$¥零一二两三四五六七八九十百千])`, 'i');
const WISH = new RegExp(`(?:${alt(WISH_ZH)})|(?<![a-z])(?:${alt(WISH_EN)})(?![a-z])`, 'gi');
/** The lowering has happened: the figure is the settled price (从85万压到了78万 is annotated ours). */
const SETTLED = /(?:已经|已|终于|最后|最终|总算|后来|谈下来|结果)|(?<![a-z])(?:finally|eventually|already|ended up|agreed|settled)(?![a-z])/i;
/** We are the ones speaking ("我们想降到…", "we'd like to get it to …"): our own figure. */
const OURS_SPEAKING = /(?:我们|我方|我司|咱们|我)(?:也|还|就|都|这边|准备|本来)?(?:想|希望|打算|计划|准备|要)?\s*$|(?<![a-z])(?:I|we)(?:'d|'ll| would| will| also| really| still)?\s*$/i;
// A clause ends at these marks; the words before a figure are read back to there.
const CLAUSE_BREAK = /[，,。；;！!？?\n]|\s[-—–]\s|\.\s/g;

function clauseBefore(s: string, at: number): string {
  const before = s.slice(Math.max(0, at - 60), at);
  let cut = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(before); m; m = CLAUSE_BREAK.exec(before)) cut = m.index + m[0].length;
  return before.slice(cut);
}

/** True when the figure `a` in `s` is what the customer wants, asks for or offers (see above). */
export function isTheirAsk(s: string, a: Pick<Amount, 'start'> & Partial<Pick<Amount, 'end'>>): boolean {
  const clause = clauseBefore(s, a.start);
  const direct = ASK_BEFORE.exec(clause);
  if (direct) return !OURS_SPEAKING.test(clause.slice(0, direct.index));
  // "想把价格从30万压到25万": where their wished-for lowering starts is theirs too.
  if (a.end !== undefined && FROM_BEFORE.test(clause)) {
    const to = LOWER_FROM.exec(s.slice(a.end, a.end + 12));
    if (to) return isTheirAsk(s, { start: a.end + to[0].length });
  }
  // "希望总价25万以内" is a wished-for ceiling; their budget said with 以内 ("预算80万以内") is the deal's size.
  const limit = a.end !== undefined && LIMIT_AFTER.test(s.slice(a.end, a.end + 6)) && !BUDGET.test(clause);
  if (!limit && !LOWER_BEFORE.test(clause) && !LOWER_VERB_EN.test(clause)) return false;
  // The last wish word before the lowering verb, said by someone other than us.
  let wish: RegExpExecArray | null = null;
  WISH.lastIndex = 0;
  for (let m = WISH.exec(clause); m; m = WISH.exec(clause)) wish = m;
  if (!wish) return false;
  const after = clause.slice(wish.index + wish[0].length);
  if (SETTLED.test(after)) return false;
  return !OURS_SPEAKING.test(clause.slice(0, wish.index));
}
