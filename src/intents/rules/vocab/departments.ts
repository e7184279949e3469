// Vocabulary (data, not rules): departments inside a customer's organisation. "采购部", "信息中心",
// "金融科技部", "检验科" end a company's name and are never a company themselves.

/** What a department is about. */
export const DEPARTMENT_STEMS = [
  '采购', '技术', '信息', '信息技术', '科技', '金融科技', '数字化', '数据', 'IT', '财务', '行政', '人事', '人力资源', 'HR', '市场', '营销', '销售', '商务', '运营', '生产',
  '设备', '工程', '项目', '品牌', '物流', '仓储', '供应链', '政企', '法务', '审计', '质量', '品质', '质检', '研发', '产品', '客服', '总经办', '办公', '教务', '检验',
  '厂务', '后勤', '基建', '合规', '风控', '网络', '安全', '业务', '计划', '战略', '投资', '综合', '党政', '外联', '公关', '招标', '招采', '物资', '资产', '保卫',
  '医务', '护理', '药剂', '信息化', '电教', '总务', '学生', '人资', '营业', '渠道', '电商', '新媒体', '设计', '测试', '实施', '交付', '售后', '物业', '能源', '动力', '品类', '门店', '大客户', 'KA', '供应', '设施', '工艺', '车间', '行政后勤', '信科', '科创', '数智',
  '品控', '品管', '科研', '储运', '调度', '理赔', '经营', '企划', '运维', '结算', '稽核', '内控', '临床', '医学', '注册', '培训', '教学', '校办', '院办', '厂办', '安环', '工务', '采销', '放射', '影像', '药学', '计量', '档案',
];

/** Department words: the stems above take these ("采购部", "信息中心", "检验科", "研发团队"). */
export const DEPARTMENT_SUFFIXES = ['部', '部门', '中心', '处', '科', '室', '组', '团队', '线', '办', '司', '局', '事业部', '事业群', '群'];

/**
 * English functions a title heads ("VP Ops", "Director of Procurement", "Head of IT"): after a
 * title they are part of it, never the first word of the person's name.
 */
export const FUNCTIONS_EN = [
  'Ops', 'Operations', 'Sales', 'Marketing', 'Engineering', 'Finance', 'Procurement', 'Purchasing', 'IT', 'HR', 'Product', 'Supply Chain', 'Logistics',
  'Facilities', 'Security', 'Legal', 'Quality', 'R&D', 'Manufacturing', 'Nursing', 'Data', 'Infrastructure', 'Technology', 'Compliance', 'Risk', 'Customer Success',
];

/**
 * What an honorific means after a department word: the person heads or works in that function,
 * whatever the honorific alone would say ("财务刘总" is the finance head, not the 总经理; "研发李工"
 * is a 研发工程师). The department comes first ("采购部" + 经理 → 采购部经理); '' keeps the
 * department alone ("财务王姐" → 财务). Honorifics not listed (院长, 董事长…) keep their own title.
 */
export const DEPARTMENT_HONORIFIC_TITLES: Record<string, string> = {
  总: '负责人', 副总: '副总', 总监: '总监', 经理: '经理', 副经理: '副经理', 主任: '主任', 副主任: '副主任', 主管: '主管',
  工: '工程师', 工程师: '工程师', 部长: '部长', 副部长: '副部长', 科长: '科长', 处长: '处长', 副处长: '副处长', 处: '处长',
  组长: '组长', 老师: '老师', 专员: '专员', 助理: '助理', 姐: '', 哥: '', 女士: '', 先生: '', 小姐: '',
};
