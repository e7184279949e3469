// Vocabulary (data, not rules) for positions in a sentence: the words after which a customer's
// name comes (拜访了X, 去了X, 给X的Y打电话, call X), the words that end a name (的, 那边, a
// department), the filler between a verb and its object (了, 一下, 一趟), and the English
// counterparts. ../customers.ts reads names off these positions instead of a list of companies.

/** Verbs whose object is the customer (a place we go, an organisation we meet, call or serve). */
export const CUSTOMER_VERBS = [
  '拜访', '回访', '走访', '探访', '到访', '造访', '拜会', '去', '到', '跑', '见', '会见', '约见', '约', '联系', '致电', '电话', '打电话给', '打给', '微信', '催', '催促',
  '跟进', '对接', '服务', '签下', '拿下', '搞定', '丢了', '输给', '参观', '考察', '调研', '陪同', '接待', '邀请', '宴请', '提交给', '发给', '寄给', '交给',
  '去一趟', '跑一趟', '走一趟', '上门', '登门', '面谈', '洽谈', '拜见', '见完', '杀到', '飞', '出差', '出差到', '驻场',
];

/** Verbs and prepositions that take "X的<thing>" or "X的<person>" objects (提交X的报价, 和X的采购开会). */
export const OBJECT_VERBS = [
  '提交', '整理', '准备', '做', '发', '寄', '送', '推进', '完成', '写', '改', '出', '修改', '更新', '确认', '落实', '处理', '跟', '和', '与', '同', '给', '在', '对',
  '把', '向', '帮', '替', '为', '找', '参加', '参与', '关于', '针对', '跟踪', '约了', '问', '请', '陪', '认识', '认识了', '从', '刚从',
];

/** Filler right after such a verb: 拜访了 / 去了一趟 / 回访一下 / 联系过. */
export const VERB_PARTICLES = ['了', '过', '完', '完了', '一下', '一趟', '趟', '一次', '下', '好', '到', '着', '了一趟', '了趟', '了一下', '上', '上了', '完毕', '结束', ':', '：'];

/** Words that end a name on the right ("方舟电子的", "立讯那边", "富士康两家"). */
export const NAME_ENDERS = [
  '的', '之', '那边', '这边', '那里', '这里', '那儿', '这儿', '方面', '这块', '那块', '家', '一家', '两家', '三家', '几家', '等', '等等', '们', '和', '与', '跟', '及',
  '以及', '或', '还有', '也', '都', '又', '就', '还', '则', '呢', '吧', '啊', '了', '吗', '说', '是', '在', '让', '要', '想', '有', '没', '不', '很', '挺', '会', '找', '出来',
];

/**
 * Words after a name that make it the subject of a deal update ("九洲医药 报价→谈判",
 * "育才中学输单", "蓝鲸物流阶段改成方案", "Pinecrest deal moved").
 */
export const DEAL_WORDS = [
  '阶段', '商机', '单子', '这单', '项目', '订单', '赢单', '输单', '丢单', '签单', '签约', '签了', '成交', '黄了', '没戏', '搞定', '拿下', '中标', '落标', '稳了',
  '悬了', '有戏', '成了', '凉了', '丢了', '赢了', '输了', '预计', '续约', '续签', '续费', '复购', '增购', '金额', '报价', '预算', '合同', '回款', '进入', '推到', '推进到', '到了', '已到', '改成', '改为', '更新', '状态', '→', '->',
];
export const DEAL_WORDS_EN = ['deal', 'account', 'opportunity', 'opp', 'renewal', 'contract', 'PO', 'moved', 'is', 'signed', 'closed', 'stage', 'pipeline'];

/** Labels in form-like messages: "客户：中联重科", "Customer: Acme". */
export const CUSTOMER_LABELS = ['客户名称', '客户名', '客户', '单位名称', '单位', '公司名称', '公司', '标热点', '热点客户', '热点', 'customer', 'client', 'account', 'company'];

