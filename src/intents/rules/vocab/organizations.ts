// Vocabulary (data, not rules): the words that end or extend an organisation's name. A run of
// name-like characters that ends in one of these is a company ("瑞康药业", "天虹纺织",
// "Tidewater Shipping"); a name without one ("华为", "顺丰") is found by its position instead
// (see ../customers.ts). Add industries here, never special-case a company in code.

import { CALL_OUTCOMES } from './activities.js';

/** Chinese industry and organisation words, as they end a name. Longest match wins. */
export const ORG_SUFFIXES_ZH = [
  // legal forms and groups
  '股份有限公司', '有限责任公司', '有限公司', '分公司', '公司', '集团', '控股', '股份', '实业', '企业', '工作室', '合作社', '商行', '商号',
  // technology and industry
  '科技', '技术', '电子', '电器', '电气', '电力', '电网', '信息', '软件', '网络', '数据', '数码', '智能', '智造', '通信', '通讯', '半导体', '微电子',
  '冷链', '文旅', '物联', '安防', '速运', '认证', '光电', '光学', '光能', '光伏', '新能源', '能源', '石化', '石油', '化工', '化学', '材料', '新材', '钢铁', '钢材', '特钢', '建材', '五金', '机械', '机电',
  '装备', '设备', '重工', '精工', '精密', '精机', '模具', '铸造', '锻造', '汽车', '汽配', '车业', '车辆', '摩托', '动力', '电机', '电池', '储能', '仪器', '仪表',
  '自动化', '机器人', '工业', '制造', '重机', '矿业', '煤业', '煤矿', '有色', '稀土', '水泥', '玻璃', '陶瓷', '塑胶', '塑料', '塑业', '化纤', '纺机', '电缆', '线缆', '管业', '阀门', '泵业', '轴承', '液压', '新材', '新材料', '橡胶', '纸业', '包装', '印刷',
  '照明', '环保', '环境', '水务', '燃气', '热力', '航天', '航空', '船舶', '重装',
  // trade, logistics, property
  '物流', '快运', '快递', '运输', '航运', '海运', '货运', '供应链', '贸易', '商贸', '工贸', '进出口', '国际', '地产', '置业', '房产', '物业', '建设', '建筑',
  '建工', '工程', '装饰', '园林', '设计院', '规划院', '港务', '港口', '码头', '仓储',
  // services, media, finance
  '咨询', '顾问', '传媒', '广告', '文化', '影视', '娱乐', '传播', '出版', '会展', '旅游', '酒店', '餐饮', '商用', '商业', '百货', '超市', '零售', '商场', '连锁',
  '电商', '体育', '银行', '农商银行', '农商行', '商业银行', '信用社', '证券', '保险', '人寿', '财险', '基金', '信托', '投资', '资本', '金融', '支付', '租赁', '担保',
  '事务所', '律所', '律师事务所', '会计师事务所', '研究院', '研究所', '实验室', '检测',
  // consumer goods, food, agriculture
  '食品', '饮料', '饮品', '乳业', '乳品', '酒业', '啤酒', '味业', '调味品', '粮油', '农业', '牧业', '饲料', '种业', '渔业', '纺织', '服装', '服饰', '鞋业', '制衣',
  '家居', '家具', '家电', '卫浴', '洁具', '厨电', '家纺', '涂料', '门窗', '灯饰', '地板', '瓷砖', '五金机电', '日化', '化妆品', '文具', '玩具', '母婴', '宠物', '珠宝', '眼镜', '药房', '大药房', '度假村', '山庄', '宾馆', '会所', '俱乐部', '影城', '影视', '牙科', '月子中心', '养老院', '敬老院', '福利院', '养老', '幼教', '农化', '钢构', '钢结构', '纸业', '造纸', '石材', '铝业', '铜业', '矿业', '港', '港务集团', '米业', '面业', '茶业', '皮具', '鞋服', '生鲜', '冷链', '厨卫', '洁净',
  // health and public sector
  '医药', '药业', '制药', '生物', '生物科技', '医疗', '医疗器械', '健康', '眼科', '口腔', '医院', '人民医院', '中医院', '妇幼保健院', '卫生院', '诊所', '疾控中心',
  '体检中心', '学校', '学院', '大学', '中学', '小学', '实验学校', '幼儿园', '教育', '培训', '职校', '技校', '党校', '研究中心', '数据中心', '政务中心', '卫健委',
  '教育局', '医保局', '税务局', '公安局', '人民政府', '管委会', '街道办', '产业园', '开发区', '高新区',
  // branches: they extend a name ("中国人寿江苏分公司", "南京银行总行")
  '总行', '分行', '支行', '总部', '工厂', '厂', '分厂', '总厂', '营业部', '办事处',
];

