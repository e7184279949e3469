// Vocabulary (data, not rules) for people on the customer side: surnames, the honorifics and
// job titles that go with them, given names people use at work in English, and the words that
// look like a nickname but are not one. ../people.ts turns these into mentions.

/** Single-character surnames, most common first (百家姓 as used today). */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅邱秦侯邹熊孟薛闫雷白龙段郝孔邵史毛钱顾严汤尹黎易常武乔贺赖龚文庞樊兰殷施陶洪翟安颜倪牛温季俞章鲁葛伍申尤毕聂焦向柳邢骆岳齐梅莫庄辛管祝左涂谷祁舒耿牟卜詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍覃霍翁隋甘景包司柏宁柯阮桂闵强柴华车冉房边吉饶刁瞿戚丘古米池滕晋苑邬臧宫缪苟全褚廉简娄符奚穆党燕郎冀谈姬屠连郁晏栾郜蓝万高方于江时佟岑艾阎许戴康卓单蒲芦丛邝闻解冷花应宗鞠禹鄢戈芮裘阙桑荣晁巫沙蔺麦' +
  // the rest of 百家姓 and other surnames in use today
  '喻水窦云昌凤酆乐皮卞元平和萧湛狄贝明计伏茅麻路危虞支昝经干宣贲杭诸钮嵇滑荀羊於惠麴家封羿储汲邴糜松井富乌巴弓牧隗山宓蓬郗班仰秋仲伊仇暴钭厉戎祖束幸韶蓟薄印宿怀邰从鄂索咸籍蒙阴胥能苍双莘贡劳逄扶堵宰郦雍却璩濮寿通扈郏浦尚农别充慕茹习宦鱼容慎庾终暨居衡步都满弘匡国寇广禄东殳沃利蔚越夔隆师巩厍勾敖融訾阚那空毋乜养须丰巢蒯相后荆红竺权逯盖益桓公佘练粟冼仉督帅缑亢况郈有琴归海墨哈谯笪年爱商佴伯赏' +
  // less common surnames seen in the field; ambiguous ones need a title (楼工, 辜总)
  '迟官南原楚楼位区朴卿初门敬来普鹿邸辜修战宾尉斯檀信展智尧栗谌仝亓赫';

export const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '慕容', '司徒', '令狐', '夏侯', '尉迟', '公孙', '长孙', '宇文', '端木', '西门'];

/**
 * Surnames that are also everyday characters (高层, 方案, 金额, 成交, 时间…): trusted with an
 * honorific (高总, 方经理), not for a bare full name.
 */
export const AMBIGUOUS_SURNAMES = '金石白龙文安成高方于江时向华房车宁强全关常武易连简党司包甘景管齐牛米池古吉边万柳谈燕阳游盛明单花应解冷宗水云昌凤乐皮平和湛计伏茅纪舒麻路危支经干宣贲诸滑羊於惠家封储松井富巫乌巴弓牧山蓬班仰秋仲伊暴钭厉戎祖符幸蓟印宿怀从索咸籍能苍双通扈浦尚农别充慕茹习宦鱼容终暨居衡步都满弘国寇广禄东殳沃利越隆师融那空毋养须丰巢相后荆红益公练粟有琴归海墨哈年爱商伯赏仇贝杭迟官南原楚楼位区朴卿初门敬来普鹿邸辜修战宾尉斯檀信展智尧栗谌仝亓赫';

/**
 * Honorifics written right after a surname (刘总, 王经理, 李工, 孙处, 黄姐, 邓女士), with the
 * title they stand for. Longest first when matching.
 */
export const HONORIFICS: Record<string, string | null> = {
  总经理: '总经理', 副总经理: '副总经理', 副总: '副总', 总工: '总工程师', 总监: '总监', 总裁: '总裁', 总: '总经理', 经理: '经理', 副经理: '副经理',
  主任: '主任', 副主任: '副主任', 主管: '主管', 处长: '处长', 副处长: '副处长', 处: '处长', 科长: '科长', 部长: '部长', 副部长: '副部长', 局长: '局长',
  院长: '院长', 副院长: '副院长', 校长: '校长', 副校长: '副校长', 所长: '所长', 厂长: '厂长', 董事长: '董事长', 董: '董事长', 书记: '书记', 行长: '行长',
  老师: '老师', 老板: '老板', 博士: '博士', 教授: '教授', 律师: '律师', 医生: '医生', 大夫: '医生', 护士长: '护士长', 工程师: '工程师', 工: '工程师',
  局: '局长', 院: '院长', 秘书: '秘书', 助理: '助理', 会计: '会计', 师傅: '师傅', 组长: '组长', 班长: '班长', 队长: '队长', 姐: null, 哥: null,
  女士: null, 先生: null, 小姐: null, 总助: '总经理助理', 特助: '特别助理',
};

