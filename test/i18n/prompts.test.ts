import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PROMPTS, fillTemplate, loadPrompts, waitPhrase } from '../../i18n/prompts';
import type { Locale } from '../../domain/conversation';

describe('what customers are told while they wait', () => {
  it.each([
    [30, 'less than a minute', '不到1分钟', '不到1分鐘'],
    [60, 'about 1 minute', '为1分钟', '為1分鐘'],
    [170, 'about 3 minutes', '为3分钟', '為3分鐘'],
    [14 * 60, 'about 15 minutes', '约15分钟', '約15分鐘'],
    [42 * 60, 'about 40 minutes', '约40分钟', '約40分鐘'],
    [2 * 3600, 'more than an hour', '超过1小时', '超過1小時'],
  ])('%i s is said as "%s" / %s / %s', (seconds, en, zhCN, zhTW) => {
    expect(waitPhrase('en', seconds)).toBe(en);
    expect(waitPhrase('zh-CN', seconds)).toBe(zhCN);
    expect(waitPhrase('zh-TW', seconds)).toBe(zhTW);
  });

  it.each([
    ['zh-CN', '您是第3位等待转接的用户，预计等待时间为4分钟。'],
    ['zh-TW', '您是第3位等待轉接的用戶，預計等待時間為4分鐘。'],
    ['en', 'You are number 3 in line. The estimated wait is about 4 minutes.'],
  ] as Array<[Locale, string]>)('renders the place in line in %s', (locale, expected) => {
    expect(fillTemplate(DEFAULT_PROMPTS[locale].queuePosition, { position: 3, wait: waitPhrase(locale, 240) })).toBe(expected);
  });

  it('takes a company’s own wording from a file, keeping the rest', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'baton-prompts-')), 'prompts.json');
    writeFileSync(file, JSON.stringify({ en: { transferring: 'One moment, finding you a person…' } }));
    const prompts = loadPrompts(file);
    expect(prompts.en.transferring).toBe('One moment, finding you a person…');
    expect(prompts.en.queuePosition).toBe(DEFAULT_PROMPTS.en.queuePosition);
    expect(prompts['zh-CN']).toEqual(DEFAULT_PROMPTS['zh-CN']);
  });

  it('refuses a prompts file with an unknown prompt or locale, naming it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-prompts-'));
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ en: { greeting: 'hi' } }));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ fr: { transferring: 'un instant' } }));
    expect(() => loadPrompts(path.join(dir, 'a.json'))).toThrow(/en/);
    expect(() => loadPrompts(path.join(dir, 'b.json'))).toThrow(/BATON_PROMPTS_FILE/);
  });
});
