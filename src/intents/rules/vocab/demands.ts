// Vocabulary (data, not rules): what a customer demands of us that is a concession on the deal —
// a lower price, a discount, longer payment terms, something for free. "客户要我们降10%" and
// "对方要求我们下个月再让5个点" report the customer's position in the negotiation; they are not a
// to-do of the rep's (../nextSteps.ts keeps them as the customer's words, noted, never a task).
// A deliverable asked of us ("要我们周五前报价", "让我们下周发方案") stays our step.

/**
 * How a concession starts, right after 要我们 / 要求我们 / 让我们 (a time, or 把 and what it is about —
 * "把账期延长到90天" — may stand between); regular-expression sources.
 */
export const CONCESSION_STARTS = [
  '降价', '降', '再降', '让利', '让', '再让', '打折', '打个折', '打[0-9一二三四五六七八九]+折', '便宜', '再便宜', '优惠(?![报价方案单])', '减价', '减免', '免费', '免', '少收', '少要', '压价',
  '延长账期', '延长质保', '延长', '放宽', '给(?:个|点|些)?(?:折扣|优惠|让利|赠品|返点)(?![报价方案单])', '返点', '多给', '赠送', '白送', '承担', '垫资', '先发货', '不收',
  // (送 / 打 / 包 / 压 alone are also 送到, 打电话, 包装, 压测: they are no concession by themselves)
];

/**
 * The terms a customer asks for ("客户要求分三期", "对方要求下个月分两批交货", "王总希望先试用两周"):
 * how the deal is to be paid, delivered or tried — their condition, noted with what they said,
 * never a to-do of ours (a deliverable they ask for, "要求周五前出方案", stays our step).
 * Regular-expression sources, read right after 要求/希望/坚持/提出 (a time may stand between).
 */
export const TERMS_ASKED = [
  '分(?:[一二两三四五六七八九十\\d]+|几)\\s*(?:期|批|次|笔|年|个阶段|阶段)', '分期', '分批', '分阶段', '先试用', '试用', '先试点', '先小批量', '账期', '月结', '季结', '货到付款', '按(?:月|季度?|年)付', '预付', '不付预付款', '包(?:安装|运费|培训)',
];

/**
 * The customer paying us — what they do, never a step of ours ("月底前打首款", "首付款下周一打过来",
 * "下周付清尾款"). A reminder to chase it (催款, 提醒我…) is ours and is read before these.
 * Regular-expression sources: a paying verb (with what is paid), or the money then how it comes.
 */
export const CUSTOMER_PAYS = [
  '(?:打|付|支付|转|汇|结)(?:一?(?:笔|部分))?(?:首付款?|首款|预付款?|尾款|余款|进度款|验收款|定金|订金|货款|款项?|钱)',
  '付清', '结清', '结款', '付款', '打款', '转账', '汇款',
  '(?:首付款?|首款|预付款?|尾款|余款|进度款|验收款|定金|订金|货款|款项?)\\s*(?:会|能|就|才|可以)?\\s*(?:打过来|转过来|汇过来|付过来|到账|到位|付清|结清|付|打|到)',
];

/**
 * The customer buying from us — what they do, never a step of ours ("准备二期再采购一批", "明年再增购
 * 两百套", "打算续费三年"). Regular-expression sources of the buying verb; ../nextSteps.ts wants a
 * quantity or the end of the clause after it (so "采购进度", "采购部" are no purchase) and no verb
 * of ours before it ("跟进他们采购", "催他们下单" stay ours).
 */
export const CUSTOMER_BUYS = ['采购', '购买', '买', '增购', '加购', '追加', '下单', '下订单', '扩容', '续费', '复购', '订货', '进货'];
/** What we do about their buying: with one of these before it, the clause is ours. */
export const OUR_PUSH = ['跟进', '谈', '聊', '沟通', '讨论', '商量', '催', '推动', '推进', '确认', '问', '落实', '了解', '对接', '协助', '帮', '配合', '让', '请', '说服', '争取', '促成', '引导', '提醒'];

/**
 * The customer's verbs for what they want to see or have ("客户想先看合同模板", "他们要一份报价单"):
 * the thing after one is what a bare verb of ours sends later ("我们明天发过去" → 发合同模板).
 */
export const WANTED_WITH = ['看', '看看', '要', '想要', '需要', '拿到', '收到', '过目', '参考', '审', '审核', '评估',
  // …and the verbs of what they ask of us ("要求周五前提供方案"): the thing asked for.
  '提供', '提交', '出', '给'];
