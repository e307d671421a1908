/**
 * The customer's session: which conversation they are in and the token that lets them speak in it.
 * The shop's backend hands it out at `data-session-url`; it is kept in localStorage so a reload,
 * or a new tab, carries on the same conversation. What belongs to this tab only — is the panel
 * open, where the event stream had got to — lives in sessionStorage.
 */
export class SessionError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function createSessionStore({ baseUrl, channel }) {
  const key = `baton.widget.${channel}.${new URL(baseUrl).origin}`;
  const tabKey = `${key}.tab`;
  const local = storage('localStorage');
  const tab = storage('sessionStorage');

  const read = (area, name) => {
    try {
      return JSON.parse(area?.getItem(name) ?? 'null');
    } catch {
      return null;
    }
  };
  const write = (area, name, value) => {
    try {
      if (value === null) area?.removeItem(name);
      else area?.setItem(name, JSON.stringify(value));
    } catch {
      // Private browsing or a full quota: the widget still works, it just will not remember.
    }
  };
  const tabState = () => read(tab, tabKey) ?? {};
  const updateTab = (changes) => write(tab, tabKey, { ...tabState(), ...changes });

  return {
    /** The stored session, if it is whole; an expired one is still returned, for the backend to judge. */
    saved() {
      const record = read(local, key);
      if (!record || typeof record.conversationId !== 'string' || typeof record.token !== 'string') return null;
      return record;
    },
    save(session) {
      write(local, key, { conversationId: session.conversationId, token: session.token, expiresAt: session.expiresAt ?? null });
      if (tabState().conversationId !== session.conversationId) updateTab({ conversationId: session.conversationId, lastEventId: null, dismissedReplies: null });
    },
    /** The conversation is over or the token was refused: the next open starts afresh. */
    forget() {
      write(local, key, null);
      updateTab({ conversationId: null, lastEventId: null, dismissedReplies: null });
    },
    lastEventId(conversationId) {
      const state = tabState();
      return state.conversationId === conversationId ? (state.lastEventId ?? null) : null;
    },
    rememberEventId(conversationId, lastEventId) {
      updateTab({ conversationId, lastEventId });
    },
    /** The message whose quick replies the customer already answered or put away. */
    dismissedReplies() {
      return tabState().dismissedReplies ?? null;
    },
    dismissReplies(messageId) {
      updateTab({ dismissedReplies: messageId });
    },
    get panelOpen() {
      return tabState().open === true;
    },
    set panelOpen(open) {
      updateTab({ open });
    },
  };
}

/**
 * Asks the shop's backend for a session: a new conversation, or (with `resume`) the one the
 * customer was in. The backend decides; it may hand back the same conversation or a new one.
 */
export async function requestSession({ sessionUrl, locale, resume }) {
  let response;
  try {
    response = await fetch(sessionUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(resume ? { locale, resume: { conversationId: resume.conversationId, token: resume.token } } : { locale }),
    });
  } catch (error) {
    throw new SessionError(0, error instanceof Error ? error.message : String(error));
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new SessionError(response.status, body?.error?.message ?? response.statusText);
  if (!body || typeof body.conversationId !== 'string' || typeof body.token !== 'string') {
    throw new SessionError(response.status, 'the session URL did not answer {conversationId, token, expiresAt}');
  }
  return { conversationId: body.conversationId, token: body.token, expiresAt: body.expiresAt ?? null };
}

function storage(name) {
  try {
    const area = window[name];
    const probe = '__baton_probe__';
    area.setItem(probe, '1');
    area.removeItem(probe);
    return area;
  } catch {
    return null;
  }
}