/**
 * Job titles that introduce or follow a full name ("采购经理许志强", "周建国董事长",
 * "HR总监Amy"). Also used to recognise a title without a name ("物业总监").
 */
export const JOB_TITLES = [
  '董事长', '副董事长', '董事', '总裁', '副总裁', '总经理', '副总经理', '常务副总', '副总', '总监', '副总监', '经理', '副经理', '主任', '副主任', '主管',
  '处长', '副处长', '科长', '副科长', '部长', '副部长', '局长', '副局长', '院长', '副院长', '校长', '副校长', '所长', '厂长', '副厂长', '书记', '行长',
  '副行长', '总工程师', '总工', '工程师', '高工', '技术员', '专员', '助理', '秘书', '负责人', '老板', '老板娘', '合伙人', '创始人', '联合创始人', '采购',
  '采购员', '班组长', '组长', '系统管理员', '管理员', '项目经理', '产品经理', '医生', '主任医师', '护士长', '老师', '教授', '会计', '出纳', '店长', '区域经理',
  '大区经理', '客户经理', '科主任', '科室主任', '部门经理', '部门主管', '部门负责人', '项目负责人', '技术经理', '销售经理', '采购经理', '财务经理', '行政专员', '对接人', '联系人', '园长', '馆长', '站长', '社长', '会长', '台长', '院长', '架构师', '操作员', '调度员', '分析师', '设计师', '讲师', '专家', '顾问', '质检员', '仓管', '库管', '班长', 'CEO', 'CTO', 'CFO', 'COO', 'CIO', 'CMO', 'CPO', 'VP', 'HR', 'IT',
];

/** English titles that introduce a name ("their CTO Raj Patel", "purchasing manager Kevin"). */
export const JOB_TITLES_EN = [
  'CEO', 'CTO', 'CFO', 'COO', 'CIO', 'CMO', 'CPO', 'VP', 'SVP', 'EVP', 'president', 'founder', 'co-founder', 'owner', 'director', 'manager', 'head', 'lead',
  'engineer', 'principal', 'buyer', 'architect', 'administrator', 'admin', 'officer', 'chairman', 'partner', 'analyst', 'coordinator', 'specialist',
];

/** 小X / 老X / X姐 that are ordinary words, not nicknames (小时, 老师, 小米, 老家…). */
export const NOT_NICKNAMES = [
  '小时', '小米', '小区', '小组', '小学', '小心', '小说', '小姐', '小孩', '小伙', '小型', '小额', '小批', '小单', '小项目', '小程序', '小店', '小红书', '小鹏',
  '小满', '小雨', '小事', '小的', '小吃', '小样', '小票', '小计', '小结', '小费', '小车', '小王子', '小黄车', '小天才', '小熊', '小牛', '小龙虾', '小家电',
  '老师', '老板', '老家', '老公', '老婆', '老实', '老外', '老客户', '老大', '老总', '老化', '老旧', '老款', '老版', '老系统', '老项目', '老厂', '老区', '老年',
  '老人', '老乡', '老乡鸡', '老鼠', '老虎', '老字号', '老干部', '老牌', '老样子', '老凤祥', '老白干',
];

/**
 * Given names people use at work in English (also inside Chinese text: "HR总监Amy"). A
 * capitalised word from this list is a person, not a company.
 */
