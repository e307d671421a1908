import afinn from 'sentiment/languages/en/labels.json';
/**
 * The words sentiment is read from, zh (simplified; traditional is folded before) and en. Words
 * that are neutral on their own in a service conversation stay out: 退货 and "refund" (怎么退货 is
 * a question), 问题 (我有个问题), 麻烦 (麻烦帮我查一下), "like" (I would like). Their complaining
 * uses are phrases in complaint-cues.ts.
 */
const words = (list: string) => list.split(/\s+/).filter(Boolean);

/**
 * AFINN-165 (Finn Årup Nielsen's word list, as the `sentiment` package ships it) widens the English
 * lists below: words scored −2 or lower count as negative, +2 or higher as positive. Except the words a
 * service conversation uses without feeling: "customer care", "help", "support", "dear @airline",
 * "top up", "hope you can", "will I be charged", "emergency exit", and the interjections of sarcasm
 * ("wow", "lol", "funny how"), which complaint-cues.ts reads in context.
 */
const NEUTRAL_IN_SERVICE = new Set(
  words(`care cares support supported supporting help helping helps like likes liked fine kind dear top hope hopeful hoping interested
  charged charges charge emergency alone true wow lol lmao haha funny interesting special pretty please want free sure yes ok well
  lost united`),
);
const AFINN_WORDS = Object.entries(afinn as Record<string, number>).filter(([word]) => /^[a-z]+$/.test(word) && !NEUTRAL_IN_SERVICE.has(word));
const AFINN_NEGATIVE = AFINN_WORDS.filter(([, score]) => score <= -2).map(([word]) => word);
const AFINN_POSITIVE = AFINN_WORDS.filter(([, score]) => score >= 2).map(([word]) => word);

export const ZH_NEGATIVE = words(`差 很差 太差 差劲 极差 垃圾 难吃 难用 难看 难闻 难喝 难受 不好 糟糕 失望 后悔 坑 坑人 骗 骗人 欺骗 忽悠 慢 超时 迟到 晚
  凉 冷 少 贵 不值 不新鲜 变质 坏 破 破损 漏 脏 臭 异味 故障 死机 发烫 投诉 差评 生气 愤怒 气死 无语 恶心 敷衍 不理 不行 无法 不满意
  不推荐 不会再 别买 送错 漏送 少送 假货 山寨 劣质 粗糙 一般 凑合 勉强 郁闷 可惜 遗憾 不爽 不舒服 费劲 烂 不如 不准 不稳定 噪音 吵 没用
  答非所问 拒绝 催 太贵 傻 骂 坑爹 呵呵 无奈 白费 浪费 缩水 掉色 起球 开胶 断 碎 错 不对 不够 不足 缺点 毛病 瑕疵 不合适 不清楚 模糊 夹生
  馊 淡而无味 太难 上当 受骗 欺诈 虚假 忽悠人 烦 烦人 烦死 崩溃 抓狂 离谱 过分 恶劣 冷漠 蛮横 不耐烦 推脱 推诿 踢皮球 拖延 延迟 延误 耽误
  卡顿 闪退 黑屏 花屏 掉漆 起皮 开线 褪色 脱线 划痕 磨损 污渍 色差 残次 次品 瑕疵品 二手 翻新 旧货 过期 发霉 霉变 生虫 异物 拉肚子
  不靠谱 不专业 不负责 不负责任 坑钱 黑心 奸商 骗子 智商税 鸡肋 踩雷 劝退 慎买 千万别 不值得 不划算 亏 亏了 吃亏 后悔死 心塞 心累
  堵心 闹心 窝火 火大 不开心 难过 伤心 痛心 寒心 伤不起 受不了 忍无可忍 不像话 太过分 差强人意 一塌糊涂 稀烂 垃圾货 破烂 糊弄 糊了 焦了
  硌 刺鼻 甲醛 不透气 不合身 偏小 偏大 不灵敏 不灵 失灵 反应慢 漏水 漏电 没反应 打不开 用不了 不能用 不好使 不好用 不好吃
  不好喝 不好看 辣眼睛 不建议 血亏 上火 讨厌 气人 不厚道 一星 陈旧 老旧 破旧 偏僻 偏远 蟑螂 蚊子 空洞 没意思 无聊 乏味 看不下去 枯燥
  拼凑 错别字 盗版 磨脚 夹脚 硌脚 压扁 压坏 凹陷 缓慢 慢吞吞 速度慢 低端 档次低 效率低 坏果 烂果 过敏 痒 刺激性 起痘 长痘 蓝屏 发热 坏点 漏光 失败 吐槽 无语了 不值钱 水货 三无
  杂音 异响 简陋 寒酸 坨 塌 瘪 干巴巴 跑绒 钻绒 接触不良 气泡 不通电 短路 冒烟 腥 腥臭 臭味 蔫 闷脚 闷热 渗水 漏风 透风 晃 松动 开裂
  裂开 发黄 发黑 变黄 变色 结块 受潮 稀 硬邦邦 疼 腰疼 酸痛 腰酸背痛 不良 脱落 透光 磨破 勒 复杂 看不懂 爱搭不理 爱理不理 可怜 两码事 粗制滥造 偷工减料 以次充好
  缺斤少两 短斤缺两 坑坑洼洼 扎手 扎人 刺痒 掉毛 掉渣 碎成 一股味 串味 凉透 冰凉 油腻 齁 齁咸 寡淡 没味 难嚼 嚼不动 塞牙 卡喉咙`);

