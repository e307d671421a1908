import { createI18n } from '/shared/i18n.js';

/**
 * The demo shop's own words, in the three languages, and the widget put on the page the way a
 * shop does it — the same <script> tag, with data-locale added when the page was opened with
 * ?lang=zh-CN | zh-TW | en (without it, the widget follows the browser, like the page).
 */
const DEMO_TEXT = {
  'zh-CN': {
    pageTitle: 'Baton 示例商城',
    brand: '示例商城',
    navNew: '新品',
    navAudio: '数码',
    navHome: '家居',
    navHelp: '订单帮助',
    demoNote: '这是一个演示商城。在另一个窗口打开 /console，以客服身份接待。',
    keysHint: '客服密钥在 npm start 时已打印，也保存在 .data/demo-keys.json。',
    heroTitle: '好物上新，售后无忧',
    heroText: '有问题随时点右下角的在线客服：智能客服即时解答，需要时一键转人工。',
    productsTitle: '热卖商品',
    p1Name: '蓝牙降噪耳机',
    p1Desc: '主动降噪 · 30 小时续航',
    p2Name: '保温杯 500ml',
    p2Desc: '316 不锈钢 · 12 小时保温',
    p3Name: '机械键盘',
    p3Desc: '红轴 · 87 键 · 有线/蓝牙双模',
    p4Name: '空气净化器滤网',
    p4Desc: 'H13 级 HEPA · 两片装',
    addToCart: '加入购物车',
    helpTitle: '订单帮助',
    helpText: '查物流、退换货、发票和支付问题，都可以直接问在线客服。不妨试试这样问：',
    try1: '我的订单 SO-20261118-0042 到哪了？',
    try2: '怎么申请退货退款？',
    try3: '我要投诉，转人工',
    helpShipping: '物流配送',
    helpShippingText: '下单后 48 小时内发货，江浙沪次日达。',
    helpReturns: '退货退款',
    helpReturnsText: '签收 7 天内无理由退货，退款 1–3 个工作日到账。',
    helpService: '人工客服',
    helpServiceText: '每天 9:00–21:00 在线，其他时间可留言或预约回电。',
    embedTitle: '如何嵌入',
    embedText: '商城页面只需一行代码：',
    footer: '© 2026 Baton 示例商城 · 仅供演示，商品与订单均为虚构',
    language: '语言',
  },
  'zh-TW': {
    pageTitle: 'Baton 示範商城',
    brand: '示範商城',
    navNew: '新品',
    navAudio: '數位',
    navHome: '居家',
    navHelp: '訂單協助',
    demoNote: '這是一個示範商城。在另一個視窗開啟 /console，以客服身分接待。',
    keysHint: '客服金鑰在 npm start 時已印出，也存放在 .data/demo-keys.json。',
    heroTitle: '好物上新，售後無憂',
    heroText: '有問題隨時點右下角的線上客服：智能客服即時解答，需要時一鍵轉真人客服。',
    productsTitle: '熱賣商品',
    p1Name: '藍牙降噪耳機',
    p1Desc: '主動降噪 · 30 小時續航',
    p2Name: '保溫杯 500ml',
    p2Desc: '316 不鏽鋼 · 12 小時保溫',
    p3Name: '機械鍵盤',
    p3Desc: '紅軸 · 87 鍵 · 有線/藍牙雙模',
    p4Name: '空氣清淨機濾網',
    p4Desc: 'H13 級 HEPA · 兩片裝',
    addToCart: '加入購物車',
    helpTitle: '訂單協助',
    helpText: '查物流、退換貨、發票和付款問題，都可以直接問線上客服。不妨試試這樣問：',
    try1: '我的訂單 SO-20261101-2001 退款進度如何？',
    try2: '怎麼申請退貨退款？',
    try3: '我要客訴，轉真人',
    helpShipping: '物流配送',
    helpShippingText: '下單後 48 小時內出貨，雙北隔日到貨。',
    helpReturns: '退貨退款',
    helpReturnsText: '簽收 7 天內無理由退貨，退款 1–3 個工作天入帳。',
    helpService: '真人客服',
    helpServiceText: '每天 9:00–21:00 線上服務，其他時間可留言或預約回電。',
    embedTitle: '如何嵌入',
    embedText: '商城頁面只需一行程式碼：',
    footer: '© 2026 Baton 示範商城 · 僅供示範，商品與訂單皆為虛構',
    language: '語言',
  },
  en: {
    pageTitle: 'Baton Demo Shop',
    brand: 'Demo Shop',
    navNew: 'New in',
    navAudio: 'Electronics',
    navHome: 'Home',
    navHelp: 'Order help',
    demoNote: 'This is a demo shop. Open /console in another window to answer as an agent.',
    keysHint: 'The agent keys were printed by npm start and are in .data/demo-keys.json.',
    heroTitle: 'New arrivals, worry-free returns',
    heroText: 'Questions? Use the chat button in the corner: the assistant answers at once, and a person takes over whenever you ask.',
    productsTitle: 'Best sellers',
    p1Name: 'Noise-cancelling headphones',
    p1Desc: 'Active noise cancelling · 30-hour battery',
    p2Name: 'Insulated bottle 500 ml',
    p2Desc: '316 stainless steel · hot for 12 hours',
    p3Name: 'Mechanical keyboard',
    p3Desc: 'Red switches · 87 keys · wired and Bluetooth',
    p4Name: 'Air purifier filter',
    p4Desc: 'H13 HEPA · pack of two',
    addToCart: 'Add to cart',
    helpTitle: 'Order help',
    helpText: 'Tracking, returns, invoices and payments — just ask in the chat. Try, for example:',
    try1: 'Where is my order SO-20261121-1001?',
    try2: 'How do I return an item?',
    try3: 'I want to talk to a person',
    helpShipping: 'Shipping',
    helpShippingText: 'Orders ship within 48 hours; most arrive in 2–4 days.',
    helpReturns: 'Returns',
    helpReturnsText: 'Return anything within 7 days of delivery; refunds arrive in 1–3 working days.',
    helpService: 'Talk to a person',
    helpServiceText: 'Agents are online 9:00–21:00 every day; at other times leave a message or ask for a call back.',
    embedTitle: 'How it is embedded',
    embedText: "One line on the shop's page:",
    footer: '© 2026 Baton Demo Shop · for demonstration only; products and orders are made up',
    language: 'Language',
  },
};

const requested = new URLSearchParams(location.search).get('lang');
const i18n = createI18n(DEMO_TEXT, { initial: requested });

document.documentElement.lang = i18n.locale;
document.title = i18n.t('pageTitle');
for (const node of document.querySelectorAll('[data-text]')) node.textContent = i18n.t(node.dataset.text);
for (const link of document.querySelectorAll('[data-lang]')) {
  if (link.dataset.lang === i18n.locale) link.setAttribute('aria-current', 'true');
}

// The widget, exactly as a shop embeds it.
const widget = document.createElement('script');
widget.src = '/widget.js';
widget.dataset.channel = 'web';
widget.dataset.sessionUrl = '/demo/session';
if (requested && DEMO_TEXT[requested]) widget.dataset.locale = requested;
document.body.append(widget);
