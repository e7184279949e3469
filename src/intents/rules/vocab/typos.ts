// Vocabulary (data, not rules): homophone typos that pinyin input methods produce for the words
// the parser anchors on (拜访 typed as 拜仿). Fixed before parsing; names are never touched.
export const TYPOS: Record<string, string> = {
  拜仿: '拜访', 拜方: '拜访', 摆访: '拜访', 拜放: '拜访', 败访: '拜访', 拜坊: '拜访',
  回仿: '回访',
  联习: '联系',
  电活: '电话', 点话: '电话', 店话: '电话',
  微心: '微信',
  签月: '签约', 签越: '签约',
  报介: '报价', 抱价: '报价', 保价单: '报价单',
  赢丹: '赢单', 输丹: '输单',
  电画: '电话', 电化: '电话',
  采够: '采购', 彩购: '采购',
  演式: '演示', 眼示: '演示',
  负则人: '负责人', 负债人: '负责人',
  文挡: '文档', 合痛: '合同',
  方按: '方案', 放案: '方案',
};