/** English verbs/prepositions after which a capitalised name is the customer. */
export const CUSTOMER_VERBS_EN = [
  'visited', 'visit', 'visiting', 'called', 'call', 'calling', 'met with', 'meeting with', 'meet with', 'met', 'call with', 'demo for', 'demo to', 'demoed to', 'demo at',
  'presented to', 'pitched', 'pitch to', 'emailed', 'email to', 'email from', 'at', 'with', 'for', 'to', 'from', 'lost', 'won', 'signed', 'closed', 'flag', 'flagged',
  'mark', 'marked', 'renewal with', 'quote for', 'proposal for', 'deal with', 'onsite at', 'on-site at', 'chat with', 'sync with', 'followed up with', 'follow up with',
  'w/', 'call w/', 'meeting w/', 'team of', 'people of', 'folks of', 'from the', 'ring', 'ringing', 'lunch at', 'ping', 'pinged', 'remind me to call', 'lunch with', 'dinner with', 'went to', 'dropped by', 'stopped by', 'rang', 'popped into', 'popped in at',
  'dropped into', 'went down to', 'swung by', 'swing by', 'came by', 'headed to', 'drove to', 'toured', 'saw', 'send', 'sent', 'coffee with', 'drinks with', 'onboarding', 'kickoff with', 'kick-off with', 'QBR with', 'review with',
];

/** Meeting tools and channels, never customers ("Teams meeting", "over Google Meet", "开了Zoom"). */
export const NOT_ORG_EN = [
  'Teams', 'Zoom', 'Google Meet', 'Meet', 'Webex', 'Skype', 'Slack', 'WeChat', 'WeCom', 'Feishu', 'Lark', 'DingTalk', 'Tencent Meeting', 'Email', 'Phone',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'Mon', 'Tue', 'Tues', 'Wed', 'Thu', 'Thur', 'Thurs', 'Fri', 'Sat', 'Sun',
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Jan', 'Feb', 'Mar', 'Apr',
  'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'Today', 'Tomorrow', 'Yesterday', 'Next', 'Last', 'This', 'The', 'Our', 'Their', 'They', 'We',
  'I', 'He', 'She', 'It', 'Main', 'Early', 'Late', 'Had', 'Got', 'Demo', 'Tasks', 'Task', 'Todo', 'Needs', 'Budget', 'Deal', 'Lost', 'Won', 'Visited', 'Called',
  'Met', 'Mr', 'Ms', 'Mrs', 'Dr', 'CEO', 'CTO', 'CFO', 'COO', 'CIO', 'VP', 'HR', 'IT', 'PO', 'NDA', 'API', 'ERP', 'CRM', 'MES', 'LMS', 'SaaS', 'RFP', 'RFQ', 'POC',
  'Q1', 'Q2', 'Q3', 'Q4', 'EOD', 'EOW', 'EOM', 'ASAP', 'FYI', 'OK', 'Flag', 'Mark', 'Marking', 'Call', 'Visit', 'Send', 'Schedule', 'Follow', 'Please',
];

/**
 * Verbs that end a name: what the rep or the customer did ("X确认了", "X降到45万"). Unknown
 * brand names are often tagged as verbs by the segmenter (联想, 立白, 安踏), so a verb only ends
 * a name when it is one of these.
 */
export const COMMON_VERBS = [
  '是', '有', '没有', '说', '要', '想', '去', '来', '到', '做', '看', '开', '谈', '聊', '见', '发', '打', '签', '买', '卖', '用', '拿', '推', '降', '压', '提', '问', '催',
  '确认', '沟通', '交流', '讨论', '演示', '介绍', '汇报', '反馈', '回复', '表示', '觉得', '认为', '希望', '需要', '准备', '计划', '打算', '考虑', '决定', '同意', '答应',
  '拒绝', '采购', '购买', '合作', '签约', '下单', '付款', '验收', '测试', '上线', '部署', '使用', '评估', '招标', '投标', '报价', '进入', '推进', '退回', '降到', '压到',
  '谈到', '涨到', '改成', '改为', '更新', '透露', '提出', '要求', '负责', '参加', '参会', '出席', '接待', '安排', '约', '约了', '跟进', '联系', '拜访', '回访', '开会',
  '见面', '吃饭', '请', '帮', '让', '叫', '收到', '寄', '送', '寄出', '发送', '提交', '整理', '完成', '搞定', '拿下', '丢了', '输了', '赢了', '关注', '感兴趣', '犹豫',
  '担心', '顾虑', '满意', '认可', '同步', '对接', '了解', '调研', '参观', '考察', '试用', '采用', '选择', '选', '定', '定下来', '立项', '启动', '暂停', '取消', '延期',
  '推迟', '提前', '分管', '主管', '牵头', '拍板', '拍个板', '敲定', '定夺', '续约', '续费', '增加', '减少', '加到', '砍到', '降价', '压价', '比价', '询价', '还价', '议价', '报了', '报', '给', '给到', '出', '写', '改', '修改',
];
