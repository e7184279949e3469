// One test per parsing mechanism, each with sentences written for this file (none of them appear
// in the rules or in the evaluation sets): customers by position, people and roles, steps the
// customer asks of us, close dates, amounts, planned payments, several customers, and the activity
// time never being later than the message.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import { ContactSchema, type ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownUsers: ['王强', '李娜'] };
const p = (t: string, c: Partial<ParseContext> = {}) => parseRules(t, { ...ctx, ...c });
const names = (t: string) => p(t).contacts.map((x) => `${x.name}:${x.role}`);

describe('customers found by their position in the sentence, with or without an industry word', () => {
  const rows: Array<[string, string]> = [
    ['上午拜访了科沃斯，见了渠道部的金经理', '科沃斯'],
    ['明天上午call汇川技术郑总 确认一下交期', '汇川技术'],
    ['提醒我下周一前催一下云海钢构的尾款', '云海钢构'],
    ['月底回访一下青禾农业', '青禾农业'],
    ['下午跟蓝帆医疗的采购聊了半小时', '蓝帆医疗'],
    ['给百果园的欧阳经理打了个电话', '百果园'],
    ['瑞晟光电那边的对接人换成了小邵', '瑞晟光电'],
    ['客户：鼎盛物联 方式：上门 联系人：设备部宁工', '鼎盛物联'],
    ['嘉禾幼教 报价→谈判', '嘉禾幼教'],
    ['Visited Harbor Lane Foods this morning, met their ops lead', 'Harbor Lane Foods'],
    ['Had a call with Quarry Point Analytics about the renewal', 'Quarry Point Analytics'],
    ['去了台州的海宁塑业，厂长在车间', '海宁塑业'],
  ];
  for (const [text, want] of rows) {
    it(text, () => {
      expect(p(text).customer?.name).toContain(want);
    });
  }

  it('command and time words are never part of a name', () => {
    for (const t of ['提醒我月底前催一下方达物流的款', '帮我明天给方达物流发报价', '下周再回访一下方达物流']) {
      expect(p(t).customer?.name).toBe('方达物流');
    }
  });

  it('a known customer wins, also by its short form', () => {
    const r = p('立峰那边说下周要看样品', { knownCustomers: ['立峰精密机械'] });
    expect(r.customer).toMatchObject({ name: '立峰精密机械', evidence: 'known' });
  });

  it('a short form followed by another industry word is another company; a short form two customers share names neither', () => {
    const known = { knownCustomers: ['松禾电子', '青屿建材', '青屿物流'] };
    expect(p('上午去了松禾科技，见了刘工', known).customer).toMatchObject({ name: '松禾科技', evidence: 'clear' });
    expect(p('松禾那边下周给答复', known).customer).toMatchObject({ name: '松禾电子', evidence: 'known' });
    expect(p('松禾公司的刘工来电话了', known).customer).toMatchObject({ name: '松禾电子', evidence: 'known' });
    expect(p('青屿物流的仓库经理约了周三看方案', known).customer).toMatchObject({ name: '青屿物流', evidence: 'known' });
    const shared = p('青屿那边说价格还要再压一压', known).customer;
    expect(shared?.name).toBe('青屿');
    expect(shared?.evidence).not.toBe('known');
  });

  it('a description before the name and a measure word after the verb are not part of the name', () => {
    expect(p('新接触的岚山重工，设备科长姓孔').customer?.name).toBe('岚山重工');
    expect(p('中午顺路去了趟禾丰牧业').customer?.name).toBe('禾丰牧业');
    expect(p('傍晚去了趟客户那里，没见到人').customer).toBeNull();
  });

  it('places, departments, titles and competitors are not customers', () => {
    expect(p('跑了一趟常州，拜访了恒立液压').customer?.name).toBe('恒立液压');
    expect(p('拜访了明远电子，竞品是华科仪器，报价比我们低').customer?.name).toBe('明远电子');
    expect(p('见了采购部的黄经理和园长').customer).toBeNull();
  });

  it('a name found by position alone is marked weak; an organisation word makes it clear', () => {
    expect(p('整理一下青禾的技术问题清单').customer).toMatchObject({ name: '青禾', evidence: 'weak' });
    expect(p('拜访了青禾农业科技').customer?.evidence).toBe('clear');
  });
});

describe('people and the roles reps give them', () => {
  it('surname + title, full names with titles, nicknames and English names', () => {
    const r = names('见了采购经理邵海峰和工程师小满，还有IT主管Nora');
    expect(r).toEqual(expect.arrayContaining(['邵海峰:OTHER', 'Nora:OTHER']));
  });

  it('roles from how people say it, attached to the right person', () => {
    expect(names('拜访了恒立液压，见了生产总监葛总和操作工阿峰，葛总说了算，阿峰是天天用设备的人')).toEqual(expect.arrayContaining(['葛总:DECISION_MAKER', '阿峰:USER']));
    expect(names('跟宏远化工的技术总监钱工开了个会，他负责技术评估')).toEqual(['钱工:TECHNICAL']);
    expect(names('和金禾物流的小宁吃了个饭，她是我们的线人')).toEqual(['小宁:COACH']);
    expect(names('Met Pinegrove Dental. Their office manager Clara will use it every day; Dr. Hale signs off.')).toEqual(
      expect.arrayContaining(['Dr. Hale:DECISION_MAKER']),
    );
  });

  it('our own colleagues are never customer contacts', () => {
    const r = names('陪老板和我们的售前小卢去了恒立液压，见了设备部鲁经理');
    expect(r).toEqual(['鲁经理:OTHER']);
  });

  it('a title keeps the department written in front of it, and beats the one an honorific implies', () => {
    const titles = (t: string) => p(t).contacts.map((x) => `${x.name}:${x.title}`);
    expect(titles('下午去了启明眼科，见了医务科主任邬晴')).toEqual(['邬晴:医务科主任']);
    expect(titles('跟丰谷饲料的财务总监杭总约了周四')).toEqual(['杭总:财务总监']);
    expect(titles('上午见了常务副总邝总，聊了二期')).toEqual(['邝总:常务副总']);
    // No department in front: the honorific's own title; a company's last word is not a department.
    expect(titles('电话跟滨江机电的窦总确认了交期')).toEqual(['窦总:总经理']);
    expect(titles('拜访了博睿网络科技经理庞斌')).toEqual(['庞斌:经理']);
  });

  it('a department before an honorific says what the person does, not the honorific\'s default', () => {
    const titles = (t: string, c: Partial<ParseContext> = {}) => p(t, c).contacts.map((x) => `${x.name}:${x.title}`);
    expect(titles('松涛家居的人事闫总下午打电话来问培训排期')).toEqual(['闫总:人事负责人']);
    expect(titles('去博远制药见了采购部蒯经理和质检许工')).toEqual(['蒯经理:采购部经理', '许工:质检工程师']);
    expect(titles('跟德信物流的市场部的芮主任吃了顿饭')).toEqual(['芮主任:市场部主任']);
    expect(titles('晚上和晴川纺织的财务柯姐吃了个饭')).toEqual(['柯姐:财务']);
    // Without a clear break, a word that ends company names (科技, 物流) is the company's.
    expect(titles('澜图科技莫总来电话问交期', { knownCustomers: ['澜图科技'] })).toEqual(['莫总:总经理']);
    // A technical head by department is technical.
    expect(p('拜访了恒丰包装，见了技术部的焦总').contacts.map((x) => `${x.name}:${x.title}:${x.role}`)).toEqual(['焦总:技术部负责人:TECHNICAL']);
  });

  it('WeCom notes with spaces for commas keep names and roles', () => {
    expect(names('拜访 松江电气 见了 设备处 严工 技术 负责人 下周二 报价')).toEqual(['严工:TECHNICAL']);
  });
});