export const ENGLISH_GIVEN_NAMES = (
  'Aaron Abby Abigail Adam Adrian Aidan Aiden Alan Albert Alex Alexander Alexandra Alice Alicia Alison Allen Allison Alvin Amanda Amber Amelia Amy Andrea ' +
  'Andrew Andy Angela Angel Angie Ann Anna Anne Annie Anthony Antonio April Arthur Ashley Audrey Austin Ava Bella Ben Benjamin Bernard Beth Betty Bill ' +
  'Billy Bob Bobby Bonnie Brad Bradley Brandon Brenda Brian Bruce Bryan Caleb Calvin Cameron Candy Carl Carlos Carol Caroline Carrie Catherine Cathy ' +
  'Charles Charlie Charlotte Chelsea Cherry Chloe Chris Christian Christina Christine Christopher Cindy Claire Clara Coco Colin Connie Connor Craig ' +
  'Crystal Cynthia Dan Daniel Danny David Dean Debbie Deborah Dennis Derek Diana Diane Dominic Donald Donna Doris Dorothy Doug Douglas Dylan Edward ' +
  'Eileen Elaine Eleanor Elena Eli Elizabeth Ella Ellen Emily Emma Eric Erica Erin Ethan Eva Evan Evelyn Fiona Frances Frank Fred Freya Gary Gavin ' +
  'George Georgia Gina Gloria Grace Grant Greg Gregory Hannah Harold Harry Hazel Heather Helen Henry Holly Howard Ian Irene Iris Isaac Isabel Isabella ' +
  'Ivan Ivy Jack Jackie Jackson Jacob Jade Jake James Jamie Jane Janet Janice Jason Jay Jean Jeff Jeffrey Jennifer Jenny Jeremy Jerry Jesse Jessica ' +
  'Jessie Jill Jim Jimmy Joan Joanna Joe Joel John Johnny Jon Jonathan Jordan Jose Joseph Josh Joshua Joy Joyce Juan Judy Julia Julian Julie June ' +
  'Justin Karen Kate Katherine Kathy Katie Kay Keith Kelly Ken Kenneth Kevin Kim Kimberly Kyle Lance Larry Laura Lauren Leah Lee Leo Leon Leonard ' +
  'Leslie Lily Linda Lisa Liz Logan Lois Louis Louise Lucas Lucy Luis Luke Lydia Lynn Maggie Mandy Marc Marcus Margaret Maria Marie Marilyn Mark Martha ' +
  'Martin Mary Mason Matt Matthew Max Maya Megan Mei Melanie Melissa Mia Michael Michelle Mike Mila Miranda Molly Monica Morgan Nancy Naomi Natalie ' +
  'Nathan Neil Nicholas Nick Nicole Nina Noah Nora Oliver Olivia Oscar Owen Pamela Pat Patricia Patrick Paul Paula Peggy Penny Pepper Peter Phil ' +
  'Philip Phoebe Priya Rachel Raj Ralph Randy Ray Raymond Rebecca Richard Rick Rita Rob Robert Robin Roger Ron Ronald Rose Ross Roy Ruby Russell Ruth ' +
  'Ryan Sally Sam Samantha Samuel Sandra Sandy Sara Sarah Scott Sean Serena Shannon Sharon Shawn Sheila Shelly Shirley Simon Sofia Sophia Sophie ' +
  'Stanley Stella Stephanie Stephen Steve Steven Stuart Sue Summer Susan Suzy Sylvia Tammy Teresa Terry Tessa Thomas Tiffany Tim Timothy Tina Todd ' +
  'Tom Tommy Tony Tracy Travis Trevor Tyler Valerie Vanessa Vicky Victor Victoria Vincent Violet Vivian Walter Wayne Wendy Wesley William Willie Winnie ' +
  'Xavier Yvonne Zach Zachary Zoe Zoey ' +
  // more English given names
  'Abe Ada Adele Agnes Al Alana Alba Alec Alfred Alma Alvin Amos Ana Andre Andreas Angus Anita Annabel Annette Archie Arlo Arnold Art Asher Audra Aubrey ' +
  'Barbara Barry Basil Beatrice Becky Bernie Bert Beth Bianca Blake Bonnie Boris Brenda Brett Bridget Brooke Bruno Bryce Byron Callum Camilla Candice Carla ' +
  'Carmen Casey Cecil Cecilia Cedric Celeste Chad Chester Chip Chuck Clark Claude Claudia Clay Clement Cliff Clifford Clive Cody Cole Colette Conor Corey ' +
  'Cyril Daisy Dale Dallas Damian Damon Dana Dante Darcy Darren Darryl Dave Dawn Declan Dee Del Delia Denise Desmond Dexter Diane Dick Dirk Dolores Don Donovan ' +
  'Dora Doreen Drew Duncan Dustin Earl Ed Eddie Edgar Edith Edmund Edwin Eleanor Eli Elias Elijah Eliza Ella Ellie Elliot Elsa Elton Emil Emmett Enid Eric ' +
  'Ernest Esther Ethel Eugene Eunice Everett Faith Felix Fergus Fern Flora Florence Floyd Forrest Frances Francis Franco Freddie Frederick Gail Garrett Gareth ' +
  'Gemma Gene Geoff Geoffrey Georgina Gerald Gerard Gideon Gil Gilbert Giles Ginny Glen Glenn Gordon Graham Greta Guy Gwen Hal Hamish Hank Harlan Harriet Harvey ' +
  'Hayden Hector Heidi Herbert Herman Hilary Hilda Holly Homer Horace Hubert Hugh Hugo Ida Imogen Irving Isla Ivor Jacqueline Jan Janine Jared Jasmine Jasper ' +
  'Jed Jenna Jerome Jess Jethro Joanne Jocelyn Jody Johanna Jonah Josie Jude Judith Jules Juliet Justine Karl Kathleen Kayla Keira Kelvin Kendra Kenny Kerry ' +
  'Kieran Kirk Kit Kurt Kylie Lara Laurence Leanne Lenny Leroy Les Lester Lewis Liam Lila Lindsay Lionel Lloyd Lola Lorna Lorraine Lottie Lou Lucian Lucille ' +
  'Luna Lyle Mabel Mack Madeline Madison Malcolm Marcia Margot Marian Marion Marjorie Marla Marlon Marsha Marty Maureen Maurice Mavis Maxine Melvin Meredith ' +
  'Merle Mervyn Micah Mildred Miles Millie Milo Mitchell Moira Monty Murray Myra Nadine Nell Nelson Neville Nigel Noel Norma Norman Odette Olive Ollie Orla ' +
  'Otis Pam Pearl Percy Perry Pete Petra Piers Polly Quentin Quinn Rachael Ralph Ramona Reg Reggie Rex Rhonda Rhys Ricky Riley Rob Robbie Rod Rodney Roland ' +
  'Ronnie Rory Rosalind Rosie Rowan Rudy Rufus Rupert Russ Ruthie Sadie Sal Sandy Saul Scarlett Selena Seth Shane Sheldon Sid Sidney Silas Sonia Spencer Stacy ' +
  'Stan Stuart Sybil Tabitha Tamara Ted Teddy Terence Thea Theo Theodore Thelma Toby Tod Tony Trent Trudy Ursula Vaughn Vera Vern Vic Vince Viola Virgil Wade ' +
  'Wallace Walt Wanda Ward Warren Wendell Wilfred Will Willa Wilma Winston Wyatt Yolanda Yvette Zane ' +
  // international names common in business English
  'Ahmed Ali Amir Arjun Anil Aisha Carlos Chen Dana Deepak Diego Elena Fatima Hans Hassan Hiroshi Ines Jin Jo Juan Kenji Klaus Lars Li Luca Marco Maria Mateo Ming Mohammed Nate Nikhil Olga Omar Pablo Pedro Rahul Ravi Rohan Sanjay Sara Satoshi Sergei Sven Takeshi Wei Yuki Yusuf Akira Anders Bjorn Dmitri Farah Gabriel Ingrid Ivana Jens Kai Kofi Lena Lina Mei Mira Nadia Niko Noor Rosa Sakura Tomas Vikram Yan Zara'
).split(' ');

