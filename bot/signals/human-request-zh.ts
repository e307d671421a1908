import { normalizeText } from '../../knowledge/text';
import { strongest, type HumanRequest } from './request-strength';

/**
 * A Chinese request for a person. On Chinese platforms the commonest way to ask is the shortest:
 * 人工, 转人工, 人工客服, 真人, 客服呢 — alone, repeated, or in front of the question
 * ("人工 我的快递怎么还没到"). Each word for a person is read with what stands before it (a verb
 * that reaches for it: 转 找 要 叫 联系; a negation; 是 in 你是人工吗) and after it (nothing; a
 * compound that makes it something else: 人工智能, 人工费, 真人秀; a contact detail: 客服电话).
 *
 * Decided: 人工审核 / 人工处理要多久 ask about a process, not for a person, and are not requests;
 * 你是人工吗 / 是机器人吗 ask what the bot is and are soft (the bot offers a person).
 */

/** Words that name a person of the company on their own, longest first. */
const PERSON = ['人工客服人员', '人工客服', '人工服务台', '人工服务', '人工坐席', '人工座席', '客服坐席', '坐席', '人工专员', '人工台', '真人客服', '真人服务', '专人服务', '活人客服', '在线人工', '人工', '真人', '活人', '接线员', '话务员', '客服人员', '客服专员', '客服经理', '专人'];
/** Words that name staff, but also the bot itself (客服你好): a person only when reached for or summoned. */
const STAFF = ['在线客服', '线上客服', '售后客服', '平台客服', '官方客服', '客服小姐姐', '客服', '工作人员', '专员', '经理', '主管', '领导', '负责人', '上级', '小二'];
/** The seller, on a marketplace: reaching for them is a softer request. */
const SELLER = ['商家', '卖家', '店家', '掌柜', '店主', '老板', '售后'];
const TERMS = [...PERSON, ...STAFF, ...SELLER].sort((a, b) => b.length - a.length);

