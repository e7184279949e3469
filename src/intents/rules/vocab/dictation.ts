// Vocabulary (data, not rules) for splitting a dictated message that has no punctuation
// ("今天上午去了方舟电子见了刘总他们对方案挺满意下个月初签合同…让我们下周三之前把合同发给他") into
// the clauses a rep would have typed with commas. ../dictation.ts reads it: a clause starts at
// one of these cue words, at a time expression, or at a person who speaks — each only at a
// word boundary and never right after a word that takes it as its object or its time.

/** Words that open a new clause: the customer's ask of us, our own plan, reported speech, connectives. */
export const CLAUSE_CUES = [
  // what the customer asks of us
  '让我们', '让我', '要我们', '叫我们', '请我们', '要求我们', '希望我们', '需要我们', '催我们',
  // our own plan
  '我们要', '我们得', '我们会', '我们需要', '我们准备', '我们这边', '我这边', '我得', '我要', '我准备', '咱们',
  // reported speech and the customer's side as a new subject
  '他们说', '他说', '她说', '她们说', '对方说', '客户说', '老板说', '领导说', '他们', '她们', '对方',
  // connectives
  '另外', '还有就是', '再就是', '顺便', '而且', '不过', '但是', '所以', '接着', '之后', '下一步', '后续',
];

/** Cues that are a subject only when no verb governs them (见了他们老板, 给他们发了报价 keep them). */
export const SUBJECT_CUES = ['他们', '她们', '对方', '咱们'];

/** Verbs of speaking after a person that make the person open a new clause (…刘总说下周签). */
export const SPEECH_VERBS = ['说', '表示', '反馈', '觉得', '认为', '提到', '透露', '讲'];

/**
 * Words after which what follows still belongs to them, so no clause starts there: prepositions
 * and verbs that take a time or an object (约了|下周二, 预计|下个月签, 跟|他们约了), modal words,
 * and words that introduce what is said (他说|下周签).
 */
export const GLUE_BEFORE = [
  '跟', '和', '与', '同', '给', '对', '向', '把', '被', '帮', '替', '为', '找', '让', '叫', '请', '在', '到', '于', '从', '等', '等到', '见', '约', '约了', '约好', '约好了',
  '定在', '定了', '改到', '改成', '推到', '延到', '放到', '挪到', '安排在', '预计', '估计', '争取', '计划', '打算', '准备', '要', '得', '会', '能', '可以', '最晚', '最迟',
  '截止', '截至', '大概', '大约', '差不多', '说', '讲', '表示', '觉得', '认为', '希望', '想', '想要', '要求', '需要', '答应', '承诺', '答应了', '承诺了', '我们', '我', '咱们', '他们', '她们', '他', '她', '对方', '客户', '老板', '领导', '老总', '甲方', '就', '才', '再', '还', '也', '都',
  '之前', '以前', '前', '的', '是', '了',
];
