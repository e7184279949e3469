// User-facing text in Chinese (default) and English. Domain services build replies with these,
// adapters only deliver them. Keep every string a user can see in this file or in reply builders.
export type Lang = 'zh' | 'en';

export function langOf(locale: string | null | undefined): Lang {
  return locale && locale.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** 300000 -> "30万元" (zh) / "¥300,000" (en); small zh amounts keep the ¥ form. */
export function fmtMoney(amount: number | string | { toString(): string } | null | undefined, lang: Lang, currency = 'CNY'): string {
  if (amount === null || amount === undefined) return lang === 'zh' ? '未填' : 'n/a';
  const n = Number(amount.toString());
  if (!Number.isFinite(n)) return String(amount);
  const symbol = currency === 'CNY' ? '¥' : currency === 'USD' ? '$' : `${currency} `;
  if (lang === 'zh' && currency === 'CNY' && Math.abs(n) >= 10_000) {
    const wan = n / 10_000;
    return `${Number.isInteger(wan) ? wan : Number(wan.toFixed(2))}万元`;
  }
  return `${symbol}${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}

export function fmtPercent(ratio: number | null, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

export const ACTIVITY_LABEL: Record<string, Record<Lang, string>> = {
  VISIT: { zh: '拜访', en: 'Visit' },
  CALL: { zh: '电话', en: 'Call' },
  WECHAT: { zh: '微信', en: 'WeChat' },
  MEETING: { zh: '会议', en: 'Meeting' },
  EMAIL: { zh: '邮件', en: 'Email' },
  OTHER: { zh: '其他', en: 'Other' },
};

export const CONTACT_ROLE_LABEL: Record<string, Record<Lang, string>> = {
  DECISION_MAKER: { zh: '决策者', en: 'decision-maker' },
  USER: { zh: '使用者', en: 'user' },
  TECHNICAL: { zh: '技术负责人', en: 'technical lead' },
  COACH: { zh: '线人', en: 'coach' },
  OTHER: { zh: '其他', en: 'other' },
};

export const QUALIFICATION_LABEL: Record<string, Record<Lang, string>> = {
  VALUABLE: { zh: '有价值', en: 'valuable' },
  NOT_VALUABLE: { zh: '无价值', en: 'not valuable' },
  UNSURE: { zh: '待定', en: 'unsure' },
};

export const GRADE_LABEL: Record<string, Record<Lang, string>> = {
  BIG: { zh: '大单', en: 'big' },
  NORMAL: { zh: '普通', en: 'normal' },
  SMALL: { zh: '小单', en: 'small' },
};

export const LIFECYCLE_LABEL: Record<string, Record<Lang, string>> = {
  POTENTIAL: { zh: '潜在', en: 'potential' },
  SIGNED: { zh: '签约', en: 'signed' },
  REPEAT: { zh: '重复购买', en: 'repeat' },
  LOST: { zh: '失效', en: 'lost' },
};

type Params = Record<string, string | number>;
type Entry = Record<Lang, string | ((p: Params) => string)>;

const M = {
  empty: { zh: '消息是空的。请直接描述你的工作，例如：“今天下午拜访了方舟电子的刘兵，预计30万，下周二前发方案”。', en: 'The message is empty. Describe your work, e.g. "Visited Acme Corp today, met John (CTO), deal ~500k, send proposal by Friday".' },
  tooLong: {
    zh: (p) => `消息太长（${p.len} 字），一条请控制在 ${p.max} 字以内，可以分几条发送。没有记录任何内容。`,
    en: (p) => `That message is too long (${p.len} characters). Please keep it under ${p.max} and send several messages if needed. Nothing was recorded.`,
  },
  noText: { zh: '没有识别到文字内容（只有表情或符号）。请用文字描述拜访、电话或下一步计划。', en: 'No text found (only emoji or symbols). Please describe the visit, call or next step in words.' },
  notRegistered: {
    zh: (p) => `你还没有在销售助手中注册（${p.platform} 账号 ${p.id}）。请联系管理员发送：注册 ${p.id} 你的姓名`,
    en: (p) => `You are not registered with the sales assistant (${p.platform} id ${p.id}). Ask an admin to send: register ${p.id} <your name>`,
  },
  busy: { zh: '系统繁忙，这条消息没有保存，请稍后重发。', en: 'The system is busy; this message was not saved. Please send it again in a moment.' },
  unknown: {
    zh: '没太明白这条消息。你可以这样说：\n• 今天下午拜访了方舟电子的刘兵(技术负责人)，预计30万，下周二前发方案\n• 明天给王总打电话\n• 我的待办 / 客户 方舟电子 / 本月漏斗\n发送“帮助”查看全部用法。',
    en: 'Sorry, I did not understand that. Try:\n• Visited Acme Corp today, met John Smith (CTO), deal 500k, send proposal by Friday\n• Call Mr. Wang tomorrow\n• my tasks / customer Acme / pipeline this month\nSend "help" for everything I can do.',
  },
  help: {
    zh: '销售助手用法：\n【记录】直接描述工作，如“今天下午拜访了方舟电子的刘兵(技术负责人)，对报价有顾虑，预计30万，下周二前发修改方案”\n【待办】“明天给王总打电话” · “我的待办” · “完成 1” · “第2条推迟到周五” · 说“方舟电子的报价发过去了”即完成对应待办\n【客户】“客户 方舟电子” · “方舟电子设为热点客户，10月10日左右签单” · “新建客户 星河科技” · “星河科技标记失效”\n【签约回款】“方舟电子签约40万，首付款20万已到” · “回款计划：12月底收尾款10万” · “丢单原因：被竞品低价抢走”\n【更正】“金额改成40万” · “不是刘兵，是刘冰” · “撤销”\n【经理】“本月漏斗” · “本月排名” · “这周大家都做了什么” · “王强本月业绩如何” · “这个月能签哪些单子” · “哪些客户没跟进” · “本周周报” · “哪些回款逾期了” · “丢单原因分析” · “目标完成率” · “哪些客户可能流失” · “让王强明天回访方舟电子” · “催一下王强”',
    en: 'How to use the sales assistant:\n[Log] Describe your work: "Visited Acme Corp this afternoon, met John Smith (CTO), worried about price, deal 300k, send revised proposal by next Tuesday"\n[Tasks] "call Mr. Wang tomorrow" · "my tasks" · "done 1" · "postpone 2 to Friday" · saying "sent the quote to Acme" closes that task\n[Customers] "customer Acme" · "mark Acme as hot customer, closing around Oct 10" · "new customer Star River" · "mark Star River inactive"\n[Deals] "signed Acme for 400k, 200k payment received"\n[Fix] "amount should be 400k" · "not John, it is Jon" · "undo"\n[Managers] "pipeline this month" · "ranking this month" · "who did what this week" · "which deals close this month" · "how is Zhang San doing this month" · "customers not followed up" · "weekly report" · "overdue payments" · "lost reasons" · "target attainment" · "churn risk"',
  },
  chatterMood: { zh: '辛苦了！有要记录的随时发我。这条没有记录。', en: 'Hang in there! Send me anything you want recorded. Nothing was recorded from this.' },
  nothingToUndo: { zh: '没有可以撤销的记录。', en: 'There is nothing to undo.' },
  nothingToCorrect: { zh: '没有找到你最近的记录，无法更正。请直接重新描述。', en: 'I could not find a recent record of yours to correct. Please describe it again.' },
  queryNotSupported: { zh: '这个问题我暂时还回答不了。发送“帮助”看看我能回答哪些问题。', en: 'I cannot answer that question yet. Send "help" to see what I can answer.' },
  nothingStored: { zh: '没有记录任何内容。', en: 'Nothing was recorded.' },
  customerRequired: { zh: '请说明是哪家客户，例如：“方舟电子设为热点客户”。没有记录任何内容。', en: 'Which customer? e.g. "mark Acme as hot customer". Nothing was recorded.' },
  forbidden: { zh: '你没有权限查看或修改这部分数据。', en: 'You do not have permission to see or change that data.' },
} satisfies Record<string, Entry>;

export type MessageKey = keyof typeof M;

export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const v = (M[key] as Entry)[lang];
  return typeof v === 'function' ? v(params) : v;
}