describe('steps, close dates, amounts and payments', () => {
  it('steps said with a channel, after a "later" word the customer asked for, or in the middle of next month', () => {
    const call = p('拜访了凌霄光电，后天上午再电话沟通一下交期', { knownCustomers: ['凌霄光电'] });
    expect(call.nextSteps.map((s) => [s.title, s.dueAt?.slice(0, 10)])).toEqual([['再电话沟通一下交期', '2026-11-25']]);
    const later = p('去了趟凌霄光电，孔总让我们过两天给个实施计划', { knownCustomers: ['凌霄光电'] });
    expect(later.nextSteps.map((s) => [s.title, s.dueLabel])).toEqual([['给个实施计划', '过两天']]);
    // 下月中旬 is a time: the visit is planned, not done.
    const mid = p('下个月中旬去凌霄光电做现场勘查', { knownCustomers: ['凌霄光电'] });
    expect(mid.activity).toBeNull();
    expect(mid.nextSteps.map((s) => s.dueAt?.slice(0, 10))).toEqual(['2026-12-15']);
    expect(p('凌霄光电下月下旬回访', { knownCustomers: ['凌霄光电'] }).nextSteps.map((s) => s.dueAt?.slice(0, 10))).toEqual(['2026-12-21']);
  });

  it('a meeting arranged by phone or WeChat is a step, and the call that arranged it is logged', () => {
    const r = p('电话跟翠微酒店的闵经理约了下周二上午碰一下', { knownCustomers: ['翠微酒店'] });
    expect(r.activity?.type).toBe('CALL');
    expect(r.nextSteps.map((s) => s.dueAt?.slice(0, 10))).toEqual(['2026-12-01']);
    expect(p('微信上跟翠微酒店的闵经理约好周四演示', { knownCustomers: ['翠微酒店'] }).activity?.type).toBe('WECHAT');
    // Arranged in person or not yet arranged: no call to log.
    expect(p('明天电话约翠微酒店的闵经理', { knownCustomers: ['翠微酒店'] }).activity).toBeNull();
  });

  it('a quantity the customer wants is not a step; an action with a quantity is', () => {
    expect(p('翠微酒店的采购来电问价，要80套，预算9.6万', { knownCustomers: ['翠微酒店'] }).nextSteps).toEqual([]);
    expect(p('拜访了翠微酒店，他们需要两套布草系统', { knownCustomers: ['翠微酒店'] }).nextSteps).toEqual([]);
    expect(p('周四要两台样机寄到翠微酒店', { knownCustomers: ['翠微酒店'] }).nextSteps).toHaveLength(1);
  });

  it('a measure word before 亿 keeps the amount', () => {
    expect(p('拜访了凌霄光电，整个项目大概2.4个亿', { knownCustomers: ['凌霄光电'] }).opportunity?.amount).toBe(240_000_000);
    expect(p('凌霄光电预算三个亿', { knownCustomers: ['凌霄光电'] }).opportunity?.amount).toBe(300_000_000);
  });

  it('a plan stated after its topic ("<customers> 都要再去一趟") is a step, not a visit that happened', () => {
    const both = p('宏晟和瑞丰两家下周都要再上门一次', { knownCustomers: ['宏晟机械', '瑞丰纸业'] });
    expect(both.activity).toBeNull();
    expect(both.nextSteps.length).toBeGreaterThan(0);
    const one = p('瑞丰那边月底前需要再去一趟', { knownCustomers: ['瑞丰纸业'] });
    expect(one.activity).toBeNull();
    expect(one.nextSteps.map((s) => s.dueAt?.slice(0, 10))).toEqual(['2026-11-30']);
    // Their wish, or a want that is no action of ours, is not our step.
    expect(p('客户说要再考虑一下').nextSteps).toEqual([]);
    expect(p('拜访了瑞丰纸业，他们要上一套新的仓储系统').nextSteps).toEqual([]);
  });

  it('what the customer asks of us is our next step; their own deadline is not', () => {
    const asked = p('电话了天泽新材的宋经理，让我们周四前把样品寄过去');
    expect(asked.nextSteps.map((s) => s.dueAt?.slice(0, 10))).toContain('2026-11-26');
    const theirs = p('电话了天泽新材的宋经理，她说周四前给我们答复');
    expect(theirs.nextSteps).toEqual([]);
  });

  it('a decision deadline is the expected close date', () => {
    expect(p('拜访了天泽新材，对方说年底前定供应商').opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-12-31');
    expect(p('去了天泽新材，预计元旦前签').opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-12-31');
  });

  it('amount changes take the new value; ranges carry none; our part of a project counts', () => {
    expect(p('拜访了天泽新材，价格从64万压到了59万').opportunity?.amount).toBe(590000);
    expect(p('拜访了天泽新材，预算大概40到50万').opportunity?.amount ?? null).toBeNull();
    expect(p('拜访了天泽新材，整个项目2600万，我们能做的部分大概180万').opportunity?.amount).toBe(1800000);
  });

  it('a payment plan is not money received', () => {
    const r = p('天泽新材回款计划：下月底付第二期20万');
    expect(r.deal?.paymentAmount ?? null).toBeNull();
    expect(r.deal?.plannedPayments).toEqual([expect.objectContaining({ amount: 200000 })]);
    expect(r.deal?.plannedPayments[0].dueAt?.slice(0, 10)).toBe('2026-12-31');
  });

  it('a lost deal keeps its reason; English losses count', () => {
    const r = p('天泽新材丢单了，对方选了更便宜的本地厂家');
    expect(r.opportunity).toMatchObject({ stage: 'LOST', lostReason: '对方选了更便宜的本地厂家' });
    expect(p('Lost Copperline Media to a cheaper agency').opportunity?.stage).toBe('LOST');
    // Whom it was lost to is the reason.
    expect(p('天泽新材这单输了，输给了海德堡').opportunity).toMatchObject({ stage: 'LOST', lostReason: '输给了海德堡' });
    expect(p('天泽新材输给了海德堡，交期比我们短').opportunity?.lostReason).toBe('输给海德堡,交期比我们短');
  });

  it('标热点 and marking as hot set hot', () => {
    expect(p('天泽新材这个标成热点').hot).toBe(true);
    expect(p('Marking Copperline Media as hot').hot).toBe(true);
  });
});

describe('several customers, questions and times', () => {
  it('one part per customer, each with its own facts', () => {
    const r = p('今天跑了两家：天泽新材的宋经理说下周定；恒立液压的葛总拍板，预计60万，周五前报价');
    expect(r.customer).toBeNull();
    expect(r.parts.map((x) => x.customer.name)).toEqual(['天泽新材', '恒立液压']);
    const second = r.parts[1];
    expect(second.contacts.map((c) => c.name)).toEqual(['葛总']);
    expect(second.opportunity?.amount).toBe(600000);
    expect(r.parts[0].opportunity?.amount ?? null).toBeNull();
  });

  it('a later clause may name a part by its short form; "another one" is a customer, not a competitor', () => {
    const r = p('下午见了两家：澄江水务和另一家鹭岛食品，澄江那边预计45万，另一家鹭岛食品的经理说预算20万左右；鹭岛月底前再约');
    expect(r.parts.map((x) => x.customer.name)).toEqual(['澄江水务', '鹭岛食品']);
    expect(r.parts.map((x) => x.opportunity?.amount ?? null)).toEqual([450000, 200000]);
    expect(r.parts[1].nextSteps.map((x) => x.dueLabel)).toEqual(['月底前']);
    expect(p('澄江水务说另一家报价才18万').opportunity?.amount ?? null).toBeNull();
  });

  it('a meeting arranged for later is a step, titled by what happens then', () => {
    const r = p('跟岚山重工的孔科长约好了下周三上午碰面');
    expect(r.nextSteps.map((x) => [x.title, x.dueAt])).toEqual([['碰面', '2026-12-02T09:00:00+08:00']]);
    expect(p('禾丰牧业后天再跟进').nextSteps.map((x) => x.dueLabel)).toEqual(['后天']);
  });

  it('a question never becomes a task', () => {
    expect(p('这个季度能签下来的单子有哪些？').intent).toBe('query');
    expect(p('今晚吃啥').intent).toBe('unknown');
  });

  it('a request for an analysis names a stage as its subject, it does not record one', () => {
    expect(p('上季度输单原因统计').query?.kind).toBe('lost_reasons');
    expect(p('这个月丢标原因分析').intent).toBe('query');
    expect(p('锦程物流丢单了，原因是交期太长').opportunity?.stage).toBe('LOST');
  });

  it('the activity is never later than the message that reports it', () => {
    const r = p('下午去了天泽新材', { now: new Date('2026-11-23T13:39:00+08:00') });
    expect(r.activity?.occurredAt).toBe('2026-11-23T13:39:00+08:00');
  });

  it('a manager hands a step to a colleague', () => {
    const r = p('让王强后天去回访天泽新材');
    expect(r.intent).toBe('create_task');
    expect(r.nextSteps[0]).toMatchObject({ assignee: '王强' });
    expect(r.contacts).toEqual([]);
  });
});

describe('more ways reps say it (blind set h)', () => {
  it('who decides, who uses, who evaluates, who is on our side — said in many ways', () => {
    expect(names('跟华润啤酒的物流总监乔总喝了顿茶，他说预算是集团批，他本人更倾向我们，愿意当我们的内线')).toEqual(['乔总:COACH']);
    expect(names('拜访 海天味业 见了 品控部 韦姐 和 采购 司马经理 司马经理最后定 韦姐是用的人')).toEqual(['韦姐:USER', '司马经理:DECISION_MAKER']);
    expect(names('和温州红蜻蜓的蒋总通了电话 她是老板 下周签')).toEqual(['蒋总:DECISION_MAKER']);
    expect(names('今天去了格力的设备处，处长人不错 但说项目归总部 真正定的是总部的孟副总')).toContain('孟副总:DECISION_MAKER');
    expect(names('去了三一重工 见了采购部柴总 柴总说技术要找研究院的骆博士')).toContain('骆博士:TECHNICAL');
    expect(names('见了 晶澳 的 阚经理 阚经理是最终用户')).toEqual(['阚经理:USER']);
    expect(names('Zoom call with Dr. Omar Haddad (owner, he signs) at Cedar Dental.')).toEqual(['Dr. Omar Haddad:DECISION_MAKER']);
  });

  it('finished visits, voice calls, trips and phone calls said at the end are activities', () => {
    const kinds = (t: string) => [p(t).intent, p(t).activity?.type ?? null];
    expect(kinds('嗨 刚见完茅台的窦处 聊得不错')).toEqual(['log_activity', 'VISIT']);
    expect(kinds('跟中通快递的Kevin打了语音，他说价格偏高')).toEqual(['log_activity', 'CALL']);
    expect(kinds('Talked to Ana at Pinewood Foods on the phone about the renewal')).toEqual(['log_activity', 'CALL']);
    expect(p('青岛啤酒跑了一趟，见了供应部的贝经理').customer?.name).toBe('青岛啤酒');
    expect(p('今天拜访了一家新客户，叫龙蟠科技，接待我们的是行政部的殷经理').customer?.name).toBe('龙蟠科技');
  });

  it('notes split by · or | are clauses; a label header makes a to-do', () => {
    const r = p('拜访完毕：中天钢铁 · 联系人：设备部尚经理 · 下次：12月2日提交方案');
    expect(r.activity?.type).toBe('VISIT');
    expect(r.nextSteps.map((x) => x.dueAt?.slice(0, 10))).toEqual(['2026-12-02']);
    expect(p('提醒：后天下午3点 伟星新材 线上演示').intent).toBe('create_task');
    expect(p('note to self: send the W-9 to Bluefin Labs tomorrow').nextSteps[0]?.dueAt?.slice(0, 10)).toBe('2026-11-24');
  });

  it('a day of next month and offsets from today are dates', () => {
    expect(p('下个月15号 跟三角轮胎谈续签').nextSteps[0]?.dueAt?.slice(0, 10)).toBe('2026-12-15');
    expect(p('三天后给九牧卫浴发报价').nextSteps[0]?.dueAt?.slice(0, 10)).toBe('2026-11-26');
    expect(p('一周后回访欧派家居 看看样板间').intent).toBe('create_task');
  });

  it('a total beside unit prices is the amount; a unit price alone is none; the price finally agreed wins', () => {
    expect(p('拜访了 三全食品 生产部 宫经理 要换三条包装线 单线52万 三条156万').opportunity?.amount).toBe(1560000);
    expect(p('见了温氏的数字化负责人汤总 首期8个场 一个场12万 首期合计96万').opportunity?.amount).toBe(960000);
    expect(p('跟利郎的采购经理吃了个午饭 我们报68万 他们还价60万 最后谈到64万').opportunity?.amount).toBe(640000);
    expect(p('联想的采购说单价1200 要400台 预计下周下单').opportunity?.amount ?? null).toBeNull();
  });

  it('hot said with flames or by adding to the list; undo said as 删掉; stages as states and jumps', () => {
    expect(p('🔥🔥 卫龙食品')).toMatchObject({ intent: 'mark_hot', hot: true, customer: { name: '卫龙食品' } });
    expect(p('洽洽食品 加🔥').hot).toBe(true);
    expect(p('帮我把维达集团加到热点').hot).toBe(true);
    expect(p('刚那条发错了 删掉').intent).toBe('undo');
    expect(p('雷士照明 谈判中，客户要求再降2个点').opportunity?.stage).toBe('NEGOTIATION');
    expect(p('石头科技 从需求确认直接跳到谈判了').opportunity?.stage).toBe('NEGOTIATION');
    expect(p('小牛电动那单 我们已经报价了 66万').opportunity?.stage).toBe('QUOTATION');
    expect(p('方案中提到的功能他们都要').opportunity?.stage ?? null).toBeNull();
  });

  it('every close verb in a clause can take its time; buying words are close verbs', () => {
    expect(p('和台州吉利的钟总通了个电话 他是老板 定了 这周内签').opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-11-27');
    expect(p('微信 九号公司 汪总 说样品没问题 下个月初能下第一批单').opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-12-01');
    expect(p('今天和招商银行深圳分行的钱处开了个会 要在12月18号之前完成选型').opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-12-18');
  });

  it('a deal field changed on a named customer is an update; corrections point with sorry/oops and say "X, not Y"', () => {
    expect(p('安踏的金额改成88万')).toMatchObject({ intent: 'update_opportunity', customer: { name: '安踏' }, opportunity: { amount: 880000 } });
    expect(p('金额改成88万').intent).toBe('correction');
    expect(p('Oops - amount is 45k not 54k').correction).toMatchObject({ field: 'amount', to: '45000' });
    expect(p('Sorry, the close date should be Jan 12, not Jan 2').correction?.field).toBe('expected_close_date');
    expect(p('下次跟进时间改一下，不是周二，是周五')).toMatchObject({ intent: 'correction', customer: null, correction: { field: 'due_at' } });
  });

  it('meetings by the way are activities; a lost or won deal said plainly; a place with 上 is where, not who', () => {
    const kind = (t: string) => p(t).activity?.type ?? null;
    expect(kind('和宏大建设的项目经理贺工在工地碰了个头，方案他基本认可')).toBe('VISIT');
    expect(kind('下午去东方精工找采购聊了一下')).toBe('VISIT');
    expect(kind('晚饭跟新华书店的严经理一起吃的，他说明年要换系统')).toBe('OTHER');
    expect(p('Swung by Maple Bakery. Owner Jo Lin is the decision maker.')).toMatchObject({ customer: { name: 'Maple Bakery' }, activity: { type: 'VISIT' } });
    expect(p('在展会上认识了中科曙光的运维经理Leo，交换了名片').customer?.name).toBe('中科曙光');
    expect(p('华星光电输了，价格没拼过').opportunity?.stage).toBe('LOST');
    expect(p('Email from Ivan at Osprey Freight: they have chosen another vendor. Marking this one lost.').opportunity?.stage).toBe('LOST');
    expect(p('蓝天机械的单子签下来了！25万').opportunity?.stage).toBe('WON');
    expect(p('电话里和春秋旅游的汪经理过了一遍合同，转谈判').opportunity?.stage).toBe('NEGOTIATION');
  });

  it('well-known companies written bare are companies, not words or people', () => {
    expect(p('今天和李宁的电商部开了线上会，对接人是运营经理Kiki')).toMatchObject({ customer: { name: '李宁' } });
    expect(p('今天和李宁的电商部开了线上会').contacts).toEqual([]);
    expect(p('下周二跟屈臣氏的Joyce去门店实地看').customer?.name).toBe('屈臣氏');
    expect(p('发了邮件给老板电器的采购周小姐').customer?.name).toBe('老板电器');
    expect(p('我们老板下周去拜访').customer).toBeNull();
  });

  it('"today:" heads a to-do list only at the start, not after a report of visits', () => {
    const r = p('Visited three prospects in Denver today: Oracle, Safeway and a small startup. Oracle wants a follow-up demo next Thursday.');
    expect(r).toMatchObject({ intent: 'log_activity', activity: { type: 'VISIT' } });
    expect(p('Today: call Brightline, email the deck to Osprey').intent).toBe('create_task');
  });

  it('pinyin names written surname first are people', () => {
    expect(names('Dinner with Zhao Lei from Jadeite Hotels. He heads group procurement.')).toEqual(['Zhao Lei:OTHER']);
    expect(names('Call with Chen Yiwei at Lotus Biotech, she is the CTO')).toEqual(['Chen Yiwei:TECHNICAL']);
  });

  it('a question about what is planned lists my tasks; a time is never the person asked about', () => {
    expect(p('后天要回访哪些客户？').query?.kind).toBe('my_tasks');
    expect(p('这周还要跟进谁').query).toMatchObject({ kind: 'my_tasks', subject: null });
  });

  it('a time, then what was arranged for it, is a step', () => {
    expect(p('澄江水务下周二约了演示').nextSteps.map((x) => x.dueAt?.slice(0, 10))).toEqual(['2026-12-01']);
  });

  it('the activity summary leaves out the figure with all its cue words', () => {
    expect(p('下午跟设备部的严工通了电话，他们预算大概60万').activity?.summary).toBe('跟设备部的严工通电话');
  });
});

describe('a group named only to place the company the rep dealt with is not the customer', () => {
  const known = ['鼎力机械', '青松医药'];
  const rows: Array<[string, string]> = [
    ['上午去了鼎力机械的子公司鼎力液压，设备科郝科长在，预算25万', '鼎力液压'],
    ['拜访了青松医药旗下的青松大药房，门店要上收银系统', '青松大药房'],
    ['致远仓储是鼎力机械的全资子公司，今天第一次上门，聊了WMS', '致远仓储'],
    ['去了新客户云帆包装，它的母公司是青松医药，预计18万', '云帆包装'],
    ['跑了一趟他们的子公司恒锐电气，见了采购', '恒锐电气'],
  ];
  for (const [text, want] of rows) {
    it(text, () => {
      expect(p(text, { knownCustomers: known }).customer?.name).toBe(want);
    });
  }

  it('two companies sharing a short form with different industry words are two companies', () => {
    expect(p('鼎力液压的单子今天报了价', { knownCustomers: known }).customer?.name).toBe('鼎力液压');
  });

  it('named alone, the group is still the customer', () => {
    expect(p('去了鼎力机械的子公司，预算25万', { knownCustomers: known }).customer?.name).toBe('鼎力机械');
  });

  it('a figure that is not the deal amount stays in the activity summary', () => {
    expect(p('拜访了鼎力机械，友商报了32万，比我们低').activity?.summary).toContain('32万');
  });
});

describe('a second company in a sentence of its own is never folded into the first', () => {
  it.each([
    ['上午去了启明教育，聊了排课；下午去了北斗汇，庞总说下个月再定', '北斗汇'],
    ['先拜访了海川医疗器械，然后去了蓝鲸家，见了店长', '蓝鲸家'],
  ])('%s', (text, second) => {
    const r = p(text);
    expect(r.customer).toBeNull();
    expect(r.parts.map((x) => x.customer.name)).toContain(second);
  });

  it('a weak word in the same sentence as the customer does not split the message', () => {
    expect(p('拜访了海川医疗器械，聊了鸿蒙适配的事').customer?.name).toBe('海川医疗器械');
  });

  it.each([
    '问了两个客户：银河阀门说预算批了，60万；北岭纺机还在比价',
    '东瑞泵业说下个月招标，预计90万；南港船舶那边暂时不动',
  ])('two names of the same weight, each in its own sentence: the amount stays with the one it was said of (%s)', (text) => {
    const r = p(text);
    expect(r.customer).toBeNull();
    expect(r.opportunity).toBeNull();
    const withAmount = r.parts.filter((x) => x.opportunity?.amount);
    expect(withAmount.map((x) => x.customer.name)).toEqual([r.parts[0].customer.name]);
    expect(r.parts).toHaveLength(2);
  });
});

describe('a contact\'s new title is a title change of that contact', () => {
  it.each([
    ['邵宁升职了，现在是运营副总', '邵宁', '运营副总'],
    ['蓝湾水务的饶卫东已经调任总工程师了', '饶卫东', '总工程师'],
    ['费立群现在是我们的内线', '费立群', '内线'],
  ])('%s', (text, who, title) => {
    const r = p(text, { knownCustomers: ['蓝湾水务'] });
    expect(r.intent).toBe('correction');
    expect(r.correction).toMatchObject({ field: 'contact_role', from: null, to: title });
    expect(r.contacts[0]).toMatchObject({ name: who, title });
  });

  it('only a company named before the person is theirs; words of the title never make a customer', () => {
    expect(p('邱永刚已经升任技术总监了').customer).toBeNull();
    expect(p('蓝湾水务的饶卫东已经调任总工程师了', { knownCustomers: ['蓝湾水务'] }).customer?.name).toBe('蓝湾水务');
  });

  it('a state of the deal or a remark is not a title', () => {
    expect(p('邵宁说现在是关键时期').intent).not.toBe('correction');
    expect(p('蓝湾水务现在是谈判阶段', { knownCustomers: ['蓝湾水务'] }).intent).not.toBe('correction');
  });
});

describe('more ways reps say it (blind set i)', () => {
  const due = (t: string) => p(t).nextSteps.map((x) => x.dueAt?.slice(0, 10));

  it('a time, then 我们 and what we do, is our step', () => {
    expect(due('和远航船舶通了电话，下周四我们把检测报告送过去')).toEqual(['2026-12-03']);
    expect(due('拜访了文峰商场 明天咱们把报价单改好发过去')).toEqual(['2026-11-24']);
  });

  it('a note spaced word by word: a time heads the action after it, 之前/之间 end the words before', () => {
    expect(due('拜访了 海岳物流 见了 仓储主管 老樊 周四 之前 把 报价 发给 他')).toEqual(['2026-11-26']);
    const r = p('跟 远帆教育 的 严校长 通了电话 预算 三四十万 之间 下周二 去 学校 演示');
    expect(r.nextSteps.map((x) => x.dueAt?.slice(0, 10))).toEqual(['2026-12-01']);
    expect(r.opportunity?.amount ?? null).toBeNull();
  });

  it('what the customer asks of us (她要我们…) is our step; a call or WeChat that carried the ask is the activity', () => {
    expect(due('见了新港码头的运营经理Linda 她要我们下周五之前给一份报价')).toEqual(['2026-12-04']);
    const r = p('华远陶瓷的陆总微信上说周四前要我们把样砖寄过去');
    expect(r).toMatchObject({ intent: 'log_activity', activity: { type: 'WECHAT' } });
    expect(r.nextSteps.map((x) => x.dueAt?.slice(0, 10))).toEqual(['2026-11-26']);
    expect(p('明天微信上说一下华远陶瓷的价格').intent).toBe('create_task');
  });

  it('departments, branch sites and industry words are data: 科研处/储运部 are inside a customer, a distribution centre is a site of it', () => {
    expect(p('拜访 天成材料 科研处 邹处长 聊了新配方').customer?.name).toBe('天成材料');
    expect(p('去了 佳禾医药流通 见了 储运部 的 花经理').customer?.name).toContain('佳禾医药');
    expect(p('今天去了一趟鲜丰生鲜物流中心，见了仓库主管小鲍').customer?.name).toBe('鲜丰生鲜');
    expect(p('拜访了丰谷米业 见了生产副总 尚总').customer?.name).toBe('丰谷米业');
    expect(p('Dropped by Hillcrest Tutoring after lunch, met the owner').customer?.name).toBe('Hillcrest Tutoring');
  });

  it('role cues: who will use it (是以后操作…的人, 以后天天用, who will use … every day), 技术上他把关, 这事他来定', () => {
    expect(names('见了华泰药业的 计主任 和 信息科的 小滕 小滕是以后操作这套系统的人')).toContain('小滕:USER');
    expect(names('去 长荣纸业 见了 生产部 的 祁姐 以后天天用 设备部 的 卫工 管技术')).toEqual(['祁姐:USER', '卫工:TECHNICAL']);
    expect(names('和宏伟钢构开了个会，采购是严经理，技术是温工，温工说技术上他把关')).toContain('温工:TECHNICAL');
    expect(names('见到了青松家具的老板，姓柯，柯总说这事他来定')).toEqual(['柯总:DECISION_MAKER']);
    expect(names('Called Maplewood Dairy, spoke with shift lead Nora Quinn, who will use the scanners every day.')).toEqual(['Nora Quinn:USER']);
  });

  it('close dates: 把<object>定下来 after the deadline, a negated 定 decides nothing, choosing between vendors by a date, "close date <date>"', () => {
    const close = (t: string) => p(t).opportunity?.expectedCloseDate?.slice(0, 10) ?? null;
    expect(close('和嘉恒医院的设备科开了会，科长说月底前要把中标单位定下来')).toBe('2026-11-30');
    expect(close('今天拜访了远达纸品预算还没定下周四我们带样品过去')).toBeNull();
    expect(close('Called Fairmont Logistics. They are choosing between three vendors by Dec 14.')).toBe('2026-12-14');
    expect(close('Harbor Point Dental: stage → negotiation, close date Feb 3')).toBe('2027-02-03');
  });
});


describe('what the customer side will do is not our next step', () => {
  const known = ['晨光印务', '启航汽配'];
  it.each([
    '拜访了晨光印务，厂长说下周三给我们回话',
    '去了启航汽配，他们月底前走完内部审批',
    '和晨光印务的barbara通了电话，邵总下周去德国出差，回来再议',
    '拜访了启航汽配，采购蔡经理说周五前给结果',
  ])('%s', (text) => {
    expect(p(text, { knownCustomers: known }).nextSteps).toEqual([]);
  });

  it.each([
    ['拜访了晨光印务，邵总说我们下周一前把打样寄过去', '2026-11-30'],
    ['去了启航汽配 见了蔡经理 他是采购负责人 周四前给他发报价', '2026-11-26'],
    ['拜访了启航汽配，蔡经理下周出差，所以我们周三前把合同寄过去', '2026-11-25'],
  ])('%s — still ours', (text, due) => {
    expect(p(text, { knownCustomers: known }).nextSteps.map((s) => s.dueAt?.slice(0, 10))).toContain(due);
  });
});

describe('a meeting or visit the customer side speaks of or plans, still to come, is no activity of ours', () => {
  const known = ['晨光印务', '启航汽配'];
  it.each([
    '启航汽配的客户说月底要开个会评审我们的方案',
    '晨光印务那边下周开会讨论我们的报价',
    '他们下周三要来我们公司参观',
    '晨光印务的邵总说下周二来我们这边看演示',
    'Their CFO said they will have a meeting next week to review our proposal',
  ])('%s', (text) => {
    const r = p(text, { knownCustomers: known });
    expect(r.activity).toBeNull();
    expect(r.nextSteps).toEqual([]);
    expect(r.intent).not.toBe('query');
  });

  it('the call that carried it stays a call, dated by our words, and keeps their time in its summary', () => {
    const r = p('给晨光印务邵总打了电话，他说周四要开会讨论一下', { knownCustomers: known });
    expect(r.activity?.type).toBe('CALL');
    expect(r.activity?.occurredAt).toBe('2026-11-23T10:00:00+08:00');
    expect(r.activity?.summary).toContain('周四要开会');
    // …and a past time in what they said is theirs too.
    expect(p('上午给启航汽配蔡经理打了个电话，她说上周已经把预算报上去了', { knownCustomers: known }).activity?.occurredAt?.slice(0, 10)).toBe('2026-11-23');
  });

  it('their contact that happened is still dated by its time; a meeting they held is not undone', () => {
    expect(p('启航汽配的财务蔡总昨天下午来电话问发票', { knownCustomers: known }).activity?.occurredAt).toBe('2026-11-22T15:00:00+08:00');
    expect(p('昨天和晨光印务开了个会，定了排产计划', { knownCustomers: known }).activity?.type).toBe('MEETING');
  });

  it('after a time still ahead, with nothing past, no activity happened; its time stays in the words', () => {
    for (const t of ['后天启航汽配开会评审我们的图纸', '下周四晨光印务邵总来访']) expect(p(t, { knownCustomers: known }).activity).toBeNull();
    const sms = p('给启航汽配的蔡经理发了条短信，提醒她后天的到货验收', { knownCustomers: known });
    expect(sms.activity?.type).toBe('OTHER');
    expect(sms.activity?.summary).toContain('后天的到货验收');
    expect(p('昨天晚上和晨光印务开了个会', { knownCustomers: known }).activity?.type).toBe('MEETING');
  });

  it('"客户说…" is the customer speaking, not a look-up of a customer called "说…"', () => {
    expect(p('客户说要开会评审一下').intent).not.toBe('query');
    expect(p('客户 启航汽配', { knownCustomers: known }).query?.kind).toBe('customer');
  });
});

describe('a range in Chinese numerals or English words is no amount', () => {
  it.each([
    '拜访了禾川仪表，预算大概十二到十八万',
    '禾川仪表那边说预算在八十至九十万之间',
    '和禾川仪表电话沟通，项目大概四五十万',
    '禾川仪表 预算六七十万左右',
    'Met Larkspur Tools, budget is 30 to 40k',
  ])('%s', (text) => {
    expect(p(text).opportunity?.amount ?? null).toBeNull();
  });

  it('a change from one figure to another, a weekday before 到, and a single figure keep their amount', () => {
    expect(p('拜访了禾川仪表，价格从三十五谈到三十二万').opportunity?.amount).toBe(320000);
    expect(p('禾川仪表 合同额二十八万，周三到账').opportunity?.amount).toBe(280000);
    expect(p('拜访了禾川仪表，预算大概十八万').opportunity?.amount).toBe(180000);
  });
});

describe('a verb that starts a word ends the name before it', () => {
  it.each([
    ['周四上午给云岭制药的郑国回个电话', '郑国'],
    ['提醒我后天给郑国回电话', '郑国'],
    ['上午去了云岭制药，对接人是郑国回复很快', '郑国'],
    ['拜访了云岭制药，采购经理郑国回消息说价格可以', '郑国'],
    ['电话沟通了云岭制药的郑国约了下周二看样机', '郑国'],
    ['云岭制药的郑国打电话来问交期', '郑国'],
  ])('%s', (text, name) => {
    const r = p(text);
    expect(r.contacts.map((c) => c.name)).toContain(name);
    expect(r.customer?.name ?? '').not.toContain(`${name}回`);
  });

  it('a name is never the customer, and a weekday opens no name', () => {
    expect(p('给郑国回电话，问问交期').customer).toBeNull();
    expect(p('云岭制药的郑国约了周四见面').contacts.map((c) => c.name)).toEqual(['郑国']);
  });

  it('a given name ending in 发 is kept whole', () => {
    expect(p('拜访了云岭制药的陈金发，聊得不错').contacts.map((c) => c.name)).toEqual(['陈金发']);
  });

  it.each([
    ['设备科主任来电，问维保合同什么时候续', []],
    ['云岭制药的质量部长来访，看了产线', []],
    ['云岭制药采购部周经理来电催交期', ['周经理']],
  ])('a verb right after a title is what they did, not a name: %s', (text, want) => {
    expect(p(text).contacts.map((c) => c.name)).toEqual(want);
  });
});

describe('an everyday verb inside a company name stays in it when the whole is anchored as a customer', () => {
  it.each([
    ['上午拜访了南方希望集团，见了王总', '南方希望集团'],
    ['南方希望集团设备部刘经理来电', '南方希望集团'],
    ['昨天回访了北方希望集团', '北方希望集团'],
  ])('%s', (text, want) => {
    expect(p(text).customer?.name).toBe(want);
  });

  it('with nothing anchoring it, the verb is the verb', () => {
    expect(p('鞍钢需要集团审批，下周才有结果').customer?.name ?? '').not.toContain('需要');
    expect(p('他们希望集团统一采购').customer).toBeNull();
  });
});

describe('English contacts keep full names and the title said before or after them', () => {
  const contact = (t: string) => p(t).contacts.map((c) => `${c.name}|${c.title ?? ''}`);
  it.each([
    ['Rang Nora Quinn at Bellwether Mills, she is the purchasing manager', 'Nora Quinn|purchasing manager'],
    ['Visited Tallis Foods, met Peter Grant, Head of Procurement, about the rollout', 'Peter Grant|Head of Procurement'],
    ['Call with Tallis Foods: spoke with operations lead Maya Singh', 'Maya Singh|operations lead'],
    ['Met their COO Ravi Menon at Tallis Foods today', 'Ravi Menon|COO'],
    ['Visited Tallis Foods and met their finance director Olivia Hart', 'Olivia Hart|finance director'],
    ['Visited Tallis Foods. Greg Novak is the IT manager there', 'Greg Novak|IT manager'],
    ['Called Tallis Foods and spoke with Director Finance Rob Keane', 'Rob Keane|Director Finance'],
  ])('%s', (text, want) => {
    expect(contact(text)).toContain(want);
  });

  it('a title given to our own person makes a colleague; a title said of someone else is not the next person\'s', () => {
    expect(contact('Visited Tallis Foods with our solutions engineer Ryan, met Maya Singh')).toEqual(['Maya Singh|']);
    expect(contact('Visited Tallis Foods with Ryan Cole, our account manager, and met Maya Singh')).toEqual(['Maya Singh|']);
    expect(contact('拜访了Tallis Foods，见了Maya和Ryan，Ryan是IT lead, Maya负责采购')).not.toContain('Maya|IT lead');
  });

  it('a possessive before the title is not part of it', () => {
    expect(contact("Emailed Tallis Foods's plant manager Hugo Diaz the quote")).toContain('Hugo Diaz|plant manager');
  });
});

describe('a close date said as a quarter is the last day of that quarter', () => {
  const close = (t: string) => p(t).opportunity?.expectedCloseDate?.slice(0, 10) ?? null;
  it.each([
    ['拜访了澄江环保，对方说明年二季度定供应商', '2027-06-30'],
    ['澄江环保 预计第三季度签', '2027-09-30'],
    ['澄江环保这单预计Q4落地', '2026-12-31'],
    ['澄江环保 下季度签合同', '2027-03-31'],
    ['和澄江环保通了电话，项目计划明年一季度上线', '2027-03-31'],
    ['Call with Fernway Labs, they expect to sign in Q2 2027', '2027-06-30'],
    ['澄江环保预计明年10月签约', '2027-10-31'],
  ])('%s', (text, want) => {
    expect(close(text)).toBe(want);
  });

  it('a go-live on a day is no close date; a quarter target is no close date', () => {
    expect(close('拜访了澄江环保，我们周四上线测试环境')).toBeNull();
    expect(p('把我三季度的目标设成300万').intent).toBe('set_target');
  });
});

describe('a decision that waits for an event has no close date', () => {
  it.each([
    '拜访了汇森纺织，纪总说董事长下周回来再定',
    '和汇森纺织通了电话，他们月底开完会再拍板',
    '汇森纺织那边说下周评估完再定供应商',
  ])('%s', (text) => {
    const r = p(text);
    expect(r.opportunity?.expectedCloseDate ?? null).toBeNull();
    expect(r.nextSteps).toEqual([]);
  });

  it('a decision with a date of its own keeps it; our step beside the wait stays ours', () => {
    expect(p('汇森纺织 下周再定').opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-11-30');
    const r = p('拜访了汇森纺织，老板下周回来再拍板，我们周四前把样品寄过去');
    expect(r.opportunity?.expectedCloseDate ?? null).toBeNull();
    expect(r.nextSteps.map((s) => s.dueAt?.slice(0, 10))).toEqual(['2026-11-26']);
  });
});

describe("a contact's phone number and WeChat ID", () => {
  const details = (t: string) => p(t).contacts.map((c) => `${c.name}|${c.phone ?? ''}|${c.wechat ?? ''}`);
  it.each([
    ['下午拜访了德茂机械的采购经理孙立，她手机是15866667777', '孙立|15866667777|'],
    ['去了德茂机械，见了孙立，电话 158-6666-7777，微信sunli_dm', '孙立|15866667777|sunli_dm'],
    ['和德茂机械的孙立通了电话，她微信号是sunli2020', '孙立||sunli2020'],
    ['Visited Dunmore Tools, met Lena Ortiz, her mobile is 13900001111', 'Lena Ortiz|13900001111|'],
  ])('%s', (text, want) => {
    expect(details(text)).toContain(want);
  });

  it('details alone are no call and no chat; the person they belong to keeps them', () => {
    const r = p('孙立的手机号是15866667777');
    expect(r.activity).toBeNull();
    expect(r.contacts).toEqual([expect.objectContaining({ name: '孙立', phone: '15866667777' })]);
    expect(p('孙立微信sunli_dm').activity).toBeNull();
  });

  it('phone and wechat are optional and nullable in the contract (an LLM reply may omit them or send null)', () => {
    const base = { name: '孙立', title: null, role: 'OTHER' };
    expect(ContactSchema.parse(base)).toEqual(base);
    expect(ContactSchema.parse({ ...base, phone: null, wechat: null }).phone).toBeNull();
    expect(ContactSchema.parse({ ...base, phone: '15866667777', wechat: 'sunli_dm' }).wechat).toBe('sunli_dm');
  });

  it('a call or a chat with someone is still one', () => {
    expect(p('今天给孙立打了电话，聊了交期').activity?.type).toBe('CALL');
    expect(p('微信上和孙立聊了一下报价').activity?.type).toBe('WECHAT');
    expect(p('微信Jennifer说下周给报价').activity?.type).toBe('WECHAT');
  });
});

describe('several customers: a person introduced with one customer takes later clauses about them to that customer', () => {
  it('each person\'s figure goes to the part of the customer they were introduced with', () => {
    const r = p('上午见了远航物流的郭经理和金石建材的冯总，郭经理说预算25万，冯总那边报价50万');
    expect(r.parts.map((x) => [x.customer.name, x.contacts.map((c) => c.name), x.opportunity?.amount ?? null])).toEqual([
      ['远航物流', ['郭经理'], 250000],
      ['金石建材', ['冯总'], 500000],
    ]);
    expect(r.parts[0].summary).toContain('25万');
    expect(r.parts[1].summary).toContain('50万');
  });

  it('a later clause about someone met at the first customer goes back to that customer, not the last one named', () => {
    const r = p('上午去了远航物流，郭经理说预算25万；下午去了金石建材，冯总说要压到50万；给郭经理再发一版方案，周五前');
    expect(r.parts.map((x) => [x.customer.name, x.nextSteps.map((n) => n.dueAt?.slice(0, 10))])).toEqual([
      ['远航物流', ['2026-11-27']],
      ['金石建材', []],
    ]);
  });

  it('a person named without a customer, or a clause about both, stays on no part', () => {
    const r = p('拜访了远航物流和金石建材，郭经理说预算25万');
    expect(r.parts.map((x) => x.opportunity?.amount ?? null)).toEqual([null, null]);
    const both = p('见了远航物流的郭经理和金石建材的冯总，两家都说预算28万左右');
    expect(both.parts.map((x) => x.opportunity?.amount ?? null)).toEqual([null, null]);
    expect(both.parts.map((x) => x.contacts.map((c) => c.name))).toEqual([['郭经理'], ['冯总']]);
  });

  it('in English too: the person before "from/at X" or after "X\'s" is X\'s, and "X and Mei" ends the name at the person', () => {
    const r = p('Phoned Dana from Quillfield Robotics and Omar at Sunspire Foods; Dana said the budget is $45k, Omar wants $80k');
    expect(r.parts.map((x) => [x.customer.name, x.contacts.map((c) => c.name), x.opportunity?.amount ?? null])).toEqual([
      ['Quillfield Robotics', ['Dana'], 45000],
      ['Sunspire Foods', ['Omar'], 80000],
    ]);
    const poss = p("Met Quillfield Robotics' CFO Dana and Sunspire Foods' Omar. Dana said the budget is 45k, Omar wants 80k");
    expect(poss.parts.map((x) => [x.contacts.map((c) => c.name), x.opportunity?.amount ?? null])).toEqual([
      [['Dana'], 45000],
      [['Omar'], 80000],
    ]);
  });

  it('deal updates for several customers without a visit are an update of each part', () => {
    const r = p('远航物流郭经理说预算加到25万，金石建材的冯总说合同额60万');
    expect(r.intent).toBe('update_opportunity');
    expect(r.parts.map((x) => [x.customer.name, x.opportunity?.amount ?? null])).toEqual([
      ['远航物流', 250000],
      ['金石建材', 600000],
    ]);
    const plain = p('金石建材预计48万，远航物流预计15万');
    expect(plain.intent).toBe('update_opportunity');
    expect(plain.parts.map((x) => [x.customer.name, x.opportunity?.amount ?? null])).toEqual([
      ['金石建材', 480000],
      ['远航物流', 150000],
    ]);
  });
});

describe('a time said alone after a comma is the time of the clause before it (or, said first, of the one after)', () => {
  it.each([
    ['把样品寄给金石建材的冯总，下周二上午', '把样品寄给金石建材的冯总', '2026-12-01'],
    ['约一下郭经理看演示，周四前', '约一下郭经理看演示', '2026-11-26'],
    ['ring Dana about the renewal, Wednesday afternoon', 'ring Dana about the renewal', '2026-11-25'],
    ['把发票开给远航物流，最晚月底', '把发票开给远航物流', '2026-11-30'],
    ['后天上午，去金石建材做培训', '去金石建材做培训', '2026-11-25'],
  ])('%s', (text, title, day) => {
    const r = p(text);
    expect(r.intent).toBe('create_task');
    expect(r.activity).toBeNull();
    expect(r.nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10)])).toEqual([[title, day]]);
  });

  it('a time said first in a clause of its own heads the steps of the list after it, also in each customer\'s part', () => {
    const r = p('下周一，给远航物流寄样品，再约金石建材的冯总');
    expect(r.nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10)])).toEqual([
      ['给远航物流寄样品', '2026-11-30'],
      ['再约金石建材的冯总', '2026-11-30'],
    ]);
    expect(r.parts.map((x) => x.nextSteps.map((n) => n.dueAt?.slice(0, 10)))).toEqual([['2026-11-30'], ['2026-11-30']]);
    // Without the comma the time is the first step's only.
    expect(p('下周一给郭经理寄样品，再约冯总').nextSteps.map((x) => x.dueLabel)).toEqual(['下周一', null]);
  });

  it('a meeting arranged, then its time in a clause of its own, is a step titled by the meeting', () => {
    const r = p('和金石建材约好了交流，下周四上午');
    expect(r.intent).toBe('create_task');
    expect(r.nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10)])).toEqual([['交流', '2026-12-03']]);
  });

  it('a past time said after dates what happened; a clause with its own time keeps it', () => {
    const r = p('跟冯总通了个电话，前天晚上');
    expect(r.intent).toBe('log_activity');
    expect(r.activity?.occurredAt.slice(0, 10)).toBe('2026-11-21');
    expect(p('明天给郭经理发方案，下午').nextSteps.map((x) => x.dueLabel)).toEqual(['明天']);
  });
});

