/**
 * Complaints customers make without a single strongly negative word: a wait, something that did
 * not come, being charged twice, nobody answering, a promise not kept, sarcasm ("great, another
 * hour on hold", 好棒哦又延迟了). Each cue is a pattern over how such complaints are built — a time
 * expression with a failure, "still" with a negation, 又 with a setback — read on the normalized
 * text (lower case, simplified characters, "n't" spelled "not").
 */
export interface ComplaintCue {
  /**
   * `complaint` counts against; `mild` counts against less (有点小, 偏大: a drawback a happy
   * customer may mention); `sarcasm` also silences the praise around it; `praise` counts for, and `remedy` (a problem made good) counts for more than a problem.
   */
  kind: 'complaint' | 'mild' | 'sarcasm' | 'praise' | 'remedy';
  evidence: string;
  /** Where it starts in the text, so what follows 但是 / "but" can weigh more. */
  at: number;
}

const NUMBER_EN = '(\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|few|couple of|24|48)';
const SPAN_EN = `${NUMBER_EN}( more| extra| whole| full| long)? (minutes?|mins?|hours?|hrs?|hr|days?|weeks?|wks?|months?)`;
const NUMBER_ZH = '(好几|[\\d一二两三四五六七八九十几半多]{1,4})';
const SPAN_ZH = `${NUMBER_ZH}(个)?(多)?(小时|钟头|分钟|天|周|星期|礼拜|个月|月)`;
/** What has not happened: 没到, 不发货, 未处理 — not 没坏 or 不错, which praise. */
/** 一般 as "so-so" ends its clause (味道一般, 一般吧); 一般几天到 and 一般要多久 mean "usually". */
const SO_SO = '一般(?![^般吧了啊的呢哦啦呀，。！？,.!?\\s])';
const NOT_DONE = '(没|不|未)(有)?(到|收到|发货|发|送到|送|退|回复|回|处理|解决|到账|来(?!得及)|给|联系|修好|恢复|通知|动静|消息|人理|人管|人联系|人回|人接|人处理|反应|更新|接|打招呼|说一声)(?!就)';

/** Complaints said the same way every time, matched as they are (the segmenter may split them). */
const ZH_COMPLAINT_PHRASES = `没送 漏送 少送 送错 没有了 没给 还没到 等了 小时才 凉了 冷了 不好用 不好吃 不好喝 不新鲜 不想给 亏了 亏死 不合格
  少了 缺了 破了 坏了 漏了 洒了 味道怪 不负责 不理人 一般般 不太好 坏掉 破洞 从来不 是生的 夹生`
  .split(/\s+/)
  .filter(Boolean);

