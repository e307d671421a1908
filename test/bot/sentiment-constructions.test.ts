import { DEFAULT_TRIGGER_POLICY } from '../../bot/policy';
import { sentimentOf } from '../../bot/signals/sentiment';
import { beforeAnswer } from '../../bot/triggers';
import type { PastMessage } from '../../domain/conversation';

/**
 * How customers complain, in the project's own words: mostly not with insults but with waits,
 * things that never came, money taken twice, nobody answering, sarcasm; and reviews that say what
 * was wrong. Negations and contrasts decide what the customer means; a question about a process
 * (怎么退货, "how do I return this") is not a complaint.
 */
const label = (text: string) => sentimentOf(text).label;

describe('English complaints without a strongly negative word', () => {
  it.each([
    ['still no update on my refund'], ['my package still hasn\'t shown up'], ['it\'s been 5 days and still nothing'],
    ['2 weeks and no reply'], ['3 days and no refund yet'], ['ordered 10 days ago and still not delivered'],
    ['yet to receive my order'], ['I am yet to get my money back'], ['I haven\'t received my parcel'],
    ['haven\'t heard back from anyone'], ['the order never arrived'], ['never got a response'], ['been on hold for 45 minutes'],
    ['on hold for an hour now'], ['waited 2 hours at the airport'], ['waiting for 3 hours at the gate'],
    ['still waiting for my bag'], ['sitting on the tarmac for 90 minutes'],
    ['I have been waiting for my refund for three weeks'], ['the product is fine but delivery took forever'],
    ['bag didn\'t make it to Boston. again.'], ['been sitting at the gate for an hour with no information'],
  ])('reads the wait or the thing not come in "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['no one answers the phone'], ['nobody is picking up'], ['no response from your team'], ['no reply to my emails'],
    ['I was charged twice'], ['you charged me twice for one order'], ['double charged on my card'],
    ['money deducted but order not placed'], ['flight delayed again'], ['delayed for the third time'],
    ['another delay, of course'], ['can\'t get through to anyone'], ['they hung up on me'],
    ['40 minutes on hold just to be disconnected'], ['the app keeps crashing'], ['the wifi never works'],
    ['my seat doesn\'t work'], ['why is my flight cancelled'], ['why hasn\'t my refund come through'], ['why can\'t I log in'],
    ['you changed my seat without telling me'], ['how is it possible to lose a bag on a direct flight'],
    ['missed my connection because of your delay'],
  ])('reads the failure in "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['great, another hour on hold'], ['thanks for nothing'], ['thanks a lot for nothing'], ['love waiting 3 hours for a flight'],
    ['oh great, my bag is lost'], ['just perfect, cancelled again'], ['so much for customer service'], ['what a joke'],
    ['seriously? again?'], ['thanks for the delay, now I will miss my meeting'], ['thanks for ruining my vacation'],
    ['awesome, my flight is delayed again'],
  ])('reads the sarcasm in "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['good food but the service was terrible'], ['nice staff, however the room was dirty'],
    ['good product but the delivery was terrible'], ['the flight was fine but my bag is missing'],
    ['I love the seats but the wifi never works'], ['great price, but it broke after a week'],
  ])('lets what follows "but" decide "%s"', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['not happy with this'], ['not impressed at all'], ['not worth the money'], ['never again'], ['could be better'],
    ['the flight was a nightmare'], ['worst experience ever'], ['the crew was rude and unhelpful'], ['your agents are clueless'],
    ['flight attendant yelled at my kid'],
  ])('reads "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });
});