/**
 * Verbs that start a word right after a person's name ("刘兵回电话", "陈明约了周三", "王涛回复说…"):
 * a name never ends in their first character, and a name may stand right before them. Single
 * characters (说, 问) stand alone; the others need what follows them, since 发/来 also end given
 * names (陈金发).
 */
export const VERBS_AFTER_NAME = [
  '回电话', '回个', '回了', '回过', '回复', '回访', '回话', '回信', '回消息', '回微信', '回邮件', '回电', '回我', '回我们',
  '打电话', '打了', '打过', '打个', '打来',
  '发了', '发过', '发个', '发来', '发微信', '发消息', '发邮件', '发短信', '发信息',
  '约了', '约过', '约个', '约好', '约见', '约在', '约我', '约我们',
  '聊了', '聊过', '聊天', '聊到', '聊一下',
  '谈了', '谈过', '谈判', '谈到', '谈一下',
  '说', '讲', '问', '催', '告诉', '答应', '提到', '提出', '表示', '反馈', '想', '希望',
  '来访', '到访', '参观', '考察', '来电', '来公司', '拍板', '签字', '盖章',
  // meeting ("…的马丽见面了" is 马丽, not 马丽见; 见 and 碰 after a name already end it)
  '见面', '见了', '见过', '见个', '碰面', '碰了', '碰个', '碰头',
];

/** Words before a contact's phone number ("他手机是…", "刘兵电话：…", "mobile: …"). */
export const PHONE_CUES = ['手机号码', '手机号', '手机', '电话号码', '联系电话', '电话', '座机', '号码', 'tel', 'phone number', 'phone', 'mobile', 'cell'];
/** Words before a contact's WeChat ID ("微信liubing88", "微信号是…", "WeChat: …"). */
export const WECHAT_CUES = ['微信号', '微信', 'wechat id', 'wechat', 'weixin', 'wx', 'vx'];
