import { h, relabel } from './dom.js';
import { languageSwitcher } from './language-switcher.js';

/**
 * The bar across the top: the product, whether the desk feed is live, notifications and sound,
 * the language, who is signed in, and Sign out. `setConnection(state)` shows the feed's state.
 */
export function headerBar(ctx, { onSignOut }) {
  const { me, alerts, t } = ctx;
  const connection = h('span', { class: 'connection', role: 'status' });
  const notify = h('button', { type: 'button', class: 'button button-quiet button-small', onclick: async () => {
    await alerts.unlock();
    renderNotify();
    if (alerts.notificationPermission === 'denied') ctx.toasts.info(t('header.notificationsBlockedHelp'));
  } });
  const sound = h('button', { type: 'button', class: 'button button-quiet button-small', onclick: () => {
    alerts.setSound(!alerts.soundOn);
    renderSound();
  } });

  function renderNotify() {
    const permission = alerts.notificationPermission;
    notify.hidden = permission === 'unsupported';
    relabel(notify, permission === 'granted' ? 'header.notificationsOn' : permission === 'denied' ? 'header.notificationsBlocked' : 'header.enableNotifications');
    notify.disabled = permission === 'granted';
  }
  function renderSound() {
    sound.setAttribute('aria-pressed', String(alerts.soundOn));
    relabel(sound, alerts.soundOn ? 'header.soundOn' : 'header.soundOff');
  }
  renderNotify();
  renderSound();

  const who = me.agent?.name ?? me.agentId ?? null;
  const element = h('header', { class: 'topbar' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'B'), h('span', { i18n: 'app.name' }), h('span', { class: 'brand-sub', i18n: me.role === 'agent' ? 'app.agentConsole' : 'app.supervisorConsole' })),
    h('span', { class: 'spacer' }),
    connection,
    me.agentId ? notify : null,
    me.agentId ? sound : null,
    languageSwitcher(ctx.i18n),
    h('span', { class: 'whoami' },
      h('span', { class: 'whoami-name', text: who ?? '' , hidden: !who }),
      h('span', { class: ['chip', `chip-role-${me.role}`], i18n: `role.${me.role}` })),
    h('button', { type: 'button', class: 'button button-small', i18n: 'header.signOut', onclick: onSignOut }));

  return {
    element,
    setConnection(state) {
      connection.hidden = state === 'none';
      connection.className = `connection connection-${state}`;
      relabel(connection, `connection.${state}`);
    },
  };
}
