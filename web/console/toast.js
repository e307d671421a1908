import { h } from './dom.js';

/**
 * Short messages in the corner: errors carry the API's own message (and its code, for whoever
 * reports it), notices fade by themselves. The region is aria-live, so screen readers hear them.
 */
export function createToasts(region, t) {
  function show(kind, text, detail) {
    const close = h('button', { type: 'button', class: 'toast-close', i18nAria: 'toast.dismiss', onclick: () => item.remove() }, '×');
    const item = h('div', { class: ['toast', `toast-${kind}`], role: kind === 'error' ? 'alert' : 'status' },
      h('div', { class: 'toast-text' }, h('span', { text }), detail ? h('span', { class: 'toast-detail', text: detail }) : null),
      close);
    region.append(item);
    setTimeout(() => item.remove(), kind === 'error' ? 9000 : 5000);
    while (region.children.length > 4) region.firstElementChild.remove();
  }
  return {
    info: (text) => show('info', text),
    success: (text) => show('success', text),
    /** An ApiError (or any error) with what the user was trying to do. */
    error(error, doing) {
      // A refusal the tables know is said in the reader's language; the API's own words follow.
      const code = error?.code;
      const key = `apiError.${code}`;
      const known = code && t(key) !== key ? t(key) : null;
      const apiMessage = code === 'network' ? t('error.network') : (error?.message || t('error.unknown'));
      const lead = known ?? apiMessage;
      const detail = [known && code !== 'network' ? apiMessage : null, code && code !== 'network' ? `(${code})` : null].filter(Boolean).join(' ');
      show('error', doing ? `${doing}: ${lead}` : lead, detail || null);
    },
  };
}
