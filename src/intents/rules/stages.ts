// Stage words → stage keys, driven by getStages() so a team's own SALES_STAGES list works too.
// A stage label alone is often just a topic ("对报价有顾虑" is a concern about the quote, not the
// quotation stage), so most words only count next to a movement cue (进入/到了/moved to) or with
// 阶段/stage. Words that can only mean a state (已报价, 赢单, 丢单, 黄了, quoted) count alone.
import { getStages, type StageDef } from '../../domain/stages.js';
import { escapeRegExp } from './text.js';

interface Term {
  key: string;
  re: RegExp;
  strong: boolean;
  closes: boolean;
}

const CUE_BEFORE = /(?:→|->|=>|进入|进入了|进到|跳到|直接跳到|升到|已经|(?<![运旋好])转|(?<![推前促])进(?![行来去度展])|走到|到了|推进到|推到|退回到|退到|回到|进展到|转入|转到|处于|目前(?:还)?(?:是|在)?|现在(?:还)?(?:是|在)?|还是|还在|仍在|仍然在|仍是|都还在|都在|停在|卡在|已经在|已到|已进入|阶段(?:是|为)?[:：]?|阶段更新为|状态(?:是|为)?[:：]?|改成|改为|更新为|变成|(?<![a-z])(?:moved to|move to|moving to|now in|reached|entered|advanced to|progressed to|in|at|stage:?))\s*(?:the\s+)?$/i;
const RIVAL = /竞品|竞争对手|对手|友商|别家|另一家|(?<![a-z])(?:competitors?|rivals?|(?:other|another) (?:vendor|supplier)|the incumbent)(?![a-z])/i;
const CUE_AFTER = /^\s*(?:阶段|中(?=$|[\s,，。;；!！])|(?<![a-z])(?:stage|phase)(?![a-z]))/i;
const FUTURE_BEFORE = /预计|估计|计划|准备|争取|希望|(?<![理思感回梦猜设构联])想|有望|可能|打算|要|将|会|力争|expected|expect|plan|will|hope|likely|aim|going to|might|could/i;
const ALWAYS_STRONG_EN = /^(?:quoted|negotiating|qualified|closed won|closed lost|won the deal|lost the deal|lost to|went with a competitor|went with another vendor|chose a competitor|initial contact only|early stage|is lost|is won|signed the contract)$/i;

let cache: { stages: StageDef[]; terms: Term[]; any: RegExp } | undefined;

function terms(): Term[] {
  const stages = getStages();
  if (cache && cache.stages === stages) return cache.terms;
  const out: Term[] = [];
  for (const s of stages) {
    for (const word of [s.zh, s.en, ...s.synonyms]) {
      const w = word.trim();
      if (!w) continue;
      const cjk = /[\u3400-\u9fff]/.test(w);
      let src = escapeRegExp(w);
      // 需求确认 is also written 需求已确认 / 需求已经确认.
      if (cjk && [...w].length === 4) src += `|${escapeRegExp(w.slice(0, 2))}(?:已经|已|都已|基本)${escapeRegExp(w.slice(2))}`;
      const re = cjk ? new RegExp(src, 'g') : new RegExp(`(?<![A-Za-z])(?:${src.replace(/ /g, '[\\s-]+')})(?![A-Za-z])`, 'gi');
      const closes = Boolean(s.closes);
      // A four-character label (初步接触, 需求确认) names nothing but the stage; 报价/方案/谈判 also
      // name things and acts, so they need a cue.
      const strong = /阶段|^已/.test(w) || (w === s.zh && [...w].length >= 4) || ALWAYS_STRONG_EN.test(w) || (closes && !/^(?:失败|won|lost)$/i.test(w));
      out.push({ key: s.key, re, strong, closes });
    }
  }
  // Longer words first so 方案阶段 wins over 方案.
  out.sort((a, b) => b.re.source.length - a.re.source.length);
  cache = { stages, terms: out, any: new RegExp(out.map((t) => `(?:${t.re.source})`).join('|'), 'i') };
  return out;
}

/** Does the text contain any stage word at all? (One pass before the per-word checks.) */
function mentionsStage(text: string): boolean {
  terms();
  return cache!.any.test(text);
}

interface StageHit {
  key: string;
  index: number;
}

// English reports that start with the outcome: "Lost Copperline Media to …", "Won Acme!".
const EN_OUTCOME = /^(?:we\s+)?(lost|won)\b(?!\s+(?:the\s+)?(?:call|meeting|time))/i;

// Waiting for the signature (等/就等/待), able or willing to sign (可以/能/同意/愿意), or a decision
// still to be made right before it (拍板签约 without 了).
const WAITING_BEFORE = /(?:等|等着|待|可以|能|能够|同意|愿意|决定|确定|争取|有望)[^,，。;；!！?？\n]{0,8}$/;
const DECIDE_BEFORE = /(?:拍板|拍个板|定下来|敲定)\s*$/;
const DONE_BEFORE = /(?:已经?|都已经?|早就?|刚刚?|终于)[^,，。;；!！?？\n]{0,6}$/;

