// Vocabulary (data, not rules): how reps say what a contact's buying role is. Each entry is a
// regular-expression source; ../people.ts attaches a cue to the person it is about (the name
// before it, the name after "是", or the person a 他/她 refers to).
import type { ParsedContact } from '../../schema.js';

type Role = Exclude<ParsedContact['role'], 'OTHER'>;

export const ROLE_CUES: Array<[Role, string]> = [
  ['COACH', '内线|线人|教练|内应|自己人|帮我们说话|替我们说话|支持我们|向着我们|偏向我们|倾向(?:于)?我们|站在我们(?:这边|一边)|(?<![a-z])(?:coach|champion|insider|inside (?:guy|man|woman|contact)|our (?:guy|man|woman|ally|friend)|on our side)(?![a-z])'],
  ['DECISION_MAKER', '拍板|(?:这事|这个事|这件事|这事情|这个项目|这单)(?:由)?(?:他|她)(?:来)?(?:定|做主|说了算)|决策(?=$|[\\s,，。;；的])|决策权?(?:在|归)|决策人|决策者|决策层|最终决策|做决策|能做主|做主|说了算|最终决定|最后决定|最终定|最后定|定夺|一把手|签字的|签字权|最后签字|最终签字|负责签字|(?:真正|最终|最后)(?:定|做主|说了算)的(?=是)|老板|大老板|(?<![a-z])(?:decision[- ]maker|(?:he|she) signs|(?:final )?signatory|owner(?=\\s*[,;)])|(?:is|\\u0027s) the owner|the one who signs|who signs|signs the (?:contract|deal|po)|holds the budget|owns the budget|the owner and|final say|final decision|(?:final )?approver|who decides|decides|economic buyer|signs? off|sign-off|makes? the (?:final )?(?:call|decision)|the boss|holds the budget|budget holder|approves? the (?:budget|deal))(?![a-z])'],
  ['TECHNICAL', '技术负责人|技术(?:上|方面|问题)?(?:要|得|需要|还得)?找|evaluate\\s*技术|评估技术|(?:IT|系统|技术)?架构师|技术评审|技术大拿|技术把关|把关技术|技术评估|负责评估|技术决策|技术方面[^,，。;；]{0,6}(?:定|说了算)|技术上[^,，。;；]{0,6}(?:定|说了算|把关|负责)|负责\\s?(?:technical|tech)|技术负责(?!人)|技术那边|技术这块|技术这边|管技术|技术总监|技术主管|技术口|负责技术|技术选型|技术验收|技术owner|IT负责人|信息化负责人|(?<![A-Za-z])(?:CTO|CIO)(?![A-Za-z])|(?<![a-z])(?:technical lead|tech lead|lead engineer|technical sign[- ]?off|technical owner|evaluat\\w* the (?:API|tech\\w*|platform|product|integration|solution)|tech owner|technical buyer|technical decision|technical eval\\w*|technical review|tech eval\\w*|IT lead|head of IT|IT head|IT manager|evaluates? the tech\\w*)(?![a-z])'],
  ['USER', '主要使用人|是(?:最终|一线|实际|主要|具体)?用户(?![代群数量])|是(?:以后|将来|后面|之后|今后)?(?:一线|实际|真正|日常|具体|天天|每天)?(?:在)?(?:用|使用|操作)[^\\s,，。;；的]{1,8}的(?:人|那位|那个)|(?:以后|将来|今后)(?:天天|每天|主要)?(?:用|使用|操作)(?:系统|设备|平台|软件)?的?(?:是|就是)?|是(?:一线|实际|真正|日常|具体|天天)?(?:在)?(?:用|使用)的(?:人|那位|那个)?(?![\\u4e00-\\u9fff])|使用人员?|主要用户|主要使用者?|日常操作|日常使用|用设备|用机器|用这个系统|用系统|天天用|每天用|天天在用|每天都用|经常用|主要用|使用部门|使用方|使用科室|使用单位|用户代表|最终用户|终端用户|实际用户|一线用户|一线使用|使用人员|日常使用|日常用|实际使用|实际用|具体使用|具体用|用系统的|用我们|使用者|操作人员|操作员|(?<![a-z])(?:end[- ]users?|main user|primary user|key user|day-to-day user|the one (?:actually )?using|actually using|(?:actually|really) uses?|will run (?:it|the system)|(?:uses?|runs?|operates?|(?:will|\\u0027ll) (?:use|run|operate)) (?:it|the [\\w-]+(?: [\\w-]+)?) (?:daily|every day|day to day)|run the system|day to day|daily user|the users?|one using|uses? (?:it|the system|the tool) (?:daily|every day)|using the (?:system|tool|platform))(?![a-z])'],
];

/**
 * Titles that state a role by themselves ("老板林总", "CTO Raj Patel"); a plain title such as
 * 经理 or 总监 says nothing about the role.
 */
export const ROLE_TITLES: Array<[Role, string]> = [
  ['DECISION_MAKER', '^(?:老板|老板娘|董事长|总裁|一把手|CEO|owner|founder|president)$'],
  ['TECHNICAL', '^(?:CTO|CIO|(?:技术|IT|信息技术|信息化)(?:部|部门|中心)?(?:总监|负责人|主管)|总工|总工程师|信息中心主任|head of IT|IT lead|IT manager)$'],
];
