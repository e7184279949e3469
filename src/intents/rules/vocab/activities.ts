// Vocabulary (data, not rules): the words that say a contact with the customer was a visit — we
// went to them (拜访, 上门, 走访) or they came to us (来访, 到访, 参观, 考察). ../activity.ts reads
// them in narrative clauses only: a visit still ahead or one the customer side only plans
// ("他们月底来参观", "下周二X来访") is no activity.

/** Chinese words for a visit, either way round. */
export const VISIT_WORDS = [
  '拜访', '回访', '上门', '登门', '走访', '见了', '见到', '见完', '面谈', '见面', '现场', '去了', '去过', '跑了', '跑一趟', '转了一圈', '逛了一圈',
  '到访', '来访', '造访', '参观', '考察', '来公司', '来我们公司', '来我司',
  // meeting in person, briefly: "跟X的王总碰了一下", "见了个面", "碰了个面", "坐下来聊了聊"
  '碰了一下', '碰了下', '碰了个面', '碰了面', '碰过面', '碰了一面', '碰个面', '见了个面', '见了一面', '见过面', '见了面', '坐了坐', '坐下来聊',
];

/** English words for a visit (whole words). */
export const VISIT_WORDS_EN = ['visited', 'visit', 'meeting in person', 'onsite', 'on-site', 'dropped by', 'stopped by', 'went to', 'swung by', 'swing by', 'popped in', 'toured', 'came by', 'came in', 'came over'];

/**
 * What is arranged with someone, said after when: "约了刘总，周四|吃饭", "约了X的赵总明天下午|见面".
 * After a clause that is only 约 + whom, a clause opening with a time and one of these is the same
 * arrangement — a step ahead, never a meeting that already happened.
 */
export const ARRANGED_MEETINGS = [
  '见面', '见个面', '碰面', '碰个面', '碰一下', '面谈', '聊聊', '聊一下', '吃饭', '吃个饭', '喝茶', '喝个茶', '开会', '开个会', '视频', '通电话', '演示', '交流', '拜访', '上门', '过去', '去',
];

/**
 * Things we send the customer by post or courier (samples, printed materials, gifts): sending
 * them is a contact of ours (其他), the thing said before the verb ("样品我们已经寄出了") or after
 * it ("寄了一批样品").
 */
export const SENT_THINGS = ['样品', '样机', '样件', '样册', '样本', '样板', '资料', '材料', '礼品', '合同', '标书', '手册', '宣传册', '彩页', '画册', '试用装', '样衣', '样书'];
/** Verbs of sending them off; ../activity.ts wants 了 right after (done): 寄出了, 发出了, 快递了. */
export const SENT_VERBS = ['寄', '寄出', '寄出去', '寄过去', '寄走', '发出', '发出去', '发走', '发过去', '快递', '快递过去', '邮寄', '邮过去', '送过去', '送到'];
/** English: what is shipped to the customer (whole words, singular or plural). */
export const SENT_THINGS_EN = ['sample', 'samples', 'unit', 'units', 'demo unit', 'demo units', 'brochure', 'brochures', 'materials', 'gift', 'gifts', 'hardware', 'kit', 'kits', 'swag'];

/**
 * How a call went when nobody was reached ("打了刘总电话没人接", "一直占线"): what happened to the
 * call, never a customer's or a person's name (vocab/organizations.ts NOT_A_CUSTOMER folds them in).
 */
export const CALL_OUTCOMES = [
  '没人接', '没人接听', '无人接', '无人接听', '没接', '没接通', '未接', '未接通', '不接', '没打通', '打不通', '没通', '占线', '一直占线', '关机', '停机',
  '不在服务区', '无法接通', '暂时无法接通', '挂了', '被挂了', '挂断', '拒接', '被拒接', '没回', '没回电', '未回电', '语音信箱',
];