describe('the rep calling it a new customer right before its name', () => {
  it.each([
    ['上午拜访了新客户凌云测控，对方预算30万', '凌云测控'],
    ['意向客户是凌峰机电，约了周四见面', '凌峰机电'],
  ])('%s', (text, want) => {
    expect(p(text).customer).toMatchObject({ name: want, evidence: 'clear' });
  });
  it('with no name after it, nothing', () => {
    expect(p('今天见了个新客户，聊得不错').customer).toBeNull();
  });
});

describe('signings and payment plans said in passing', () => {
  it('a signing dated in the future is no contract', () => {
    for (const t of ['晚上跟凌峰机电的郝总吃饭他说下周签合同金额六十万', '凌峰机电说下个月初签约，合同额60万']) {
      expect(p(t, { knownCustomers: ['凌峰机电'] }).deal?.contractAmount ?? null, t).toBeNull();
    }
  });
  it('赢单了 with the contract figure and a payment keeps the stated contract', () => {
    const r = p('凌峰机电赢单了，合同金额72万，预付20万已到账', { knownCustomers: ['凌峰机电'] });
    expect(r.deal).toMatchObject({ contractAmount: 720000, paymentAmount: 200000 });
  });
  it('"尾款N万<date>付" is a planned payment', () => {
    const r = p('凌峰机电签了，合同72万，首付20万已到账，余款52万明年1月底付', { knownCustomers: ['凌峰机电'] });
    expect(r.deal?.plannedPayments.map((x) => [x.amount, x.dueAt?.slice(0, 10)])).toEqual([[520000, '2027-01-31']]);
  });
});

