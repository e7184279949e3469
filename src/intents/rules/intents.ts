// Whole-message commands that need no extraction: undo and help.

// Short messages only: "撤销" inside a long report is narrative ("客户撤销了订单"), not a command.
const UNDO = /^(?:请|帮我)?\s*(?:撤销|撤回|回撤|取消上一条|取消刚才(?:那条|的)?|删掉刚才(?:那条|的)?|删除刚才(?:那条|的)?|删掉上一条|删除上一条|刚才那条不对|刚才那条删了|undo|revert|cancel (?:that|the last one|last)|delete (?:that|the last one|last))(?:\s*(?:上一条|刚才那条|那条|一下|吧|last|that|it|please))*\s*[.。!！]*$/i;
const HELP = /^(?:帮助|help|怎么用|如何使用|使用说明|使用帮助|菜单|你能做什么|你会什么|能做什么|\/help|\/start|what can you do|how (?:do i|to) use(?: this| it)?|commands|\?+|？+)\s*[?？!！.。]*$/i;

export function isUndo(s: string): boolean {
  return s.length <= 30 && UNDO.test(s.trim());
}

export function isHelp(s: string): boolean {
  return s.length <= 30 && HELP.test(s.trim());
}
