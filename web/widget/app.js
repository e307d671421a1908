import { browserLocale, createI18n, LOCALES } from '../shared/i18n.js';
import { agentNamesIn } from './agent-names.js';
import { createChatPanel } from './chat-panel.js';
import { createComposer } from './composer.js';
import { createConversation } from './conversation.js';
import { createConversationEnded } from './conversation-ended.js';
import { element } from './element.js';
import { createHandoffButton } from './handoff-button.js';
import { createHandoffStatus } from './handoff-status.js';
import { createLanguageSwitcher } from './language-switcher.js';
import { createLauncher } from './launcher.js';
import { createLeaveQueueForm } from './leave-queue-form.js';
import { WIDGET_LOCALES } from './locales.js';
import { createQuickReplies } from './quick-replies.js';
import { createSessionStore } from './session.js';
import { WIDGET_STYLES } from './styles.js';
import { createTranscript } from './transcript.js';

const LOCALE_CHOICE_KEY = 'baton.widget.locale';
const PANEL_ID = 'baton-chat-panel';

/**
 * Puts the widget on the page, inside a shadow root on `host`: the launcher, and the chat panel it
 * opens. Called by loader.js with the script tag's settings. Nothing is asked of the server until
 * the panel is first opened, unless a conversation is already under way (a reload, another tab).
 */
export function start({ baseUrl, channel = 'web', locale = null, sessionUrl, host }) {
  const root = host.attachShadow({ mode: 'open' });
  const i18n = createI18n(WIDGET_LOCALES, { initial: initialLocale(locale) });
  const store = createSessionStore({ baseUrl, channel });
  const conversation = createConversation({ baseUrl, sessionUrl, store, locale: () => i18n.locale });

  let open = false;
  let unread = 0;

  const languageSwitcher = createLanguageSwitcher({
    i18n,
    onChoose(next) {
      i18n.setLocale(next);
      rememberLocaleChoice(next, locale);
    },
  });
  const panel = createChatPanel({ i18n, id: PANEL_ID, languageSwitcher, onClose: () => setOpen(false, { focus: true }) });
  const launcher = createLauncher({ i18n, panelId: PANEL_ID, onToggle: () => setOpen(!open, { focus: true }) });
  const status = createHandoffStatus({ i18n });
  const transcript = createTranscript({ i18n, onRetry: (entry) => conversation.retry(entry) });
  const quickReplies = createQuickReplies({ i18n, onChoose: (reply, entry) => conversation.chooseQuickReply(reply, entry) });
  const leaveQueueForm = createLeaveQueueForm({
    i18n,
    onCallbackNumber: (number) => conversation.submitCallbackNumber(number),
    onMessage: (text) => conversation.submitLeftMessage(text),
    onCancel: () => conversation.cancelLeaveQueueForm(),
  });
  const handoffButton = createHandoffButton({ i18n, onHandoff: () => conversation.handoff() });
  const composer = createComposer({ i18n, onSend: (text) => conversation.send(text) });
  const ended = createConversationEnded({
    i18n,
    onStartNew: () => conversation.startNew().then(() => composer.focus()),
    onTryAgain: () => conversation.retryOpening(),
  });

  panel.body.append(status.element, transcript.element, quickReplies.element, leaveQueueForm.element, element('div', { class: 'toolbar' }, handoffButton.element), composer.element, ended.element);
  const container = element('div', { class: 'baton', lang: i18n.locale }, panel.element, launcher.element);
  adoptStyles(root);
  root.append(container);

  function render(snapshot = conversation.snapshot()) {
    const focusWasInPanel = Boolean(root.activeElement && panel.element.contains(root.activeElement));
    container.lang = i18n.locale;
    const names = agentNamesIn(snapshot.messages);
    panel.update(snapshot, { open });
    launcher.update({ open, unread });
    status.update(snapshot, { agentName: names.latest });
    transcript.update(snapshot, { agentNames: names.byAgentId });
    quickReplies.update(snapshot);
    leaveQueueForm.update(snapshot);
    handoffButton.update(snapshot);
    composer.update(snapshot);
    ended.update(snapshot);
    handoffButton.element.parentElement.hidden = handoffButton.element.hidden;
    // What had focus was just hidden (the composer, at the end): the way on takes it, not the page.
    if (open && focusWasInPanel && !(root.activeElement?.getClientRects().length > 0)) focusInPanel();
  }

  function focusInPanel() {
    if (!composer.element.hidden) composer.focus();
    else if (!ended.element.hidden) ended.focus();
    else panel.focusClose();
  }

  function setOpen(next, { focus = false } = {}) {
    if (next === open) return;
    open = next;
    store.panelOpen = open;
    if (open) {
      unread = 0;
      conversation.open();
    }
    render();
    if (open) {
      transcript.scrollToEnd();
      if (focus) focusInPanel();
    } else if (focus) launcher.focus();
  }

  conversation.onChange(render);
  conversation.onArrival((message) => {
    if (!open && message.from !== 'customer') {
      unread++;
      render();
    }
  });
  i18n.onChange(() => render());

  render();
  if (store.panelOpen) setOpen(true);
  else conversation.resume();

  return {
    open: () => setOpen(true, { focus: true }),
    close: () => setOpen(false),
    get locale() {
      return i18n.locale;
    },
  };
}

/**
 * A constructed stylesheet where the browser has them: a shop's Content-Security-Policy without
 * 'unsafe-inline' styles does not block it, as it would a <style> element. Older browsers get one.
 */
function adoptStyles(root) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_STYLES);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(element('style', { text: WIDGET_STYLES }));
  }
}

/**
 * The customer's own choice in the switcher wins, unless the page has since asked for another
 * language (its data-locale changed); then the page's, then the browser's.
 */
function initialLocale(pageLocale) {
  const page = LOCALES.includes(pageLocale) ? pageLocale : null;
  try {
    const choice = JSON.parse(localStorage.getItem(LOCALE_CHOICE_KEY) ?? 'null');
    if (choice && LOCALES.includes(choice.locale) && (choice.pageLocale ?? null) === page) return choice.locale;
  } catch {
    // No storage: the page's or the browser's language.
  }
  return page ?? browserLocale();
}

function rememberLocaleChoice(locale, pageLocale) {
  try {
    localStorage.setItem(LOCALE_CHOICE_KEY, JSON.stringify({ locale, pageLocale: LOCALES.includes(pageLocale) ? pageLocale : null }));
  } catch {
    // Not remembered; the widget still switches.
  }
}