describe('English that is not negative', () => {
  it.each([
    ['not bad'], ['not bad at all'], ['not too bad for the price'], ['no problems at all'], ['no issues with my order'],
    ['can\'t complain'], ['couldn\'t be happier'], ['never disappoints'], ['thanks for the quick help'], ['thank you so much!'],
    ['great service, thanks'], ['love the new app'], ['the crew were lovely'], ['arrived early, awesome'],
    ['my refund came through, thank you'], ['fixed quickly, great job'],
  ])('reads "%s" as positive', (text) => {
    expect(label(text)).toBe('positive');
  });

  it.each([
    ['where is my order?'], ['how do I return this?'], ['how do I get a refund?'], ['can I change my flight?'],
    ['what is the baggage allowance?'], ['do you deliver on sundays?'], ['I need to change my address'],
    ['when does the sale end?'], ['is there a discount for students?'], ['please send me the invoice'],
    ['what\'s the status of order 12345?'], ['hi'], ['ok'], ['can you help me with my booking'], ['I want to upgrade my seat'],
    ['my flight is in 3 hours, can I still check in?'], ['is there a direct flight from Dallas to Miami?'],
    ['which terminal for flight 555?'], ['just booked my trip to Rome'],
  ])('reads the service question "%s" as not negative', (text) => {
    expect(label(text)).not.toBe('negative');
  });
});

describe('Chinese complaints', () => {
  it.each([
    ['快递还没到'], ['等了三天还没到'], ['订单一直没发货'], ['到现在都没人联系我'], ['退款到现在还没到账'], ['等了两个小时才送到'], ['扣了两次钱'], ['重复扣款了'], ['没人理我'], ['客服不回消息'],
    ['打电话一直打不通'], ['又延迟了'], ['说好的今天到，结果没到'], ['我的快递怎么还没到'], ['三天了还没发货'], ['外卖送了一个半小时，汤都洒了'], ['一直没人处理'],
  ])('reads the wait or the failure in "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['呵呵'], ['真是服了你们'], ['好棒哦，又延迟了'], ['谢谢你们让我等了三天'], ['真行，又送错了'], ['我也是醉了，第三次了'],
  ])('reads the sarcasm in "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['质量差'], ['质量太差了'], ['不值这个价'], ['买了就后悔'], ['已经退货了'], ['差评'], ['垃圾'], ['再也不买了'], ['和描述不符'], ['做工粗糙'], ['太失望了'], ['衣服起球了'],
    ['颜色和图片差很多'], ['收到的是旧的'], ['有异味，很刺鼻'], ['饭菜都凉了'], ['少送了一份'], ['送错了'], ['米饭是生的'], ['不新鲜'], ['一点都不好吃'], ['不好用'], ['没有想象的那么好'],
    ['性价比太低'], ['不推荐购买'], ['坑人'], ['上当了'], ['房间隔音太差，一晚上没睡好'], ['书的印刷很模糊，像盗版'], ['水果烂了好几个'], ['苹果不甜，个头也小'], ['用了三天就不转了'],
    ['送来的时候盒子都压扁了'], ['手机发热严重，电池不耐用'], ['鞋子磨脚，穿了一天就不想穿了'], ['分量太少了，吃不饱'], ['跟宣传的完全不是一回事'],
  ])('reads the review "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['虽然便宜，但是质量不行'], ['虽然包装好看，但是东西坏了'], ['东西不错，就是物流太慢'], ['外观还行，可惜用两天就坏了'], ['东西是好东西，就是太贵了'], ['味道一般，分量还少'],
  ])('lets the clause after the turn decide "%s" (negative)', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['虽然物流慢了点，但是东西很好'], ['价格有点贵，但是质量很好'], ['东西一般般吧，不过客服很好'],
  ])('lets the clause after the turn decide "%s" (positive)', (text) => {
    expect(label(text)).toBe('positive');
  });
});

