// Vocabulary (data, not rules): how a rep says how the day felt — "今天好累啊，跑了一天",
// "忙死了今天", "so tired today". A message made only of these (no customer, no business fact) is
// chatter: nothing to record and no customer to ask for (src/intents/rules/moods.ts).

/** Feelings (Chinese), the head of a mood clause: 累, 忙死了, 困. */
export const MOODS_ZH = ['累', '好累', '累死', '累瘫', '累坏', '忙', '忙死', '忙坏', '忙疯', '困', '困死', '烦', '烦死', '郁闷', '崩溃', '心累', '头疼', '头大', '饿', '饿死', '热', '热死', '冷', '冷死', '辛苦', '疲惫', '好困', '好烦', '好忙', '开心', '爽'];

/** A whole day spent moving or working, said of oneself: 跑了一天, 忙了一整天, 加班到现在. */
export const DAY_SPENT_ZH = ['跑了一天', '跑了一整天', '忙了一天', '忙了一整天', '跑了一上午', '跑了一下午', '忙了一上午', '忙了一下午', '加班到现在', '加了一天班', '站了一天', '走了一天', '开了一天车', '开了一天会', '一天没歇', '一天没停', '脚都走断了', '腿都跑断了'];

/** Time and degree words around a feeling (dropped before matching). */
export const MOOD_FILLERS_ZH = ['今天', '今儿', '今日', '这两天', '这几天', '最近', '这周', '一天', '真的', '真是', '实在', '有点儿', '有点', '有些', '太', '好', '真', '超', '巨', '特别', '非常', '快要', '快', '要', '我', '人', '都', '死了', '坏了', '疯了', '透了', '了', '啊', '呀', '哦', '哈', '吧', '嘛', '呢', '哎', '唉', '哇', '额'];

/** English: whole clauses of mood. */
export const MOODS_EN = /^(?:(?:i'?m|i am|so|really|very|super|totally|pretty|quite|such|a|long|day|today|tonight|what|exhausted|tired|beat|busy|worn out|knackered|dead|sleepy|hungry|stressed|swamped|wiped out|drained|ugh|phew|man|oh|been|running around|all|this|it'?s|it was|been a|crazy|hectic)\s*)+$/i;