describe('a numbered list: each item is a clause of its own and its number is no part of it', () => {
  const due = (t: string) => p(t).nextSteps.map((s) => [s.title, s.dueAt?.slice(0, 10) ?? null]);
  it.each([
    ['见了鸿运包装的采购，后续：1. 周四前寄色卡 2. 下周一报价', [['寄色卡', '2026-11-26'], ['报价', '2026-11-30']]],
    ['接下来 1、明天给福田汽配回电话；2、月底前出投标文件', [['给福田汽配回电话', '2026-11-24'], ['出投标文件', '2026-11-30']]],
    ['待办列表：(1)周三上午去奥克斯开会 (2)周五前给海尔发样机', [['去奥克斯开会', '2026-11-25'], ['给海尔发样机', '2026-11-27']]],
    ['下一步：①后天寄合同 ②下周五回款跟进', [['寄合同', '2026-11-25'], ['回款跟进', '2026-12-04']]],
  ])('%s', (text, want) => {
    expect(due(text)).toEqual(want);
  });

  it('numbers that are amounts, dates or counts stay what they are', () => {
    expect(p('拜访了云图测绘，预算 1.2亿，下一步 1. 周三前发方案').opportunity?.amount).toBe(120000000);
    expect(p('Called Ridgeway Metals. They pick a vendor by Dec 11.').opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-12-11');
  });
});

describe('a document counted or handed over is a thing, not a company, though it ends in 材料 or 资料', () => {
  it.each([
    ['郑主任中午来电话，要我们下周一前补两份环评资料', '补两份环评资料'],
    ['明天给他们递交一套施工组织材料', '给他们递交一套施工组织材料'],
    ['周四前提供一份售后服务材料', '提供一份售后服务材料'],
  ])('%s', (text, title) => {
    const r = p(text);
    expect(r.customer).toBeNull();
    expect(r.nextSteps.map((s) => s.title)).toEqual([title]);
  });

  it('a company ending in 材料 is still one', () => {
    expect(p('上午拜访了金隅新材料，见了采购部汪经理').customer?.name).toBe('金隅新材料');
  });
});