// Papers signed on the way that are not the deal's contract, after the signing word or before it.
const PAPERS = '保密协议|nda|意向书|意向协议|备忘录|mou|试用协议|测试协议|poc协议|授权书|委托书';
const NOT_THE_CONTRACT = new RegExp(`^(?:了|好|完|过)?\\s*(?:一份|个|份)?\\s*(?:${PAPERS}|合作意向)`, 'i');
const NOT_THE_CONTRACT_BEFORE = new RegExp(`(?:${PAPERS})(?:也|都)?(?:已经?)?$`, 'i');

function pendingClose(text: string, at: number, word: string, after: string): boolean {
  const clause = (text.slice(0, at).split(/[,，.。;；!！?？\n]/).pop() ?? '');
  if (WAITING_BEFORE.test(clause)) return true;
  if (!DECIDE_BEFORE.test(clause)) return false;
  // The form of the word may say it is done ("签了", "签下来了"), or 了/已 around it.
  return !(/了|完/.test(word) || /^\s*了/.test(after) || DONE_BEFORE.test(clause));
}

// English signing reports: "Brightwave signed! 180k", "X has signed", "contract signed today", "we
// signed X today". Not signing off/up/in, signing for a delivery, a paper that is not the contract
// (signed the NDA), nor a signing still ahead ("will be signed", "expect it signed next week").
const EN_SIGNED = /(?<![a-z])signed(?![a-z])(?!\s+(?:off|up|in|out|on\s+(?:as|to|with)\b|for\s+(?:the\s+|a\s+)?(?:delivery|package|parcel|shipment|receipt|samples?)|(?:the\s+|an?\s+|our\s+)?(?:nda|non-disclosure|mou|loi|letter of intent|memorandum|trial|poc|pilot|evaluation)))/gi;
const EN_SIGNED_AHEAD_BEFORE = /(?<![a-z])(?:to|be|get|gets|getting|once|when|if|until|till|before|not|never|yet|hasn'?t|haven'?t|didn'?t|won'?t|should|would|need|needs|waiting|wait|want|wants|ready)(?![a-z])[^,.;!?，。；！？]*$/i;
const EN_SIGNED_AHEAD_AFTER = /^\s*(?:next|by|tomorrow|later|soon|within|in\s+(?:a|\d+|two|three|few)\b|this\s+(?:coming|friday|week|month))/i;

// "Acme Robotics won, contract 240k", "Northwind is closed won": a customer's name opening the
// sentence, then won — the deal was won (not "the competitor won", "they won the tender").
const EN_SUBJECT_WON = /(?:^|[.!?;]\s+)(?!(?:We|They|He|She|It|I|You|Our|Their|The competitor|Competitor|Competition)\b)[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3}\s+(?:is\s+|was\s+|has\s+been\s+|finally\s+|just\s+)?(?:closed[\s-]+)?won(?![a-z])(?!\s+(?:the|a|an|their|its)\b)/;

function englishSigning(text: string): number | null {
  const won = EN_SUBJECT_WON.exec(text);
  if (won) return won.index + won[0].length - 3;
  EN_SIGNED.lastIndex = 0;
  let at: number | null = null;
  for (let m = EN_SIGNED.exec(text); m; m = EN_SIGNED.exec(text)) {
    const clause = text.slice(0, m.index).split(/[,.;!?，。；！？\n]/).pop() ?? '';
    if (FUTURE_BEFORE.test(clause) || EN_SIGNED_AHEAD_BEFORE.test(clause) || RIVAL.test(clause)) continue;
    if (EN_SIGNED_AHEAD_AFTER.test(text.slice(m.index + m[0].length))) continue;
    at = m.index;
  }
  return at;
}

