// Vocabulary (data, not rules): how reps say that a company is a competitor, not the customer —
// its name after a competitor word ("竞品是用友", "竞争对手东软"), after the customer's also looking
// at it ("他们也在看用友的方案", "客户还在对比浪潮"), or before its people being there too ("用友的小王也在",
// "浪潮的人也在"). ../customers.ts drops such a name from the customers (pick.competitors), and
// ../index.ts files no one introduced with it as the customer's contact; the words stay in the
// activity's summary, where the rep can read who the competitor was.

/** Words that name a competitor, said before its name. */
export const COMPETITOR_WORDS = ['竞品', '竞争对手', '对手', '友商', '竞对', '同行', '抢单的', 'competitor', 'competition', 'rival', 'lost to', 'went with'];

/** The customer also looking at another vendor: these verbs after 也/还/同时 (在), right before its name. */
export const ALSO_CONSIDERING = ['看', '看了', '考虑', '接触', '接触了', '对比', '比较', '评估', '谈', '在谈', '聊', '找了', '约了', '试用', '测试', '比'];

/** After a company's name (and 的 + its people): they are there too — at a meeting of ours, a rival. */
export const PRESENT_TOO = ['也在', '也来了', '也在场', '也到了', '也参加了', '也参与了', '也去了', '也来过', '也在跟', '也在投', '也投了标', '也报了价'];

/**
 * Right after a company's name (no people in between): it bids or fights for the same deal — a
 * rival ("东软也来投标了", "金蝶在跟我们抢这个单"). Only rivalry: "华信科技也在用我们的系统" is no rival.
 */
export const RIVAL_ACTS = [
  '也来投标', '也投标', '也在投标', '也投了标', '也来竞标', '也在竞标', '也参与投标', '也参与竞标', '也参与了投标', '也来报价', '也报了价', '也在报价', '也报价了', '也来抢', '也在抢', '也想抢',
  '在跟我们抢', '跟我们抢', '和我们抢', '在和我们抢', '跟我们竞争', '和我们竞争', '在跟我们竞争', '在和我们竞争', '跟我们PK', '和我们PK', '在跟我们PK', '跟我们打价格战',
];

/** The customer weighing a company against us: the verb before its name, then 和/跟/与 我们 ("在比较金蝶和我们"). */
export const COMPARING = ['比较', '对比', '比选', '权衡', '二选一', '在选', '选'];
