import { h } from './dom.js';
import { createTabs } from './tabs.js';
import { emptyState } from './list-row.js';
import { knowledgeSearch } from './knowledge-search.js';
import { stateChart } from './state-chart.js';

const TAB = 'baton.console.sideTab';

/**
 * The right column: the open conversation's brief, its private notes, the knowledge base and the
 * state chart, as tabs. With no conversation open the knowledge base and the plain chart still
 * work. `setConversation(parts | null)` swaps in a conversation's panels
 * (`{ brief, notes, knowledge, chart }`, each with `show(panel)`).
 */
export function createSidePanel(ctx) {
  const idle = { knowledge: knowledgeSearch(ctx), chart: stateChart(ctx) };
  let parts = null;

  const delegate = (name, emptyTitle, emptyBody) => (panel) => {
    const part = parts?.[name] ?? idle[name];
    if (part) return part.show(panel);
    panel.append(emptyState(emptyTitle, emptyBody));
    return null;
  };

  let remembered = null;
  try {
    remembered = sessionStorage.getItem(TAB);
  } catch {
    /* no storage */
  }
  const tabs = createTabs({
    labelKey: 'side.label',
    className: 'side-tabs',
    selected: remembered ?? 'brief',
    onSelect: (id) => {
      try {
        sessionStorage.setItem(TAB, id);
      } catch {
        /* no storage */
      }
    },
    tabs: [
      { id: 'brief', labelKey: 'side.brief', show: delegate('brief', 'brief.noneOpenTitle', 'brief.noneOpenBody') },
      { id: 'notes', labelKey: 'side.notes', show: delegate('notes', 'notes.noneOpenTitle', 'notes.noneOpenBody') },
      { id: 'knowledge', labelKey: 'side.knowledge', show: delegate('knowledge') },
      { id: 'chart', labelKey: 'side.chart', show: delegate('chart') },
    ],
  });

  return {
    element: h('aside', { class: 'side', 'aria-labelledby': 'side-title' }, h('h2', { id: 'side-title', class: 'visually-hidden', i18n: 'side.title' }), tabs.element),
    setConversation(next) {
      parts = next;
      tabs.setCount('notes', 0);
      tabs.refresh();
    },
    setNotesCount: (n) => tabs.setCount('notes', n),
    select: (id) => tabs.select(id, { focus: true }),
    destroy() {
      tabs.destroy();
      idle.knowledge.destroy?.();
      idle.chart.destroy();
    },
  };
}
