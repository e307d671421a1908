import { detectHumanRequest } from '../../bot/signals/human-request';

/**
 * How Chinese customers ask for a person, in the project's own words: short and bare, in front
 * of the question, reaching for one with a verb, in traditional characters — and the uses of
 * the same words that are not a request.
 */
const strength = (text: string) => detectHumanRequest(text)?.strength ?? null;

describe('a Chinese request for a person', () => {
  it.each([
    ['人工'], ['人工！'], ['人工。'], ['人工？'], ['人工!!!'], ['人工人工'], ['人工人工人工'], ['人工 人工'], ['转人工'], ['转人工！'], ['转人工服务'], ['人工客服'],
    ['人工客服！！'], ['人工服务'], ['真人'], ['真人客服'], ['活人'], ['要人工'], ['找人工'], ['接人工'], ['换人工'], ['转真人'], ['人工坐席'], ['在线人工'], ['人工台'],
    ['人工客服！'], ['快点人工'], ['人工快点'], ['人工呢'], ['人工呢？？'], ['人工在哪'], ['人工在哪里'], ['人工出来'], ['人工客服呢'], ['客服呢'], ['客服呢？'], ['客服人呢'],
    ['客服出来'], ['客服客服'], ['客服在哪'],
  ])('takes the bare "%s" as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['人工 我的快递怎么还没到'], ['人工，退款什么时候到账'], ['人工：订单被取消了'], ['人工 我要改地址'], ['人工，我的包裹丢了'], ['人工我的快递三天没动了'], ['人工我想问一下退款'],
    ['人工 请帮我查下物流'], ['转人工 我的订单有问题'], ['转人工，东西坏了'], ['人工客服，我的退款呢'], ['真人 这个问题你们机器人解决不了'], ['人工服务 发票开错了'], ['人工，急！'],
    ['人工！！我的钱被扣了两次'], ['人工人工 快递送错了'], ['人工，太慢了'],
  ])('takes "%s", a person named in front of the question, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['我要人工'], ['我要人工客服'], ['我要转人工'], ['我要找人工'], ['我要真人'], ['我要找活人'], ['给我转人工'], ['给我接人工客服'], ['帮我转人工'], ['帮我转接人工客服'], ['请转人工'],
    ['请帮我转接人工服务'], ['能不能转人工'], ['能不能帮我转人工'], ['可不可以转人工'], ['可以转人工吗'], ['能转人工吗'], ['能帮我接通人工客服吗'], ['叫你们人工来'], ['叫你们客服来'],
    ['叫你们经理出来'], ['叫你们领导出来'], ['我要找你们经理'], ['找你们负责人'], ['找客服'], ['我要找客服'], ['我要联系人工客服'], ['联系人工'], ['申请人工介入'], ['人工介入'],
    ['请人工处理'], ['人工处理一下'], ['我需要人工帮助'], ['我需要人工服务'], ['快点转人工'], ['赶紧给我转人工'], ['马上转人工'], ['怎么转人工'], ['怎么才能转人工'], ['为什么不给我转人工'],
    ['怎么还不转人工'], ['来个活人'], ['来个人工'], ['换个真人来'], ['我想跟人工客服聊'], ['我想和真人对话'], ['跟人工说'], ['我要找真人客服'], ['人工服务！！！'], ['转人工，谢谢'],
    ['请转接人工'], ['我要求转人工'], ['帮忙转下人工'], ['转一下人工客服'], ['人工客服在不在'], ['人工客服快出来'], ['你好，转人工'], ['您好 人工'], ['人工 人工 人工'],
    ['找一下人工'], ['我想找人工客服'], ['我想联系真人客服'], ['我要跟人工说'], ['能找个真人吗'], ['叫人工'], ['喊你们客服出来'], ['让人工来处理'], ['请安排人工客服'], ['我要投诉，给我转人工'],
    ['我要活人'], ['能不能换个真人'], ['给我换人工'], ['人工服务在哪'], ['麻烦转一下人工'], ['麻烦转人工'],
  ])('takes "%s", which reaches for a person, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['我不要机器人，我要人工'], ['不要机器人回答'], ['别让机器人回答了'], ['不想跟机器人聊'], ['不想和机器人说话'], ['机器人闭嘴'], ['机器人别回复了'], ['人工，你们机器人答非所问'],
    ['别机器人了，转人工'], ['不要自动回复，我要人工'],
  ])('takes "%s", which turns the bot down, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['轉人工'], ['真人客服，謝謝'], ['專人'], ['專人服務'], ['轉接真人'], ['轉人工 我的包裹在哪'], ['请問可以幫我轉接專員嗎'], ['我要轉接客服人員'],
    ['麻煩轉人工'], ['請幫我轉真人'], ['找專人處理'], ['線上真人客服'], ['轉人工服務'], ['幫我轉人工客服'], ['我要找專人'], ['請真人回覆'],
  ])('reads the traditional "%s" like simplified characters, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([['真人客服在嗎'], ['有真人客服嗎'], ['你是真人嗎'], ['請問有人嗎'], ['有沒有人工']])('reads the traditional "%s" as a softer reaching-out', (text) => {
    expect(strength(text)).toBe('soft');
  });

  it.each([
    ['你是人工吗'], ['你是真人吗'], ['你是机器人吗'], ['你是不是机器人'], ['是真人还是机器人'], ['你是人还是机器'], ['是人工回复吗'], ['你是機器人嗎'],
  ])('answers "%s", a question about what the bot is, with an offer', (text) => {
    expect(strength(text)).toBe('soft');
  });

  it.each([
    ['有没有人工啊，急'], ['在吗'], ['在吗？'], ['在吗有人吗'], ['有人吗'], ['有人吗？？？'], ['有没有人'], ['有没有人啊'], ['有人在吗'], ['人呢'], ['人呢？？'], ['你们人呢'], ['有人工吗'],
    ['有没有人工客服'], ['有真人吗'], ['有没有活人'], ['請問有真人客服嗎'], ['转人工要多久'], ['怎么联系客服'], ['人工客服怎么联系'], ['找不到人工客服'], ['联系不上客服'], ['机器人听不懂'],
    ['跟机器人说不清楚'], ['客服在吗'], ['客服！'], ['客服'], ['找商家'], ['联系卖家'], ['专员'],
  ])('offers a person for the softer "%s"', (text) => {
    expect(strength(text)).toBe('soft');
  });
});

