// Vocabulary (data, not rules) for events that are not something the rep does: our own company's
// occasions (公司年会下周五开, 部门周会明天上午开) and the meetings where the customer side decides
// (下周开会定供应商). ../nextSteps.ts reads it: an event that is the subject of its clause, with a
// verb of taking place, is nobody's task; a time that dates such a meeting before a decision verb
// is the meeting's, not a close date.

/** Occasions that take place (they are the subject: 年会开, 培训举行). */
export const EVENT_NOUNS = [
  '年会', '年终会', '尾牙', '周会', '例会', '月会', '早会', '晨会', '夕会', '季度会', '总结会', '动员会', '誓师会', '启动会', '全员会', '大会', '会议',
  '培训', '内训', '团建', '聚餐', '年夜饭', '庆功宴', '发布会', '展会', '峰会', '沙龙', '考试', '述职', '评优', '放假', '假期',
];

/** Who holds them when it is us (公司年会, 部门周会, 我们团建). */
export const EVENT_OWNERS = ['公司', '全公司', '我们公司', '我司', '部门', '我们部门', '销售部', '团队', '我们团队', '集团', '总部', '我们', '咱们', '大区', '区域'];

/** Verbs of an event taking place or being scheduled, with no one of ours acting. */
export const TAKES_PLACE = ['开', '召开', '举行', '举办', '开始', '进行', '搞', '办', '定在', '安排在', '改到', '推到', '挪到', '放在', '在'];

/** The customer side's own meetings: a time before them dates the meeting, not the decision after it. */
export const DECIDING_MEETINGS = ['开会', '开个会', '开完会', '碰头', '碰一下', '讨论', '研究', '商量', '评审', '评估', '内部', '上会', '过会', '集体决策', '投票'];