export const ZH_POSITIVE = words(`真香 好 很好 不错 满意 喜欢 好吃 好用 好看 快 及时 准时 赞 棒 推荐 值 值得 划算 实惠 便宜 新鲜 方便 感谢 谢谢 完美 惊喜 好评 热乎
  美味 香 正宗 舒服 流畅 清晰 漂亮 精致 耐用 结实 给力 靠谱 贴心 周到 热情 专业 优秀 超赞 点赞 喜爱 开心 满分 物美价廉 五星 回购
  一如既往 好喝 可口 酥脆 入味 细心 耐心 认真 负责 稳定 大气 高端 实用 合适 爱 好评如潮 没问题 放心 信赖 支持 惊艳 超值 划得来 值得购买
  棒棒 好极了 挺好 蛮好 很棒 太棒 超级棒 好棒 厉害 不赖 还不错 挺不错 蛮不错 很不错 非常好 非常满意 很满意 超满意 好喜欢 很喜欢
  物超所值 性价比高 质量好 做工精细 做工好 正品 快递快 物流快 发货快 送货快 包装好 包装严实 服务好 态度好 分量足 量大 份量足 柔软 细腻
  质感 高大上 上档次 合身 舒适 透气 保暖 轻便 灵敏 省电 音质好 清爽 干净 卫生 温馨 满足 幸福 愉快 顺利 顺畅 高效 迅速 神速
  很快 挺快 超快 特别快 非常快 精细 甜 清甜 香甜 好闻 顺滑 柔顺 好穿 良心 诚信 实在 厚道 用心 到位 满心欢喜 爱了 绝了 好评 强烈推荐 值得推荐 下次还 还会再来 还会买 必须好评 很赞`);

export const EN_NEGATIVE = words(`bad terrible awful horrible worst poor useless unhelpful slow late broken damaged wrong missing cold rude disappointed
  disappointing disappointment angry furious annoyed annoying upset hate hated ridiculous scam fraud unacceptable waste wasted frustrating
  frustrated frustration complaint complain complained fail failed failing failure fails disgusting nasty dirty filthy gross overpriced junk
  garbage rubbish trash mess confusing lost stuck delay delayed delays cancelled canceled cancellation stranded pathetic joke disgrace
  disgraceful shameful shame embarrassing incompetent incompetence unprofessional sucks suck sucked crap crappy shit shitty ripoff nightmare
  chaos worse wtf smh ugh sigh cramped uncomfortable overbooked bumped diverted overcharged refused denied rejected ignored ignoring
  hung disconnected glitch crashed crashing outage horrendous atrocious abysmal appalling lousy mediocre inedible tasteless bland
  misleading misled lied lying liar dissatisfied unsatisfied unhappy sad regret hopeless helpless stressed exhausted livid outraged
  disgusted irritated irritating inconvenient inconvenience fed problem problems issue issues error errors bug bugs hassle insane
  stupid idiots idiot clueless careless sloppy shoddy defective faulty spoiled stale undelivered unreachable unresponsive unanswered
  unfortunately sadly broke breaks lose losing loses ruin ruined ruining ruins yelled yelling screamed shouted insulted abused misplaced mishandled
  downgraded`).concat(AFINN_NEGATIVE);