describe('Chinese uses of the same words that are not a request', () => {
  it.each([
    ['人工费多少钱'], ['装修人工费怎么算'], ['人工智能是什么'], ['你们的人工智能太笨了'], ['这个湖是人工湖吗'], ['人工成本太高了'], ['人工降雨对庄稼有用吗'], ['人工合成的香料安全吗'],
    ['纯人工打造的吗'], ['人工种植的吗'], ['人工服务费怎么收'], ['人工授精'], ['有真人图吗'], ['真人试穿效果怎么样'], ['这是真人发吗'], ['真人秀好看吗'], ['专人配送吗'], ['人工智能客服'],
    ['人工费用怎么算'], ['这个是人工做的吗'], ['人工养殖的鱼好吃吗'], ['你们用的是人工智能吗'], ['真人照片有吗'], ['真人版的电影'],
  ])('does not read the compound in "%s" as a person', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['人工审核要多久'], ['人工审核通过了吗'], ['需要人工审核吗'], ['人工审核一般多久'],
  ])('reads "%s" as a question about a process, not for a person', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['不要转人工'], ['不用转人工了，我自己搞定'], ['我不需要人工客服，谢谢'], ['别转人工'], ['不用人工'], ['不想找客服'], ['不转人工，我再等等'], ['不用找客服了'],
  ])('respects the negation in "%s"', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['客服电话是多少'], ['人工客服电话多少'], ['人工客服的工作时间'], ['人工客服几点上班'], ['客服邮箱是什么'], ['人工客服电话是多少'], ['人工客服電話'], ['客服工作时间是几点'],
  ])('reads "%s" as asking for contact details, not for a person now', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['客服你好'], ['客服，我想问一下发货时间'], ['客服您好，请问有优惠券吗'], ['你们客服态度太差了'], ['人工客服太慢了'], ['人工回复太慢了'], ['我要投诉你们的客服'], ['客服说会退款'], ['客服让我再等等'], ['已经联系过客服了'],
    ['卖家发货太慢'], ['老板人很好'], ['商家什么时候发货'], ['机器人客服也挺好的'], ['谢谢客服'], ['客服辛苦了'], ['客服小姐姐态度很好'], ['客服回复很及时'], ['客服刚才说已经发货了'],
    ['人工客服说明天到'], ['我跟人工客服沟通过了'], ['经理推荐的这款'], ['我们领导让我买的'], ['商家发货很快'],
  ])('reads "%s" as talking to or about staff, not asking for them', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['我的快递怎么还没到'], ['怎么退货'], ['订单号是多少'], ['我想改地址'], ['谢谢'], ['好的'], ['我的个人信息怎么改'], ['现在吗'], ['在线支付失败'], ['客人呢'], ['家人呢'],
    ['我们家人都说好吃'], ['请问怎么申请退款'], ['我想问下发票怎么开'], ['地址填错了怎么办'],
  ])('finds no request in the ordinary "%s"', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it('reads 10,000 characters of repeated keywords quickly', () => {
    const started = process.hrtime.bigint();
    for (const text of ['人工'.repeat(5000), '客服'.repeat(5000), '转人工'.repeat(3333)]) expect(strength(text)).toBe('explicit');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});

describe('Chinese requests as they are typed in a hurry', () => {
  it.each([['仁工'], ['转仁工'], ['人公客服'], ['人功服务'], ['小二呢'], ['叫小二出来'], ['找平台客服介入'], ['人工客服接一下'], ['你们客服能不能出来一个'], ['我要和你们经理通话'], ['怎么才能联系到真人']])(
    'takes "%s" as a request for a person',
    (text) => {
      expect(detectHumanRequest(text)).not.toBeNull();
    },
  );

  it.each([['人工在线吗'], ['真人客服有没有'], ['人工入口在哪'], ['在线客服在哪里点'], ['为什么没人工']])('reads "%s", looking for the way to a person, as at least an offer', (text) => {
    expect(detectHumanRequest(text)).not.toBeNull();
  });

  it.each([['这本小说的主人公是谁'], ['人公司发票怎么开'], ['我是商家，怎么开店'], ['我是客服的家属'], ['这个软件有人功能吗']])('does not take "%s" as a request', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });
});