const EN_COMPLAINTS: RegExp[] = [
  // A wait, with its length or without.
  new RegExp(`\\b(wait|waiting|waited|on hold|hold for|stuck|sitting|sat|delayed|late|tarmac)\\b.{0,30}\\b${SPAN_EN}\\b`),
  new RegExp(`(?<!every )\\b${SPAN_EN}\\b.{0,20}\\b(wait|waiting|waited|on hold|hold|late|delay|delayed|stuck|later|on the tarmac|and (no|still|nothing|not)|without|of (waiting|hold))\\b`),
  new RegExp(`\\b${SPAN_EN} ago\\b.{0,40}\\b(still|not|no|nothing|yet|where|never)\\b`),
  // "put my order on hold" is a request; being on hold is a wait.
  /\b(been|keep|kept|still) (waiting|on hold|holding|stuck)\b|\b(was|am|were|put me|left|stuck) on hold\b|\bon hold (for|again|forever)\b/,
  // Something that has not happened yet.
  /\bstill (not|no|nothing|waiting|have not|has not|did not|does not|is not|can not|unable|broken|delayed|missing|stuck|without|no sign)\b/,
  /\byet to (receive|get|hear|arrive|be|see|reach)\b/,
  /\b(have|has|had|did|do|does)( still)? not (yet )?(received|arrived|got|gotten|come|shown|been (delivered|refunded|fixed|resolved|processed|credited)|heard|responded|replied|called|answered|refunded|fixed|resolved|credited)\b/,
  /\bnot (yet )?(received|arrived|delivered|refunded|credited|resolved|working|responding|answering|helpful|happy|impressed|pleased|satisfied|acceptable|ok|okay|good enough)\b/,
  /\bnever (arrived|received|came|got|showed|delivered|responded|replied|answered|called|heard|refunded|fixed|again|works?)\b/,
  /\b(does|do|did) not work\b|\b(stopped|stops|quit) working\b|\bno longer works?\b|\b(did not|never|not) make it\b/,
  /\bwithout (telling|asking|informing|notifying|warning|notice|any notice|explanation|an explanation|my consent|permission)\b/,
  /\bno (response|reply|replies|answer|update|updates|help|refund|info|information|explanation|communication|compensation|apology|notice|sign|show|food|water|wifi|power|one|body|way|call back|callback|option|options|choice|alternative|hotel|voucher|vouchers|meal|meals|blanket|room|space|seats? left|meals? left)\b/,
  /\b(no one|nobody|noone|no body)\b/,
  /\b(can not|could not|unable to) (get through|reach|contact|log ?in|login|access|get a hold|get anyone|get any|find my|track|check in|book|connect|get a refund)\b/,
  // Money taken that should not have been.
  /\b(charged|billed|deducted|debited|paid)( me)? (twice|double|two times|2 times|again|extra)\b|\bdouble (charged|charge|billed|payment)\b|\b(money|amount) (deducted|debited|taken|gone)\b/,
  // It happened again.
  /\b(another|yet again|once again)\b(?! (great|good|amazing|awesome|smooth|perfect|wonderful|lovely|fantastic|excellent|nice|pleasant|on time))(?!.{0,12}\b(great|good|amazing|awesome|smooth|perfect|lovely|excellent)\b).{0,12}\b(hour|hours|delay|day|days|issue|problem|cancel\w*|flight|wait|minute|minutes)\b|\bfor the (second|third|fourth|fifth|2nd|3rd|4th|5th|\d+th) time\b|\b(delayed|cancelled|canceled|broken|late) again\b/,
  /\b(hung up|hang up|disconnected|call dropped|dropped the call|kept me)\b/,
  /\b(took|taking|takes|take|been|waiting|wait|waited|wait for) (forever|ages|an eternity)\b|\bforever\b/,
  /(^|[.!?,;] *)why (is|are|do|does|did|would|can|is there|are there|has|have|was|were|will)\b|\bwhy (not|no)\b/,
  // Money taken: "they fined me", "charged me a bag fee", "had to pay for a taxi", "paid for priority, boarded last".
  /\b(you|they|i was|we were|got|get|getting) (charged|fined|billed|overcharged)\b|\b(charged|fined|billed|overcharged) (me|us)\b|\b(ripped off|rip off|robbery|daylight robbery|money grab|cash grab)\b/,
  /\bhad to (pay|buy|book|sleep|wait|rebook|find|take|stand|carry|spend|call|drive|beg)\b|\bcosts? more than\b/,
  /\bpaid( for)?\b.{0,40}\b(but|and still|still|yet|then|never|no|nothing|did not|instead|disappeared|gone)\b|\bnot (the|what) (\w+ )?(i|we) paid for\b/,
  // Time lost: "boarding took 50 mins", "3 hours at the transfer desk", "it's been 4 days", "day 3 without my luggage", "26 hours instead of 9".
  new RegExp(`\\b(took|taking|takes|spent|spend|spending|wasted|lost) ${SPAN_EN}\\b|(?<!every )\\b${SPAN_EN} (at|on|in) (the |a )?(\\w+ )?(desk|phone|line|queue|gate|tarmac|airport|hold|plane|counter|runway|security|terminal|lounge|bus|chat)\\b`),
  new RegExp(`\\b(it is|it's|its|it has|has) been ${SPAN_EN}\\b|\\bday ${NUMBER_EN}\\b.{0,12}\\b(without|of waiting|and still|and no)\\b|\\b(that was|was) ${SPAN_EN} ago\\b`),
  /\b(\d+|hours?|minutes?|days?|\d+ ?(am|pm))\b.{0,30}\binstead of\b/,
  // A promise broken, a thing that would not work.
  /\b(was|were|i was|we were) promised\b|\bpromised\b.{0,40}\b(never|still|not|been|did not)\b/,
  /\b(will|would|did|does|do|can) not (let|allow|work|load|go through|care|help|accept|answer|respond|show up|arrive|open|refund|honou?r|exist|recline|include|fit|print|charge|turn on|connect)\b|\b(it|they|he|she) did not\s*$|\b(cut|cuts|cutting) out\b|\b(just )?loops\b|\bkeeps? (crashing|freezing|failing|dropping|looping|logging me out|cancell?ing|changing)\b/,
  /\b(destroyed|soaked|stolen|smashed|cracked|ripped|torn|dented|disappeared|vanished|went through (it|my)|threw|thrown|tossed|separated)\b/,
  /\bmissed (my|the|our|it|a) ?(flight|connection|meeting|train|bus|wedding|funeral|interview|event)?\b|\bstill sick\b|\bfood poisoning\b/,
  // Customers leaving: "never flying with you again", "so done with this airline", "I'll just drive next time".
  /\bnever (flying|fly|booking|book|using|use|ordering|order|buying|buy|going|traveling|travelling|choosing)\b.{0,20}\b(you|this|them|again)\b|\b(so|i am|am) done with\b|\bnext time i( will)? (just )?(drive|take|fly|book|go)\b|\bwould have been (faster|quicker|cheaper|better)\b/,
  // A question that is a complaint.
  /\?\s*\?|\?!|!\?|\b(what is|whats|what's) the point\b|\bare you (serious|kidding|joking)\b|\bhow (is it|is that|is this) (possible|acceptable|ok|okay|legal|fair)\b|\bwho (pays|is paying|will pay|is going to pay) for\b|\bdo you (ever )?plan (to|on)\b|\bshould i (just )?give up\b|\b(is|are) (anyone|anybody|someone|somebody) (actually )?(going|gonna) to\b|\bexplain why\b|\bhow about (some|you|a)\b/,
  // Nobody there, nothing given.
  /\bzero (staff|help|communication|updates?|info|information|food|seats?|agents?|people|answers?)\b|\bno \w+, no \w+|\b(had|have|got|get|gave us) nothing\b|\bnothing for (me|us)\b|\b(just |only )?one (agent|person|staff|employee|guy|desk|counter) (working|open|for)\b|\bhold music\b|\bmeans nothing\b|\byou get what you pay for\b|\bjust a thought\b|\bmaybe (hire|try|consider|train|think about)\b/,
  /\bplease (fix|sort|do something|look into this)\b|\b(is this|this is) how you treat\b/,
  // Words for one: "every. single. time.", "6. hours." — a complaint spelled out slowly.
  /(^|[\s.!?])(\w+\. +){2,}\w+[.!]*\s*$/,
  // Challenging the company to answer for it: "explain", "now what", "what's the membership for then", "is anyone even reading these".
  /\bnow what\b|\bexplain( this| that| yourself| please)?[.!?]*$|\bwhat('s| is) (the|my) \w+( \w+)? for,? then\b|\b(anyone|anybody|you|they) even (reading|listening|working|trying|care|looking)\b|\bwhy (do i|should i|would i) bother\b/,
  // Treated badly at the desk: laughed at, lectured, told to calm down.
  /\blaughed (at|when|in my face)\b|\brolled (her|his|their) eyes\b|\byelled at\b|\b(gave|giving) (me|us) attitude\b|\b(told|asked) (me|us) to calm down\b|\b(got |gave me )?a lecture\b|\blectured\b|\bcould use (some|more|better) (training|manners)\b|\b(needs?|need to get) (a new job|training|some training)\b/,
  // The runaround: sent from one to another, every way tried.
  /\btold (me |us )?to (call|contact|ask|go to|email)\b.{0,60}\b(told|sent) (me|us)\b|\btried\b.{0,30}\btried\b|\b(out of options|at (my|our) wits'? end|i give up|sick (and tired )?of|tired of|fed up)\b/,
  // Taken away: turned away, bumped, given to someone else, expired before it could be used.
  /\b(turned|sent) (me|us) away\b|\b(denied|refused) boarding\b|\bbumped (me|us|from)\b|\b(gave|given|went) (my|our|it|the \w+) to (someone|somebody|another)|\bwent to someone else\b|\bexpired before\b|\bdrops? (me|my call|the call|calls)\b|\bdropped calls?\b/,
  // Not what it should be: "not an answer", "not cool", "it was not."
  /\bnot (an answer|cool|fair|right|ok|okay|fun|funny|the first time|a good look|how it works|what i (asked|booked|ordered))\b|\b(it|that|they|he|she) (was|is|were|did|does|has) not[.!]*$|\bused to be\b.{0,20}\b(good|great|better|reliable|decent|the best|nice)\b/,
  new RegExp(`\\b(standing|stood|in line|in the queue|queuing|queueing)\\b.{0,20}\\b(for )?${SPAN_EN}\\b`),
  /\b(could be better|so much for|what a joke|what a mess|never again|how hard is it|is it too much to ask|seriously\?|really\?)/,
];

const ZH_COMPLAINTS: RegExp[] = [
  ...ZH_COMPLAINT_PHRASES.map((phrase) => new RegExp(phrase)),
  // A wait, something that has not come, nobody answering.
  /(?<!好吃|好看|喜欢|爱|美|香|笑|乐|开心)死了|不(买|点|喝|吃|来|用)了/,
  // 三天没到 complains; 一天不到就到了 (in less than a day) praises.
  new RegExp(`(等|送|拖|晚|排队|耽误)了${SPAN_ZH}|等了(好久|很久|半天|一天|一上午|一下午|一晚上)|${SPAN_ZH}(了)?(都|还|也|仍|依然)?${NOT_DONE}|${SPAN_ZH}才(到|送|来|收到)`),
  new RegExp(`还${NOT_DONE}|一直(在等|等|打不通|联系不上|占线|${NOT_DONE})|(到现在|至今|到今天|到目前)(为止)?(都|还|也)?${NOT_DONE}|迟迟(不|没|未)`),
  /(?<!刚)才(到|送到|送来|收到|发货)|慢(死了|得要命|得不行)/,
  /扣了?(两|2|二)次|重复扣|多扣|扣(了)?两遍|(付|收|扣)了两次|扣款两次|扣了两次钱/,
  /没(有)?人(理|管|回|接|处理|回复|搭理)|(不回复|不理人|不搭理|不接电话|打不通|联系不上|找不到人|不回消息|不回)/,
  /说好的|承诺的|答应(的|了|过).{0,8}(没|不|呢)/,
  /又(延迟|迟到|晚|坏|出问题|没|不(来|回|发|给|到)|慢|错|漏|少|要等|涨价|取消)/,
  /再也不|不会再|以后不(会)?(买|来|用|点|吃)|拉黑|再不(买|来)|绝不(再)?/,
  /(和|与|跟)(描述|图片|图|宣传|介绍|实物|说的|页面|商品详情)(的)?(不符|不一样|不一致|差别|差距|完全不)|不符|货不对板|以次充好|(?<!没有|无|没)色差/,
  new RegExp(`(做工|质量|品质|材质|包装|服务|态度|物流|快递|味道|口感|效果|音质|屏幕|电池|续航|信号|手感|尺码|分量|份量)(太|很|非常|极|真|特别|比较|有点|也|就|超|巨)?(差|${SO_SO}|不好|不行|不怎么样|堪忧|低劣|太次|粗糙|烂|恶劣)`),
  /(物流|快递|发货|送餐|配送|速度|电池|续航|分量|份量)(太|很|非常|极|真|特别|比较|有点|也|就|超|巨)(慢|少|小|短|不足|不够)|(分量|份量)(少|不足|不够)/,
  new RegExp(`性价比(太|很|极|非常)?(低|差|不高|${SO_SO})`),
  /没(有)?(想象|预期|期待|说的|宣传|图片|描述|广告|介绍|别人说)((中|的|里)(那么|这么|那样|一样)?|(那么|这么|那样|一样))(?!(那么|这么|那样)?(难|差|麻烦|复杂|贵|重|吵|臭|费劲|累|疼|慢|糟|烂))|不如(预期|想象|描述|图片|实体店|以前|之前|上次)/,
  /(太|超|巨|特别)(小|薄|厚|硬|贵|少|咸|淡|油|腻|慢|差|短|重|紧|松|窄|暗|吵|臭|苦|酸|干|烫|难|丑|假|坑|烂|粗|旧|脏|久|晚|卡)(了|啦|吧|啊)/,
  /太(小|薄|硬|贵|少|咸|淡|油|腻|慢|差|短|紧|窄|暗|吵|臭|苦|酸|难|丑|假|坑|烂|粗|旧|脏|卡)/,
  /没(有)?(送|给|放|配|带)(筷子|餐具|勺子|发票|赠品|配件|说明书|纸巾|调料|酱|汤|饮料|小菜|米饭|吸管)|少(了|送|发|给|放)|漏(了|送|发|放|水|气|油)|缺(了|件|少)/,
  /(坏|碎|破|裂|洒|撒|断|烂)(了|掉)|破(损|洞)|裂(开|缝)|掉(漆|色|皮|毛)|变形|发霉|过期|有虫|虫子|吃出(了)?(一根|一个|一块|几根)?(头发|虫|异物|石子|沙子|塑料|钢丝|指甲)|拉肚子|吃坏/,
  new RegExp(`不新鲜|没熟|不熟|夹生|糊了|焦了|馊了|凉了|冷了|不热|不干净|(?<!没)有异味|味道(怪|奇怪|不对|很大|重|刺鼻|难闻|${SO_SO})|没(有)?味道|没味`),
  /(很|太|好|真|特别|非常)麻烦|麻烦死|(很|太|好|一直|老是|总是|经常)卡|卡(死|顿|住)|(?<![没无不])(出|有)问题(?!吗|么|想|要|咨询|请教)|(?<!没|没有|无|不是)质量问题/,
  /(?<!还)没(有)?收到|不给(退|换|处理|解决|回复|发|我)|(?<!异味|问题|毛病|瑕疵|色差|划痕|破损|损坏|坏的|烂的|破的|坏|烂|破|气泡|虫|杂质|异物|头发|线头|漏|味)都没有|发错|一股.{0,3}味|难以(下咽|入口|接受|忍受)|就那样|难(找|等|打通|联系)|贵了|不买了|有(个|一个)?洞|一个洞|个大洞|解决不了|没(有)?解决|不解决/,
  // 麻烦 as trouble, not as "please": 太麻烦了, 退货麻烦 — but 麻烦帮我查一下, 麻烦了.
  /(?<![，。！？,.!?]|^)麻烦(?!你|您|帮|给|请|尽快|快|看|查|处理|问|了|一下|下|核实|确认|回复|安排|发|退|改|取消|把|客服|亲)/,
  // 找不到驱动 complains; 找不到比这更好的 praises.
  /没(有)?(发票|赠品|说明书|中文|保修|配件|驱动|光盘|充电器|耳机|数据线)|还(要|得)自己|不支持(?!一下)|不兼容/,
  /找不到(?!比|更|这么|第二|同样)|联系不到|(电话|打电话)(也)?不接|不接电话|(穿|戴)不(了|上|进)|没法(吃|用|穿|喝)|不能吃(?!辣)|拒收|最后一次|下次不(会|买|点|来)/,
  /越来越(差|少|贵|小|难吃|慢|不)|不如以前|没(有)?以前好|大不如前|(扔|倒|丢)(了|掉)|什么(玩意|破)|啥玩意|不是(正品|新的|原装|新品|我要的)|是(旧|二手|用过|翻新|坏|破|假)的/,
  /结果.{0,10}(没|不|才|还|居然|竟然)|希望.{0,6}(改进|改善|注意|提高|加强)|建议(改进|改善)/,
  // Smaller, thinner, worse than what was shown or had before; not the same thing at all.
  /比(图片|图|描述|实物|想象|宣传|上次|以前|之前|别家|页面|照片)(的)?(小|差|薄|短|贵|少|矮|窄|难看|难吃)|不是(一个|同一个|一样的)(东西|货|款)|两码事|不是一回事|货不对板/,
  // 好家伙，这么点东西卖68: how little, for the price.
  // Used for days, then it went: 用了三天就不通电了, 穿了一次就起球.
  new RegExp(`(用|穿|戴|洗|吃|开|装|买)了(才|不到)?(${SPAN_ZH}|一次|两次|几次)(不到)?(就|又)`),
  // 蹲都蹲不下去, 穿都穿不上: could not even.
  /(\p{Script=Han})都\1不(下|了|上|进|动|开|住|起)/u,
  /(在别家|别家|别的店|外面|超市|实体店)(能|可以)?买(两|2|三|3)个|不知道(放了|存了|做了|过了)多久|只会(说|回复|道歉|复制|推|发)|爱(搭|理|答)不理/,
  /起(了)?(一堆|很多|好多|一层)?(毛)?球|还没散|散不(掉|了)|去不掉|没(有)?(声音|信号|电)|不出声|伤(眼睛|眼|手|皮肤)|一闪一闪/,
  /(风力|吸力|声音|音量|力度|火力|电量|马力)(很|太|特别|比较|有点)?(小|弱|差)|(涂层|漆|皮|胶|把手|按钮|零件|螺丝|扣子|拉链|镀层)(都)?(掉|坏|脱落|断|松)了?/,
  /也(没|不)(打招呼|说一声|通知|告诉|联系|问)|没(有)?封(口|好)|又(说|变卦|反悔|改口)|全是(肥|骨头|冰|水|渣|皮|汤|面粉|淀粉|泡沫|空气|英文)|看不懂|听不懂|搞不懂|根本\p{Script=Han}{0,2}(不|没)/u,
  /关不(严|紧|上)|合不(上|拢)|(有|留了?)(一条|一道)缝|\p{Script=Han}?味(太|很|特别|比较|有点)(重|大|冲|浓)|(是|变)酸的|太浅|腰酸背痛/u,
  /好家伙|(就|才)?这么(点|一点|少|小)(东西|量|分量)?(就)?(卖|要|收)|(卖|要|收)(这么|那么)贵/,
  // A promised thing asked after: "准时宝"？准时在哪里？ 图片仅供参考是吧？
  /\p{Script=Han}{1,6}在哪(里|儿)?[？?]|是吧[？?]|(说好的|承诺的)\p{Script=Han}{0,6}呢/u,
  /一点(都|也)(不|没)(?!贵|差|难|坏|假|脏|慢|油|腻|咸|失望|后悔|麻烦|卡|吵|臭|累|疼|痛|痒|扎|硬|重|腥|闷|热|冷|紧|松|晃|漏|辣|苦|酸|烦|担心)/,
  /不想(再)?(穿|用|吃|买|喝|来)|(就|已经|都|再也)不(转|亮|响|动|制冷|开机|充电|出水|显示|工作)了|不(转|亮|响|制冷|开机|充电|出水|显示)了/,
  /(?<!买)不(再)?(买|回购|光顾)(?!后悔|亏|会后悔)|出现问题|存在问题|问题(很多|太多|不少|一大堆)|(发|变)酸|酸了|(退货|退款|安装|操作|使用|售后|流程|手续|换货)(太|很|好|特别|真|比较|有点)?麻烦/,
  /(保质期|时间|电池|续航|寿命|线)(太|很|比较|有点)?短|(温度|音量|亮度|分辨率|质量|品质)(太|很|比较|有点)?低/,
  /(都|也|从来|根本|压根|完全)(不|没)(送|给|理|管|回|接|发|到|来|能用|好用|行|对|一样|知道|告诉|通知|说|解决|处理)|根本(不|没|就)|压根(不|没)/,
  /(只有|只给了|就给了|才给了)(一|两|几|三)|(虚高|偏高|太高|乱收费|收费高)|没(有)?热水|(有|吃出|里面有|里有)(一根)?头发/,
  /(房间|面积|空间|床|屏幕|容量|个头|果子|个子)(太|很|比较|有点|特别)?小(?!巧|心|哥|时)/,
  new RegExp(`(卫生|散热|系统|售后|隔音|设施|信号|网速)(太|很|非常|极|真|特别|比较|有点|也)?(差|不好|不行|${SO_SO}|烂|卡|慢)`),
  /(味道|气味)(很|太|特别|比较|有点)?(大|重|刺鼻|难闻)|(很|太)透(?!气)|装不(上|了)|胀(袋|包)|线头(?!都剪|剪得|处理)/,
  // A question that is a complaint: 凭什么…, 怎么还没…, 说好的赠品呢？
  /凭什么|难道|怎么(还|又|都|这么|那么|没|不)|为什么(还|又|都|这么|那么|没|不)|为啥(还|又|都|这么|没|不)|去哪了|哪去了|(的|我的)\p{Script=Han}{1,4}呢[？?]|这(也|还|就)?(叫|算)\p{Script=Han}{0,6}(吗|么)|有(这样|这么)\p{Script=Han}{0,8}(吗|么)|就这[？?]|不是(说)?\p{Script=Han}{0,10}(吗|么)[？?]|到底|究竟|(你们|商家|卖家)(都|就|不|没|是否|能否)\p{Script=Han}{0,10}[？?]/u,
  /不怎么样|不咋地|不咋样|不太行|不好使|不能用|用不了|打不开|开不了机|充不进|不充电|没反应|不工作|不亮|耗电快|掉电快|不出水/,
  /退(了|掉)|(已|已经|只能|必须|准备|打算|坚决|果断|直接|马上|立刻|肯定|要|想)(退货|退款|退|换货)(?!流程|地址|运费|政策|规则|方式|多久|时间|怎么|吗|么)/,
];

/** Drawbacks a satisfied customer may mention too: 有点小, 偏大, 太大了. */
const MILD: RegExp[] = [
  /偏(小|大|薄|厚|硬|软|贵|少|咸|甜|淡|油|短|长|紧|松)|有点(小|大|薄|厚|硬|软|贵|少|咸|甜|淡|油|腻|慢|差|短|长|紧|松|暗|吵|臭|苦|酸|干|失望|难|粗糙|假|旧|脏|麻烦|卡|问题|不)|太大/,
  /\b(a bit|a little|kind of|kinda|slightly|somewhat) (slow|late|expensive|pricey|small|cramped|cold|noisy|confusing|disappointed|disappointing|annoying|annoyed|long|delayed)\b/,
];

/** Markers of sarcasm on their own, and praise next to a complaint. */
const SARCASM: RegExp[] = [
  /呵呵|(真是|真|我)服了|服了(你们|你)|(真是|真|我也是|我)醉了|真行|真有你的|好一个|谢谢你们全家/,
  /(好棒|真棒|太棒|真好|太好了|不错|厉害|谢谢|感谢)(哦|啊|呀|了)?.{0,6}(又(延迟|晚|慢|没|坏|错|漏|少|要等|迟到|取消|出问题)|让我等|等了)/,
  /\b(thanks|thank you) (for nothing|a lot for nothing|for the (delay|wait|cancel\w*|runaround|hassle|lost|nothing|non ?response))\b|\byeah right\b|\b(just|oh) (great|perfect|wonderful|lovely)\b/,
  /\b(love|loving|enjoy|enjoying) (waiting|sitting|the wait|the delay|being (stuck|on hold|ignored|lied)|spending (hours|\d+)|standing in)\b/,
  // A closing word of praise after something denied: "no hotel voucher? cool", "doesn't recline. thx".
  /\b(no|not|never|without|nobody|no one|nothing)\b[^.!?]*[.?!,;:]+ *(so )?(cool|nice|great|genius|thx|thanks|awesome|perfect|brilliant|fun|lovely|love it|love that|good job|well done|classy|impressive|fantastic)[.!]*$/,
  /\bthanks for (making (me|us)|ruining|losing|wasting|leaving (me|us)|letting (me|us) down|nothing|the (free )?(tour|delay|wait|runaround))\b|\bcool cool\b|[.!] *(lovely|great|perfect|brilliant|awesome|fantastic|wonderful|amazing|fun|nice one|classy|impressive)[.!]*$/,
];

/** Ways of saying it was fine that a lexicon would read as complaints: "not bad", "no problem", 没毛病. */
const PRAISE: RegExp[] = [
  // "not a single hiccup", "without a hitch": a problem denied.
  /\b(not|never) (a|one|a single|one single|any) (complaint|hiccup|issue|problem|delay|glitch|hitch|scratch|minute late|bump)s?\b|\bwithout (a|any|one) (single )?(hitch|hiccup|issue|problem|delay|glitch|complaint)s?\b/,
  /\b(not (too |that |so )?bad|no (problem|problems|issues|issue|complaints|worries)|can not complain|could not be (happier|better)|never (disappoints?|fails?|let me down|lets me down))\b/,
  /\b(solved|fixed|resolved|sorted|handled|sorted out|took care of) (my|the|our|this|an?)? ?(issue|issues|problem|problems|complaint|refund|case)\b/,
  /没毛病|没(啥|什么|有)毛病|一分钱一分货|物有所值|没(有)?问题|没得说|无可挑剔|挑不出毛病|不用担心|毫无压力|(和|与|跟)(描述|图片|宣传|实物|介绍)(的)?(一致|一样|相符|相同|差不多)|货真价实/,
];

/** A problem made good, which outweighs the problem: 少发了一个，商家当天就补发了. */
const REMEDY: RegExp[] = [/(当天|马上|立刻|很快|及时|第二天)(就)?(给)?(补发|补寄|重发|换了|退了|处理了|解决了)/];

/** A cue denied just before it is not a complaint: 不卡顿, 没有色差, 从不掉色. */
const DENIED = /(不|没|无|没有|不会|从不|并不|毫不|从来没|从没|完全不|一点也不|一点都不|not|no|never)(一点|一丝|任何|半点|什么|啥|一个|一根)?$/;
/** Denied after it: 一个气泡都没有, 一点破损也没有. */
const DENIED_AFTER = /^(都|也)(没有|没|不)/;

function matches(patterns: RegExp[], text: string, kind: ComplaintCue['kind']): ComplaintCue[] {
  return patterns.flatMap((pattern) => {
    const found = pattern.exec(text);
    if (!found) return [];
    const before = text.slice(Math.max(0, found.index - 6), found.index).trimEnd();
    const after = text.slice(found.index + found[0].length);
    return (kind === 'complaint' || kind === 'mild') && (DENIED.test(before) || DENIED_AFTER.test(after)) ? [] : [{ kind, evidence: found[0], at: found.index }];
  });
}

export function complaintCuesIn(normalized: string): ComplaintCue[] {
  const praise = matches(PRAISE, normalized, 'praise');
  // A praise phrase is not also a complaint: "no problems at all" is not "no … at all".
  const rest = praise.reduce((text, cue) => text.replace(cue.evidence, ' '.repeat(cue.evidence.length)), normalized);
  return [...matches(EN_COMPLAINTS, rest, 'complaint'), ...matches(ZH_COMPLAINTS, rest, 'complaint'), ...matches(MILD, rest, 'mild'), ...matches(SARCASM, rest, 'sarcasm'), ...praise, ...matches(REMEDY, rest, 'remedy')];
}