/** What follows 人工 / 真人 / 专人 when it is not a person: 人工智能, 人工费, 人工湖, 真人秀, 专人配送. */
const COMPOUND = new RegExp(
  '^(大小|尺寸|比例|尺码|智能|智慧|智障|费|成本|湖|河|岛|林|降雨|降水|增雨|合成|养殖|饲养|繁殖|培育|种植|栽培|草|呼吸|授精|受精|流产|关节|晶体|耳蜗|心脏|器官|骨|牙|皮|革|色素|香精|香料|甜味|添加|造|制|打造|神经|鱼|珍珠|钻石|宝石|水晶|材料|纤维|光|照明|工资|价格|时|工时|秀|版|图|照|实拍|拍|试穿|试戴|模特|效果|视频|演|电影|游戏|cs|娃娃|发|手办|配送|送货|上门|取件|安装|维修)',
);
/** A process a person may carry out, asked about rather than asked for: 人工审核要多久. */
const PROCESS = /^(审核|审批|复核|核实|核查|核对|检测|检查|质检|鉴定|分拣|打包|录入|识别|标注|操作|判断|干预|做|制作|生产|加工|编织|缝制|挑选)/;
/** How to contact them, not them now: 客服电话, 人工客服的工作时间. */
const CONTACT = /^(的|是|有)?(电话|号码|热线|邮箱|地址|微信|qq|联系方式|工作时间|上班时间|营业时间|服务时间|几点|什么时候上班|上班)/;
/** Reaching for a person: 转人工, 找客服, 叫你们领导来. Glue (个, 你们, 一下) may stand between. */
const REACH = /(转接|转到|转给|转去|转|接通|接入|接|找|要|叫|喊|联系|联络|换|呼叫|切换|切|请求|申请|连线|连接|对接|交给|给我安排|安排|来个|来一个|来位|来一位)(个|一个|一下|下|到|你们的?|您们的?|你们那边的?|贵司的?|平台的?|官方的?|给我|我|一位|位|真正的|真的|个真的)*$/;
const HOW = /(怎么|怎样|如何|咋|怎么样才能|怎么才能|要怎么|哪里|在哪|哪儿)$/;
const WANT = /(我要|我想|想要|给我|请(?!问)|麻烦|需要|快点|赶紧|马上|速度|立刻|能否|可否|可以|求|让)/;
/** A negation just before the word, or before the verb that reaches for it: 不要转人工, 别找客服. */
const NEGATED = /(不要|不用|不需要|不想|不必|无需|没必要|甭|别|不)(再|去|给我|帮我|跟|和|让|用)?(转接|转|找|接|要|叫|联系|换)?(个|一个|你们的?)?$/;
/** Right after the word, with nothing more, what makes it a request: 人工呢, 客服出来, 真人回复. */
const SUMMONED = /^(人呢|呢|在哪里|在哪儿|在哪|去哪了|去哪|哪去了|(能否|可否|可以|能|快)?出来(一下|一个|个)?|快来|来处理|来一个|来个|来|快点|快|速度|回复我|回复|回答我|回答|回我|理我|介入|接待|接一下|接下|接|处理|在不在)/;
/** Where a staff word is itself the demand: 客服呢, 客服出来. */
const DEMANDED = /^(呢|人呢|在哪里|在哪儿|在哪|去哪了|去哪|哪去了|(能否|可否|可以|能)?出来(一下|一个|个)?|快来|快出来)/;
/** An order to the person that goes on with the task: 人工帮我查一下. */
const IMPERATIVE = /^(帮我|帮忙|来帮|给我|请|来看|看一下|看看)/;
/** The person asked about, not for: 投诉你们的客服, 人工处理要多久. */
const ABOUT = /(投诉|举报|批评|评价|表扬|感谢)/;
const DURATION = /(要多久|多久|多长时间|几天|多少钱|收费|怎么收费)/;
/** Words a bare request may come with: 人工人工, 快点人工！, 转人工谢谢. */
const COURTESY = /^(请|麻烦|快|快点|赶紧|马上|速度|谢谢|了|的|一下|啊|呀|吧|嘛|哦|喔|啦|哈|喂|好吗|可以吗|行吗|好否|能否|可否|你好|您好)+$/;
/** The customer runs the real question on after naming a person: 人工我的快递…, 人工我想问… */
const QUESTION_FOLLOWS = /^(我|请(?!问))/;
const MACHINE = '(机器人|机器|智能客服|自动回复|机器客服|智能助手|ai|电脑|程序)';
const REFUSES_MACHINE = new RegExp(`(不要|别|不想|不用|不需要|受够了?|不再|不跟|不和|别让|不要让|不想跟|不想和|别再|拒绝)(再)?(跟|和|让|用|是|听)?(你们的?|这个|这种|什么)?${MACHINE}`);
const DISMISSES_MACHINE = new RegExp(`${MACHINE}(滚|走开|闭嘴|别说了|别回|不要回|一边去|靠边)`);
const FED_UP_WITH_MACHINE = new RegExp(`${MACHINE}(.{0,4})(听不懂|没用|太笨|笨死|智障|答非所问|说不清|解决不了|不行|不懂)`);
/** Asking what the bot is: 你是人工吗, 是真人还是机器人, 你是机器人吧. */
const IDENTITY = new RegExp(`(是|是否|是不是)(人工|真人|活人|真的人|人|${MACHINE.slice(1, -1)})(吗|嘛|么|吧|啊|还是|呢|$|\\|)|(人工|真人|人)还是${MACHINE}|${MACHINE}还是(人工|真人|人)`);
/** Reaching out to anyone at all: 有人吗, 在吗, 人呢. */
const ANYONE = /(有人吗|有没有人(?!(买|用|吃|试|知道|遇到|碰到|去过|穿|住|收到|说|问|反映|像|跟我))|(?<=^|\|)我?(要|找)(个|一个)?(真)?人(?=$|\|)|有人在吗|有人在不|有人在没|有人么|有人嘛|(?<![现存实所])(在吗|在么|在嘛|在不在)|(?<=^|\||们|的)人呢|人都去哪|没人吗|有人理|有人管|有没有活人|能找个人|找个人|换个人|来个人|叫个人)/u;

/** A call from a person asked for: 给我回个电话, 请回电, 让客服给我打电话, 安排专人联系我. */
const CALLBACK = /(回(个|一个)?电话|回电|回拨|(给|跟)我打(个|一个)?电话|打(个|一个)?电话给我|(来电|电话|致电)联系我|联系一下我|联系我)/;
/** Calls the customer does not want: 别再给我打电话, 为什么老给我打电话, 骚扰电话. */
const UNWANTED_CALL = /(别|不要|不用|不需要|不必|为什么|为啥|老是|总是|一直|天天|又|骚扰|推销|诈骗|谁|陌生|未接|没接|接到|收到)/;
/** Who is asked to call, or how firmly: 让客服, 请, 尽快. */
const CALL_ASKED = /(请|让|叫|安排|麻烦|尽快|马上|赶紧|立刻|希望|需要|要求|客服|人工|专人|工作人员|经理|负责人)/;

