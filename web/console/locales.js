import en from './locales/en.js';
import zhCN from './locales/zh-CN.js';
import zhTW from './locales/zh-TW.js';

/** The console's labels in the three languages it speaks, for createI18n (shared/i18n.js). */
export const CONSOLE_LOCALES = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