/** The stage a narrative text states, or null. Uses the last stated stage ("从方案到了报价"). */
export function findStage(text: string): string | null {
  const outcome = EN_OUTCOME.exec(text.trim());
  const signedAt = /signed|won/i.test(text) ? englishSigning(text) : null;
  if (!outcome && signedAt === null && !mentionsStage(text)) return null;
  if (outcome) {
    const closes = /^lost$/i.test(outcome[1]) ? 'LOST' : 'WON';
    const key = getStages().find((s) => s.closes === closes)?.key;
    if (key) return key;
  }
  const wonKey = getStages().find((s) => s.closes === 'WON')?.key;
  let best: StageHit | null = signedAt !== null && wonKey ? { key: wonKey, index: signedAt } : null;
  for (const t of terms()) {
    t.re.lastIndex = 0;
    for (let m = t.re.exec(text); m; m = t.re.exec(text)) {
      const before = text.slice(Math.max(0, m.index - 16), m.index);
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 8);
      const variant = /已/.test(m[0]) && !/^已/.test(m[0]);
      // "阶段到谈判了", "现在到商务谈判了": 到 before the word and 了 after it is where the deal got to
      // (not 收到/拿到/看到 a thing).
      const arrived = /(?<![收拿看想提得遇做办找听达送寄等])到\s*$/.test(before) && /^\s*了/.test(after);
      const ok = t.strong || variant || arrived || CUE_BEFORE.test(before) || CUE_AFTER.test(after);
      if (!ok) continue;
      if (t.closes && FUTURE_BEFORE.test(text.slice(Math.max(0, m.index - 10), m.index))) continue;
      // "等王总拍板签约", "就等签约了", "可以签约了", "下周拍板签约": waiting for a decision is not a
      // signed deal; "拍板签约了" and "已经拍板签了" are.
      if (t.closes && pendingClose(text, m.index, m[0], after)) continue;
      if (/^(?:日期|时间|额|金额|价|率|date)/i.test(after)) continue;
      // "Their other vendor quoted 50k", "竞品已报价": someone else's stage, not this deal's.
      const clause = text.slice(0, m.index).split(/[,，.。;；!！?？\n]/).pop() ?? '';
      if (RIVAL.test(clause)) continue;
      // "签约意向很强" is an intention, "签约流程" a process: not a signed deal.
      if (t.closes && /^(?:意向|意愿|的意向|的可能|可能|计划|流程|条款|前|之前|仪式)/.test(after)) continue;
      // "签了保密协议", "意向书已签": a paper that is not the deal's contract (NDA, letter of intent,
      // memorandum, trial agreement) — signing it wins nothing. "已签收"/"签到" is a receipt, a check-in.
      if (t.closes && (NOT_THE_CONTRACT.test(after) || NOT_THE_CONTRACT_BEFORE.test(text.slice(Math.max(0, m.index - 8), m.index)))) continue;
      if (t.closes && /签$/.test(m[0]) && /^(?:收|到|证|批|发|呈|名)/.test(after)) continue;
      // "签约付40%，验收付50%", "签合同后付三成": when a payment falls due — payment terms, not a signing.
      if (t.closes && /^(?:后|时|当天|之后|以后)?\s*(?:付|支付|预付|打款|付款|结算|到账)/.test(after)) continue;
      if (!best || m.index > best.index) best = { key: t.key, index: m.index };
    }
  }
  return best?.key ?? null;
}

/** Lenient lookup for "阶段改成谈判": any stage word in the text, no cue needed. */
export function lookupStage(text: string): string | null {
  const stages = getStages();
  const exact = stages.find((s) => s.key === text.trim().toUpperCase());
  if (exact) return exact.key;
  let best: StageHit | null = null;
  for (const t of terms()) {
    t.re.lastIndex = 0;
    const m = t.re.exec(text);
    if (m && (!best || m.index < best.index)) best = { key: t.key, index: m.index };
  }
  return best?.key ?? null;
}

const NOT_VALUABLE = /没价值|没有价值|无价值|不值得|价值不大|价值很低|(?<![a-z])(?:not valuable|not worth|no value|low value|waste of time)(?![a-z])/i;
const VALUABLE = /有价值|值得跟|值得做|值得投入|价值很大|价值高|(?<![a-z])(?:valuable|worth pursuing|worth it|high value|high-value)(?![a-z])/i;
const UNSURE = /价值待定|价值不确定|不确定有没有价值|说不好有没有价值|(?<![a-z])(?:unsure|not sure if (?:it'?s )?worth)(?![a-z])/i;

export function findQualification(text: string): 'VALUABLE' | 'NOT_VALUABLE' | 'UNSURE' | null {
  if (NOT_VALUABLE.test(text)) return 'NOT_VALUABLE';
  if (UNSURE.test(text)) return 'UNSURE';
  if (VALUABLE.test(text)) return 'VALUABLE';
  return null;
}

const BIG = /大单|大项目|(?<![a-z])(?:big|large|huge) (?:deal|one|opportunity)(?![a-z])/i;
const SMALL = /小单|小项目|(?<![a-z])small (?:deal|one|opportunity)(?![a-z])/i;
const NORMAL = /普通(?!话)|一般的单|(?<![a-z])(?:normal|average|regular) (?:deal|one|opportunity)(?![a-z])/i;

export function findGrade(text: string): 'BIG' | 'NORMAL' | 'SMALL' | null {
  if (BIG.test(text)) return 'BIG';
  if (SMALL.test(text)) return 'SMALL';
  if (NORMAL.test(text)) return 'NORMAL';
  return null;
}