describe('Chinese that is not negative', () => {
  it.each([
    ['不错'], ['挺不错的'], ['质量不错'], ['不贵'], ['一点都不贵'], ['没有异味'], ['没有色差'], ['不卡，很流畅'], ['没让我失望'], ['不后悔'], ['好评'], ['很满意'], ['物流很快'],
    ['送得很快，还是热的'], ['包装很严实，没有破损'], ['宝贝收到了，和描述一致'], ['会回购的'], ['五星好评'], ['一天不到就到了，很快'], ['房间干净，服务热情，下次还住'], ['水果很新鲜，很甜'],
  ])('reads "%s" as positive, negations included', (text) => {
    expect(label(text)).toBe('positive');
  });

  it.each([
    ['怎么退货'], ['退货流程是什么'], ['请问可以退款吗'], ['退款多久到账'], ['我有个问题想咨询'], ['麻烦帮我查一下物流'], ['能不能帮我改一下地址'], ['请问什么时候发货'], ['我想换个颜色'],
    ['在吗'], ['客服你好'], ['有优惠券吗'], ['这个有货吗'], ['退货地址是哪里'], ['可以退货吗'],
  ])('reads the question "%s" as neutral', (text) => {
    expect(label(text)).toBe('neutral');
  });

  // 一般 is "so-so" only where its clause ends; before more words it is "usually".
  it.each([['快递一般几天到'], ['一般要多久能退款'], ['你们一般几点发货'], ['退款一般原路返回吗'], ['怎么申请退货']])('reads "%s" (一般 as "usually") as neutral', (text) => {
    expect(label(text)).toBe('neutral');
  });

  it.each([['味道一般'], ['东西一般吧'], ['质量一般，不推荐'], ['快递一般']])('still reads "%s" (一般 as "so-so") as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it('does not escalate three neutral questions about returns and delivery times as negative emotion', () => {
    let id = 0;
    const said = (from: 'customer' | 'bot', text: string): PastMessage => ({ id: `m${(id += 1)}`, from, text, kind: from === 'bot' ? 'answer' : null });
    const history = [said('customer', '怎么申请退货'), said('bot', '…'), said('customer', '快递一般几天到'), said('bot', '…')];
    const verdict = beforeAnswer({ policy: DEFAULT_TRIGGER_POLICY, history, unhelpful: new Set(), vip: false }, { text: '退款一般几天到账' });
    expect(verdict).not.toMatchObject({ trigger: 'negative_emotion' });
  });
});