/** English organisation words: "Acme Logistics", "Orion Robotics", "Summit Bank". */
export const ORG_SUFFIXES_EN = [
  'Inc', 'Inc.', 'Ltd', 'Ltd.', 'LLC', 'LLP', 'Corp', 'Corp.', 'Co', 'Co.', 'PLC', 'GmbH', 'AG', 'SA', 'BV', 'Pte', 'Group', 'Holdings', 'Corporation', 'Company',
  'Limited', 'Partners', 'Ventures', 'Capital', 'Bank', 'Insurance', 'Finance', 'Financial', 'Securities', 'Technologies', 'Technology', 'Tech', 'Systems',
  'Software', 'Solutions', 'Networks', 'Labs', 'Analytics', 'Data', 'Digital', 'Media', 'Robotics', 'Electronics', 'Electric', 'Energy', 'Power', 'Solar',
  'Motors', 'Automotive', 'Industries', 'Industrial', 'Manufacturing', 'Materials', 'Chemicals', 'Steel', 'Logistics', 'Shipping', 'Freight', 'Transport',
  'Airlines', 'Foods', 'Food', 'Beverages', 'Brands', 'Retail', 'Stores', 'Health', 'Healthcare', 'Medical', 'Pharma', 'Pharmaceuticals', 'Biotech', 'Clinic',
  'Hospital', 'Education', 'Academy', 'University', 'College', 'School', 'Hotels', 'Resorts', 'Realty', 'Properties', 'Construction', 'Engineering', 'Consulting',
  'Services', 'Traders', 'Trading', 'Dental', 'Clinic', 'Pharma', 'Partners', 'Engineering', 'Telecom', 'Communications', 'Pharmacy', 'Studios', 'Entertainment', 'Games', 'Apparel', 'Textiles', 'Farms', 'Agri', 'Mining', 'Oil', 'Gas',
  'Tutoring', 'Learning', 'Bakery', 'Packaging', 'Pack', 'Print', 'Builders', 'Seafood', 'Orthopedics', 'Pediatrics', 'Care', 'Wines', 'Outdoor', 'Cosmetics', 'Furniture', 'Fitness',
];

/**
 * Words that can never be a customer on their own: the rep talking about "the customer", a
 * competitor, or a thing. A candidate name that is only these is dropped.
 */
export const NOT_A_CUSTOMER = [
  '客户', '新客户', '老客户', '大客户', '对方', '他们', '她们', '我们', '我司', '我方', '公司', '一家公司', '这家', '那家', '这家公司', '那家公司', '本地',
  '厂里', '厂区', '公司里', '单位里', '家里', '店里', '园区', '竞争对手', '竞品', '友商', '厂家', '厂商', '供应商', '甲方', '乙方', '用户', '终端', '老板', '领导', '项目', '系统', '产品', '方案', '合同', '报价', '样品',
  '现场', '工厂', '总部', '学校', '医院', '银行', '单位', '部门', '集团', '门店', '仓库', '会议室', '办公室', '食堂', '星巴克', '咖啡厅', '酒店', '机场', '高铁站',
  '一趟', '一下', '一次', '两家', '三家', '几家', '各家', '每家', '大家', '自己', '同事', '领导们', '上级', '客户方', '业主', '业主方', '总包', '分包',
  // How a call went (没人接, 占线) is never a customer.
  ...CALL_OUTCOMES,
  'customer', 'client', 'account', 'prospect', 'company', 'competitor', 'vendor', 'supplier', 'team', 'office', 'site', 'plant', 'campus', 'they', 'them',
];

/**
 * How the rep describes a company right before its name ("朋友公司启明星教育", "老客户远大能源"): the
 * description is no part of the name — the name follows it.
 */
export const NAME_DESCRIPTORS = [
  '朋友公司', '朋友的公司', '朋友介绍的', '朋友介绍的公司', '同学公司', '同学的公司', '亲戚公司', '亲戚的公司', '老乡公司', '老乡的公司', '熟人公司', '熟人的公司',
  '老客户', '新客户', '大客户', '客户公司', '合作伙伴', '老东家', '前东家', '一家公司', '一个客户', '潜在客户', '意向客户',
];

/**
 * Organisation words that are also ordinary nouns (技术负责人, 数据接口, 设计方案): they only end
 * a name when nothing noun-like follows, and need a brand of two or more characters before them.
 */
export const WEAK_ORG_SUFFIXES_ZH = [
  '技术', '信息', '网络', '数据', '数码', '智能', '工程', '设计', '设备', '材料', '环境', '安全', '国际', '文化', '建设', '咨询', '服务', '教育', '培训',
  '健康', '动力', '包装', '印刷', '照明', '仪器', '仪表', '自动化', '工业', '制造', '商业', '贸易', '投资', '金融', '检测', '体育', '旅游', '传播', '供应链',
  '运输', '仓储', '电商', '零售', '餐饮', '农业', '电力', '能源', '汽车', '机械', '通信', '软件', '生物', '化学', '机器人', '数据', '系统',
];

/** Public bodies and institutions that stand with a one-character place before them (市疾控中心, 区教育局). */
export const INSTITUTION_SUFFIXES_ZH = [
  '疾控中心', '人民医院', '中医院', '妇幼保健院', '卫生院', '医院', '体检中心', '教育局', '医保局', '税务局', '公安局', '人民政府', '管委会', '街道办', '卫健委',
  '实验学校', '中学', '小学', '幼儿园', '大学', '学院', '党校', '图书馆', '博物馆', '档案馆', '气象局', '统计局', '财政局', '人社局', '住建局', '交通局',
];

/** Parts of an organisation: "北京总部", "苏州工厂", "华东区" alone are where, not who. */
export const BRANCH_WORDS = ['总部', '总行', '分行', '支行', '分公司', '子公司', '工厂', '分厂', '总厂', '厂', '厂区', '基地', '园区', '办事处', '营业部', '门店', '旗舰店', '大区', '区域', '片区', '事业部', '事业群', '研究院', '研发中心', '配送中心', '物流中心', '仓储中心', '分拣中心', '生产基地', '调度中心', '运营中心'];
