/**
 * What this tab remembers: the key (sessionStorage only — never the URL, never localStorage, so it
 * dies with the tab), the open conversation and the chosen list, so a reload lands where it was.
 */
const KEY = 'baton.console.key';
const OPEN = 'baton.console.open';
const TAB = 'baton.console.tab';

function store() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export const session = {
  get key() {
    return store()?.getItem(KEY) ?? '';
  },
  set key(value) {
    if (value) store()?.setItem(KEY, value);
    else store()?.removeItem(KEY);
  },
  get openConversation() {
    return store()?.getItem(OPEN) ?? null;
  },
  set openConversation(id) {
    if (id) store()?.setItem(OPEN, id);
    else store()?.removeItem(OPEN);
  },
  get tab() {
    return store()?.getItem(TAB) ?? null;
  },
  set tab(id) {
    store()?.setItem(TAB, id);
  },
  /** Signing out forgets everything this tab kept: the key, what was open, unsent drafts. */
  clear() {
    const kept = store();
    if (!kept) return;
    for (const name of Object.keys(kept)) if (name.startsWith('baton.console.')) kept.removeItem(name);
  },
};