export const EN_POSITIVE = words(`good great excellent amazing awesome perfect love loved loving lovely nice fast quick quickly helpful thanks thank thankful
  appreciate appreciated happy pleased satisfied wonderful fantastic recommend fresh delicious tasty friendly easy smooth reliable best
  brilliant glad kind courteous polite professional efficient comfortable comfy clean spacious prompt impressed impressive outstanding
  superb stellar exceptional incredible beautiful sweet fun enjoy enjoyed enjoying favorite favourite yay woohoo kudos shoutout hero
  heroes rock rocks safe seamless worth congrats congratulations grateful gracious pleasant pleasure exceeded awesomeness terrific
  fabulous splendid marvelous marvellous smoothly painless resolved fixed solved refunded upgraded cheers`).concat(AFINN_POSITIVE);

/** Words that outweigh mild praise in the same message: 包装不错，但是难吃. */
export const STRONG_NEGATIVE = words(`垃圾 难吃 难喝 难用 难闻 难受 恶心 失望 后悔 差评 骗子 骗人 假货 太差 极差 很差 差劲 坑人 上当 受骗 糊弄 踢皮球 崩溃 讨厌
  气人 不值 不值得 不满意 不推荐 别买 不厚道 worst terrible horrible awful disgusting pathetic appalling atrocious abysmal horrendous
  unacceptable useless scam`);

/** Words whose sense flips on a negation before them: 不 / 没, "not", "never". */
export const NEGATORS = words(`不 没 没有 不太 不够 不是 别 无 未 不怎么 并不 毫不 从不 从没 绝不 不算 不大 都不 也不 都没 也没 都没有 也没有 并没有
  完全不 根本不 一点不 一点也不 一点都不 绝对不 不会 从来不 从来没 not no never hardly nothing neither nor without barely`);
/** Words a negation may reach across: 不是很好, 没让我失望, "not at all happy", "not very good". */
export const NEGATION_BRIDGE = words('很 太 是 那么 这么 让 我 人 会 再 算 怎么 特别 非常 一点 一丝 任何 半点 什么 啥 一个 一根 一处 at all very so too really that the be been as');

export const INTENSIFIERS = words(`太 很 非常 特别 超 超级 极 极其 真 真的 好 十分 相当 巨 贼 最 挺 蛮 老 忒 死 very so really extremely totally absolutely
  too super incredibly utterly completely seriously truly`);

/** After these, what follows is what the customer means: 东西不错，就是物流太慢. */
export const CONTRAST = words('但是 但 可是 不过 就是 然而 只是 却 偏偏 结果 but however though although except');
/** Before these, what was said counts less: 虽然便宜，但是… */
export const CONCESSIVE = words('虽然 虽说 尽管 固然 以为 本以为 原以为 还以为 别家 别的店 although though');

export const ANGER = words(`生气 愤怒 气死 投诉 骗子 垃圾 滚 恶心 无语 骂 坑爹 太差 火大 忍无可忍 奸商 黑心 受不了 崩溃 抓狂 angry furious ridiculous
  scam unacceptable worst hate disgusting wtf livid outraged disgraceful pathetic`);

/**
 * Praise that turns on itself next to a complaint: "great, another hour on hold", "thanks for
 * nothing", 好棒哦又延迟了, 谢谢你们让我等了三天.
 */
export const SARCASM_PRONE = words(`great thanks thank love loved awesome wonderful fantastic perfect nice brilliant lovely amazing best appreciate fun glad
  cool excellent 好棒 真棒 厉害 谢谢 感谢 真好 太好了 好 棒 赞 好极了 优秀 给力 不错`);