function callback(text: string): HumanRequest | null {
  const call = CALLBACK.exec(text);
  if (!call) return null;
  const before = text.slice(Math.max(0, text.lastIndexOf('|', call.index - 1) + 1), call.index);
  if (UNWANTED_CALL.test(before) || /^(的|过|了)/.test(text.slice(call.index + call[0].length))) return null;
  const asked = CALL_ASKED.test(before);
  // 快递员联系我说…: someone contacting the customer, unless the customer asks for it.
  if (!asked && call[0].startsWith('联系')) return null;
  return { strength: asked ? 'explicit' : 'soft', evidence: call[0] };
}

function clean(text: string): string {
  // A-not-A questions (能不能, 可不可以, 要不要) ask, they do not negate: fold them to 能否.
  return normalizeText(text)
    // Characters typed apart: 转 人 工.
    .replace(/(?<=^|\s)\p{Script=Han}(?:\s+\p{Script=Han})+(?=\s|$)/gu, (run) => run.replace(/\s+/g, ''))
    // The same pinyin (rengong) slipped in the input method: 仁工, 人公 (not 主人公), 人功.
    .replace(/仁工|(?<!主)人公(?!司)|人功(?!能)/gu, '人工')
    .replace(/[\s\p{P}\p{S}\p{Emoji_Presentation}]+/gu, '|')
    .replace(/([能可要是会行好])不\1/gu, '$1否');
}

interface Occurrence {
  term: string;
  at: number;
}

function occurrencesIn(text: string): Occurrence[] {
  const found: Occurrence[] = [];
  for (let at = 0; at < text.length; ) {
    const term = TERMS.find((candidate) => text.startsWith(candidate, at));
    if (term) {
      found.push({ term, at });
      at += term.length;
    } else at += 1;
  }
  return found;
}