describe('complaints and anger', () => {
  it.each([['等了三天还没到'], ['3 days and no refund yet'], ['great, another hour on hold'], ['扣了两次钱']])('keeps the calm complaint "%s" below the anger that escalates at once', (text) => {
    expect(sentimentOf(text).anger).toBeLessThan(DEFAULT_TRIGGER_POLICY.negativeEmotion.angerAtOnce);
  });

  it('reads a neutral question and then two dissatisfied replies as a worsening mood', () => {
    let id = 0;
    const said = (from: 'customer' | 'bot', text: string): PastMessage => ({ id: `m${(id += 1)}`, from, text, kind: from === 'bot' ? 'answer' : null });
    const history = [said('customer', '怎么退货'), said('bot', '…'), said('customer', '答非所问'), said('bot', '…')];
    const verdict = beforeAnswer({ policy: DEFAULT_TRIGGER_POLICY, history, unhelpful: new Set(), vip: false }, { text: '还是没用' });
    expect(verdict).toMatchObject({ action: 'escalate', trigger: 'negative_emotion' });
  });

  it('reads a 10,000-character message quickly', () => {
    const started = process.hrtime.bigint();
    for (const text of ['好'.repeat(10_000), '等了'.repeat(5000), '3 hours '.repeat(1250), '不'.repeat(10_000)]) sentimentOf(text);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});

describe('complaints to a service, as customers post them', () => {
  it.each([
    ['@airline they fined me for a bag that fit the sizer'], ['charged me a seat fee I already paid'], ['had to pay for a hotel myself'],
    ['paid for fast track and still queued an hour'], ['check-in took 40 minutes'], ['2 hours at the service desk and nothing'],
    ["it's been 6 days since I reported it"], ['day 4 without my suitcase'], ['landed at 3am instead of 9pm'], ['I was promised a refund in 7 days'],
    ['the app will not let me pick a seat'], ['the wifi cut out halfway'], ['my suitcase was soaked'], ['missed my connection in Frankfurt'],
    ['never flying with you again'], ['so done with this company'], ['next time I will just take the train'], ['where is my bag??'],
    ["what's the point of priority boarding"], ['are you serious'], ['who pays for the taxi then'], ['zero staff at the gate'],
    ['no food, no water, no updates'], ['one agent working for the whole queue'], ['the hold music is all I hear'], ['please fix this'],
    ['thanks for making me miss my meeting'], ['left on the tarmac for two hours. lovely'], ['cool cool cool, bag is gone'],
  ])('reads "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['do you have a lost and found at the airport'], ['the crew gave updates every 15 minutes during the delay, appreciated'], ['you solved my issue in five minutes'],
    ['you never disappoint'], ['another great flight with you'], ['can I bring a stroller on board'], ['will I be charged for a second bag?'],
  ])('does not read "%s" as negative', (text) => {
    expect(label(text)).not.toBe('negative');
  });
});

describe('Chinese reviews that complain without a strong word', () => {
  it.each([
    ['实物比图片小了很多'], ['跟店里卖的不是一个东西'], ['好家伙，这么点东西卖五十'], ['用了两天就不亮了'], ['穿都穿不进去'], ['在别家能买两个'],
    ['不知道放了多久，都硬了'], ['客服只会说抱歉'], ['服务员爱答不理'], ['洗了一次就起球'], ['味道一直散不掉'], ['左边耳机没声音'], ['吸力太小'],
    ['拉链掉了'], ['快递放门口也不说一声'], ['外卖袋没封口'], ['卖家又说不能退了'], ['全是骨头'], ['说明书看不懂'], ['门关不严'], ['油漆味太重'],
    ['吃出了一根头发'], ['面都坨了'], ['奶油塌了'],
  ])('reads "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['一点破损都没有'], ['没有一点色差'], ['一个坏的都没有'], ['穿着一点都不扎'], ['没有想象中那么难装'], ['比想象的大，很能装'], ['线头都剪得很干净'],
    ['本以为不好用，结果真香'], ['师傅还帮忙把垃圾带走了'], ['没啥毛病'], ['一分钱一分货'], ['不辣，适合不能吃辣的人'], ['少发了一个，商家当天就补发了'],
  ])('does not read "%s" as negative', (text) => {
    expect(label(text)).not.toBe('negative');
  });
});

describe('English complaints told as what happened (#13, third round)', () => {
  it.each([
    ['the gate agent laughed when I asked about a hotel'], ['I got a lecture for asking where my bag was'], ['she told us to calm down, we were calm'],
    ['your desk staff could use some training'], ['I was told to call the airport and the airport told me to call you'], ['tried the app, tried the phone, nothing'],
    ['honestly out of options at this point'], ['sick and tired of this'], ['they turned us away at the lounge'], ['my upgrade went to someone else'],
    ['the credit expired before I could use it'], ['the app drops my call every time'], ['the site says my booking does not exist'],
    ['this seat does not recline'], ['no hotel, no meal, just a voucher for later'], ['no option to rebook online'], ['fourth time. every. single. time.'],
    ['ok, now what'], ['a refund was promised in march. explain'], ['what is the priority lane for, then'], ['is anybody even reading these'],
    ['that is not an answer'], ['it was not.'], ['you used to be so reliable'], ['stood in line for two hours to rebook'],
    ['no blanket on a night flight? cool'], ['nobody at the desk. nice'],
  ])('reads "%s" as negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it.each([
    ['not a single hiccup all week, well done'], ['went off without a hitch. thanks!'], ['not one delay this month, impressive'], ['no problems at all. great crew'],
    ['flight 88. gate 12. boarding at 6'], ['is the lounge open at 5am?'], ['explain the new baggage rules please?'], ['what time does boarding start'],
  ])('does not read "%s" as negative', (text) => {
    expect(label(text)).not.toBe('negative');
  });
});
