/**
 * What a customer sent that is not text, as the transcript shows it: stored like any message (so
 * nothing a customer sends is lost and the agent knows something came), in both languages since
 * the agent may read either. Keys are the providers' own names for the content.
 */
const PLACEHOLDERS = new Map<string, string>(Object.entries({
  photo: '[图片 photo]',
  image: '[图片 image]',
  sticker: '[表情 sticker]',
  animation: '[动图 GIF]',
  voice: '[语音 voice]',
  audio: '[音频 audio]',
  video: '[视频 video]',
  video_note: '[视频 video]',
  shortvideo: '[视频 video]',
  document: '[文件 file]',
  file: '[文件 file]',
  location: '[位置 location]',
  venue: '[位置 location]',
  contact: '[名片 contact]',
  link: '[链接 link]',
}));

export function contentPlaceholder(kind: string, caption?: string | null): string {
  // A Map, so a provider's `constructor` or `__proto__` is just an unknown kind.
  const label = PLACEHOLDERS.get(kind) ?? `[${Array.from(kind).slice(0, 40).join('')}]`;
  return caption?.trim() ? `${label} ${caption.trim()}` : label;
}
