// Vocabulary (data, not rules): how reps introduce a company that works with us or with the
// customer but is not the customer — our supplier, an agent or channel partner, a subcontractor.
// "跟供应商华东电缆谈了进货价" made 华东电缆 a customer, and "代理商深圳锐捷说下个月帮我们推两个项目"
// made their promise our task. A name right after one of these words (or "X是我们的供应商") is
// dropped from the customers by ../customers.ts (pick.thirdParties), its people are no customer
// contacts (../index.ts), and what it says or promises to do is theirs, not our step
// (../nextSteps.ts). The words stay in the activity's summary.

/** Words that say a company is a third party, said right before its name. Longest match wins. */
export const THIRD_PARTY_WORDS = [
  '供应商', '供货商', '原材料供应商', '代理商', '总代理', '渠道商', '渠道伙伴', '经销商', '分销商', '总经销', '合作伙伴', '合作方', '合作商',
  '分包商', '分包方', '承包商', '外包商', '外包方', '集成商', '系统集成商', '服务商', '服务提供商', '代工厂', '加工厂', '物流商', '承运商', '运输商',
  'supplier', 'distributor', 'reseller', 'channel partner', 'subcontractor', 'integrator',
];
