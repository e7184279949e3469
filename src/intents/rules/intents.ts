// Whole-message commands that need no extraction: undo and help.

// Short messages only: "撤销" inside a long report is narrative ("客户撤销了订单"), not a command.
const UNDO = /^(?:请|帮我)?\s*(?:(?:刚才|刚刚|刚|上一条|上条|那条|这条)(?:那条|这条)?(?:发错了|记错了|错了|不对|不要了)?[,，\s]*)?(?:(?:把)?(?:刚才|刚刚|上一条|上条)(?:那条|这条|的记录|的)?\s*(?:删掉|删了|删除|作废|不要了)|撤销(?:刚才|刚刚|上一条)?(?:的记录|那条|的)?|撤掉|撤回|回撤|取消上一条|取消刚才(?:那条|的)?|删掉刚才(?:那条|的)?|删除刚才(?:那条|的)?|删掉上一条|删除上一条|刚才那条不对|刚才那条删了|删掉|删除|作废|undo|revert|cancel (?:that|the last one|last)|delete (?:that|the last one|last))(?:\s*(?:上一条|刚才那条|那条|一下|吧|掉|了|last|that|it|please|entry|one|message|record|the))*\s*[.。!！]*$/i;
const HELP = /^(?:帮助|help|怎么用|如何使用|使用说明|使用帮助|菜单|你能做什么|你会什么|能做什么|\/help|\/start|what can you do|how (?:do i|to) use(?: this| it)?|commands|\?+|？+)\s*[?？!！.。]*$/i;

export function isUndo(s: string): boolean {
  return s.length <= 30 && UNDO.test(s.trim());
}

// "这个机器人都能干啥？", "怎么记一个拜访？", "how do I log a visit?" — questions about the bot itself.
const ABOUT_BOT = /(?:机器人|助手|你|bot|这个)[^?？]{0,6}(?:能|会|可以)[^?？]{0,6}(?:做|干|记|用|查)(?:些|点)?(?:什么|啥|哪些)|怎么(?:用|记|录入|登记|查|标|设置?|设成|撤销|改|更正|操作)|如何(?:使用|记录|录入|登记|标记?|设置|撤销|更正)|(?<![a-z])(?:how (?:do|can|should) i (?:log|record|add|use|enter|create|undo|correct)|what can (?:you|this bot|the bot) do|help me log)(?![a-z])|^help\b/i;

export function isHelp(s: string): boolean {
  return s.length <= 30 && (HELP.test(s.trim()) || ABOUT_BOT.test(s));
}
