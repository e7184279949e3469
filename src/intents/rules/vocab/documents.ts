// Vocabulary (data, not rules): papers and things whose names hold a verb of a kind of step —
// 确认书 holds 确认, 发票 holds 发, 签收单 holds 签. In "发需求确认书" the step is sending; a
// message that "确认了需求清单" confirmed something and sent nothing. The reported-step check
// (domain/tasks/reported.ts) reads a step's kind from its words with these names taken out.
export const DOCUMENT_NOUNS = [
  '确认书', '确认函', '确认单', '确认表', '确认邮件', '确认件',
  '发票', '发货单', '发货通知', '发货清单', '发文', '发函',
  '签收单', '签收表', '签呈', '签字页', '签章页', '签到表', '签批单',
  '约定', '合约', '预约单', '邀约函',
  '打样单', '做法', '写法', '改版说明', '修改意见', '更新说明', '准备金',
  '交货单', '交接单', '交付物', '交付清单', '送货单', '送检单', '寄件单', '提交记录',
  'confirmation letter', 'confirmation form', 'delivery note', 'sign-off sheet', 'invoice',
];

// Things a rep sends, brings or prepares — 报价单, 技术方案, 标书, 样机. Found where a customer
// usually stands ("报价单发给吴工"), a weak guess made of these words is the thing, never who
// (intents/rules/customers.ts). A company named with such a word ends in an org word and stays.
export const DELIVERABLES = [
  '报价单', '报价表', '报价', '方案', '技术方案', '解决方案', '方案书', '建议书', '计划书', '标书', '投标文件', '招标文件',
  '资料', '产品资料', '宣传册', '彩页', '样品', '样机', '说明书', '手册', '规格书', '参数表', '合同', '合同草稿', '合同文本',
  '协议', '补充协议', '授权书', '资质文件', '资质', '案例', '清单', '需求清单', '需求文档', '排期表', '进度表', 'PPT', '演示文稿',
];