describe('Chinese requests for a call, for an agent seat, and typed apart', () => {
  it.each([['麻烦给我回个电话'], ['让你们客服打电话给我'], ['请安排专人联系我'], ['尽快回电，号码139xxxx0000'], ['叫人工跟我打个电话']])('takes "%s", a call asked of a person, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([['给我回电话'], ['回电 13900000000']])('reads "%s", a call asked for without naming anyone, as at least an offer', (text) => {
    expect(strength(text)).not.toBeNull();
  });

  it.each([['别再给我打电话了'], ['为什么老有人给我打电话'], ['快递员联系我说放驿站了'], ['商家已经联系我了'], ['昨天接到你们的回电了']])('does not take "%s", a call not wanted or already made, as a request', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([['转坐席'], ['坐席'], ['转 人 工'], ['人 工 客 服'], ['我要人'], ['找个人']])('takes "%s" as a request for a person', (text) => {
    expect(strength(text)).not.toBeNull();
  });

  it.each([['有没有人用过这款，值得买吗'], ['有没有人知道怎么用优惠券'], ['这个玩偶是真人大小吗'], ['你们招客服吗'], ['我想应聘你们的客服'], ['找人帮我取个快递']])(
    'does not take "%s", about other people or a job, as a request',
    (text) => {
      expect(detectHumanRequest(text)).toBeNull();
    },
  );
});