function readOccurrence(text: string, { term, at }: Occurrence): HumanRequest | null {
  const clauseStart = text.lastIndexOf('|', at - 1) + 1;
  const nextBreak = text.indexOf('|', at + term.length);
  const clauseEnd = nextBreak < 0 ? text.length : nextBreak;
  // Only the words near it matter; a bounded window keeps a 10,000-character message fast.
  const before = text.slice(Math.max(clauseStart, at - 16), at);
  const after = text.slice(at + term.length, Math.min(clauseEnd, at + term.length + 16));
  const person = PERSON.includes(term);
  const seller = SELLER.includes(term);
  if (['人工', '真人', '专人', '人工服务'].includes(term) && COMPOUND.test(after)) return null;
  if (/(非|纯|全|靠|用|手工和|机器和|机器或)$/.test(before) && term.startsWith('人工')) return null;
  if (PROCESS.test(after) || CONTACT.test(after) || /(智能|机器)$/.test(before) || ABOUT.test(before)) return null;
  // 我是商家, 我是客服: the customer says who they are; 想当你们的客服, 招客服吗: a job, not a person now.
  if (/(我是|我们是|本人是|当|做|应聘|招聘|招|兼职)(你们的?|一名|一个|个)?$/.test(before)) return null;
  // 为什么不转人工 and 怎么还不给我转人工 ask for it.
  if (NEGATED.test(before) && !/(为什么|为啥|怎么|咋|还)(还)?(不|没)/.test(before)) return null;
  const asked = /(是|是否|有没有|有无|有)$/.exec(before);
  if (asked) return { strength: 'soft', evidence: asked[0] + term };
  const reach = REACH.exec(before);
  const evidence = reach ? reach[0] + term : term;
  if (reach) {
    const lead = before.slice(0, reach.index);
    // 怎么联系客服 asks how; 怎么转人工 asks to be put through, which the bot can just do.
    if ((HOW.test(lead) && !reach[1]!.startsWith('转') && !person) || DURATION.test(after)) return { strength: 'soft', evidence };
    return { strength: seller ? 'soft' : 'explicit', evidence };
  }
  // 人工入口在哪, 人工服务在哪里点, 真人客服有没有: looking for the way to a person; 怎么没人工: finding none. The bot offers one.
  if (/^(的)?(入口|按钮|通道|选项)(在哪里|在哪儿|在哪|哪里|怎么进|怎么点|怎么找|在什么地方)|^(在哪里|在哪儿|在哪|哪里)(点|进|找|按)/.test(after) || /^(有没有|有吗|有么|有不)/.test(after)) {
    return { strength: person ? 'explicit' : 'soft', evidence };
  }
  // 人工在线吗, 真人客服在嗎: whether one is there.
  if (/^(在线)?(在吗|在么)|^在线(吗|么|不)/.test(after)) return { strength: 'soft', evidence };
  if (/(怎么|为什么|为啥|咋)(还)?(没有?|不)$/.test(before) && !/^(了|的)/.test(after)) return { strength: 'soft', evidence };
  if (seller || DURATION.test(after)) return null;
  const repeated = after.startsWith(term);
  const ends = (rest: string) => rest === '' || COURTESY.test(rest) || repeated;
  const summoned = SUMMONED.exec(after);
  const alone = ends(after) || (summoned !== null && ends(after.slice(summoned[0].length))) || PERSON.some((other) => after.startsWith(other));
  const leads = before === '' || COURTESY.test(before) || WANT.test(before) || /^(线上|在线|网上)$/.test(before);
  const demanded = DEMANDED.exec(after);
  if (demanded && ends(after.slice(demanded[0].length))) return { strength: 'explicit', evidence };
  // 找不到人工, 联系不上客服: the customer tried and could not.
  if (/(找不到|联系不上|联系不到|转不了|转不到|接不通|打不通|找不着)(你们的?)?$/.test(before)) return { strength: 'soft', evidence };
  // 跟人工聊, 和真人对话.
  if (/(跟|和|与|同)(你们的?)?$/.test(before) && /^(聊|说|谈|对话|沟通|交流|讲|通话|通电话|打电话)(?!过|了)/.test(after) && !/(已经|刚才|刚刚|之前)/.test(before)) {
    return { strength: person ? 'explicit' : 'soft', evidence };
  }
  if (/^(怎么|如何|怎样)(联系|找|转|接|进)/.test(after)) return { strength: 'soft', evidence };
  if (person) {
    // A clause of its own ("人工，我的快递…") or the question run on after it ("人工我的快递…").
    if (leads && (alone || QUESTION_FOLLOWS.test(after) || IMPERATIVE.test(after))) return { strength: 'explicit', evidence };
    return WANT.test(before) ? { strength: 'explicit', evidence } : null;
  }
  // 客服 and the like: the bot is called 客服 too (客服你好), so only summoning it counts.
  if (repeated) return { strength: 'explicit', evidence };
  if (/^(在吗|在么|在不在)/.test(after)) return { strength: 'soft', evidence };
  // The whole message is the word (客服！), or asks for it (我要客服): a summons. 客服，我想问… only addresses the bot.
  const rest = text.length <= term.length + 12 ? text.replace(/\|/g, '').replace(term, '') : null;
  const wholeMessage = rest === '' || (rest !== null && COURTESY.test(rest) && !/(谢谢|感谢|辛苦|你好|您好)/.test(rest));
  if ((wholeMessage || WANT.test(before)) && (after === '' || summoned)) return { strength: 'soft', evidence };
  return null;
}

export function chineseHumanRequest(text: string): HumanRequest | null {
  const cleaned = clean(text);
  if (!/\p{Script=Han}/u.test(cleaned)) return null;
  const readings: Array<HumanRequest | null> = occurrencesIn(cleaned).map((occurrence) => readOccurrence(cleaned, occurrence));
  const refused = REFUSES_MACHINE.exec(cleaned) ?? DISMISSES_MACHINE.exec(cleaned);
  if (refused) readings.push({ strength: 'explicit', evidence: refused[0] });
  readings.push(callback(cleaned));
  const fedUp = FED_UP_WITH_MACHINE.exec(cleaned);
  if (fedUp) readings.push({ strength: 'soft', evidence: fedUp[0] });
  const identity = IDENTITY.exec(cleaned);
  if (identity) readings.push({ strength: 'soft', evidence: identity[0].replace(/\|/g, '') });
  const anyone = ANYONE.exec(cleaned);
  if (anyone && !/个人(信息|资料|中心|账户|账号|主页|设置|隐私)/.test(cleaned.slice(anyone.index))) readings.push({ strength: 'soft', evidence: anyone[0] });
  return strongest(readings);
}
