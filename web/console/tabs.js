import { h } from './dom.js';

let tabsMade = 0;

/**
 * A row of tabs over one panel (WAI-ARIA tabs): buttons in a role=tablist, arrow keys, Home and
 * End move between them, the panel is labelled by its tab. Each tab's `show(panel)` fills the
 * panel when chosen and may return a function that runs when another tab is chosen.
 * Returns `{ element, select(id), setCount(id, n), selected, refresh(), destroy() }`.
 */
export function createTabs({ labelKey, tabs, selected, onSelect = () => {}, className = '' }) {
  const prefix = `tabs-${++tabsMade}`;
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel', tabindex: '0', id: `${prefix}-panel` });
  const buttons = new Map();
  const counts = new Map();
  let current = null;
  let leave = null;

  const list = h('div', { class: 'tab-list', role: 'tablist', i18nAria: labelKey },
    tabs.map((tab) => {
      const count = h('span', { class: ['tab-count', tab.alertCount && 'tab-count-alert'], hidden: true });
      counts.set(tab.id, count);
      const button = h('button', {
        type: 'button', role: 'tab', id: `${prefix}-${tab.id}`, 'aria-controls': panel.id, 'aria-selected': 'false', tabindex: '-1',
        class: 'tab', onclick: () => select(tab.id, { focus: false }),
      }, h('span', { i18n: tab.labelKey }), count);
      buttons.set(tab.id, button);
      return button;
    }));

  list.addEventListener('keydown', (event) => {
    const ids = tabs.map((tab) => tab.id);
    const index = ids.indexOf(current);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: ids.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(ids[(next + ids.length) % ids.length], { focus: true });
  });

  function select(id, { focus = false } = {}) {
    const tab = tabs.find((candidate) => candidate.id === id) ?? tabs[0];
    if (tab.id === current) {
      if (focus) buttons.get(tab.id).focus();
      return;
    }
    leave?.();
    current = tab.id;
    for (const [tabId, button] of buttons) {
      const on = tabId === tab.id;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', buttons.get(tab.id).id);
    panel.replaceChildren();
    leave = tab.show(panel) ?? null;
    if (focus) buttons.get(tab.id).focus();
    onSelect(tab.id);
  }

  select(tabs.some((tab) => tab.id === selected) ? selected : tabs[0].id);
  return {
    element: h('div', { class: ['tabs', className] }, list, panel),
    select,
    setCount(id, n) {
      const count = counts.get(id);
      if (!count) return;
      count.hidden = !n;
      count.textContent = n ? String(n) : '';
    },
    get selected() {
      return current;
    },
    /** Fills the chosen tab's panel again (what it shows has changed underneath). */
    refresh() {
      leave?.();
      panel.replaceChildren();
      leave = tabs.find((tab) => tab.id === current).show(panel) ?? null;
    },
    destroy() {
      leave?.();
      leave = null;
    },
  };
}
