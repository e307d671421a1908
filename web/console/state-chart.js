import { h, relabel } from './dom.js';
import { openDialog } from './dialog.js';
import { statePath } from './names.js';

/**
 * The conversation machine's state chart with the conversation's current state highlighted
 * (GET /v1/chart?path=…, Mermaid text the server generates from the machine). Mermaid is loaded
 * once, as a classic script from this origin, only when a chart is first shown.
 * `show(panel)` fills a panel; `setPath(path)` re-renders on each state change.
 */
let mermaidLoading = null;
let rendered = 0;

function loadMermaid() {
  if (window.mermaid) return Promise.resolve(window.mermaid);
  mermaidLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/vendor/mermaid.min.js';
    script.async = true;
    script.onload = () => {
      if (!window.mermaid) return reject(new Error('mermaid did not load'));
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', fontFamily: 'inherit', stateDiagram: { useMaxWidth: true } });
      resolve(window.mermaid);
    };
    script.onerror = () => {
      mermaidLoading = null;
      reject(new Error('/vendor/mermaid.min.js could not be loaded'));
    };
    document.head.append(script);
  });
  return mermaidLoading;
}

/** Mermaid's SVG (sanitised by Mermaid under securityLevel strict) as nodes, parsed, not assigned as HTML. */
function svgNodes(markup) {
  const parsed = new DOMParser().parseFromString(markup, 'text/html');
  const node = parsed.body.querySelector('svg');
  if (!node) return null;
  // Mermaid sizes the chart to its box (width 100%); shown at its own size it stays readable and scrolls.
  const [, , width, height] = (node.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  if (width && height) {
    node.dataset.width = String(width);
    node.dataset.height = String(height);
    node.style.maxWidth = 'none';
  }
  return document.importNode(node, true);
}

async function renderChart(ctx, path) {
  const [mermaid, text] = await Promise.all([loadMermaid(), ctx.api.text(path ? `/v1/chart?path=${encodeURIComponent(path)}` : '/v1/chart')]);
  const { svg } = await mermaid.render(`state-chart-${++rendered}`, text);
  return svgNodes(svg);
}

const ZOOMS = [0.35, 0.5, 0.7, 1, 1.4];

/** Shows the chart at a share of its own size. */
function zoomTo(node, zoom) {
  if (!node?.dataset?.width) return;
  node.setAttribute('width', String(Math.round(Number(node.dataset.width) * zoom)));
  node.setAttribute('height', String(Math.round(Number(node.dataset.height) * zoom)));
}

/** Scrolls the chart so the highlighted state (class `current`, set by the server) is in view. */
function showCurrent(container) {
  // A composite state and its active child are both marked: aim at the smallest, the innermost.
  const marked = [...container.querySelectorAll('.current')].map((el) => ({ el, box: el.getBoundingClientRect() }))
    .filter(({ box }) => box.width > 0 && box.height > 0)
    .sort((a, b) => a.box.width * a.box.height - b.box.width * b.box.height);
  if (marked.length === 0) return;
  const { box } = marked[0];
  const frame = container.getBoundingClientRect();
  container.scrollLeft += box.left - frame.left - (frame.width - box.width) / 2;
  container.scrollTop += box.top - frame.top - (frame.height - box.height) / 2;
}

export function stateChart(ctx) {
  let path = null;
  let panel = null;
  let drawn = null;
  let asked = 0;
  const caption = h('p', { class: 'chart-caption' });
  const canvas = h('div', { class: 'chart-canvas', role: 'img', i18nAria: 'chart.label' });
  const enlarge = h('button', { type: 'button', class: 'button button-small', i18n: 'chart.enlarge', onclick: openLarge });
  let zoom = 1;
  const setZoom = (next) => {
    zoom = Math.max(0, Math.min(ZOOMS.length - 1, next));
    zoomTo(canvas.querySelector('svg'), ZOOMS[zoom]);
    zoomOut.disabled = zoom === 0;
    zoomIn.disabled = zoom === ZOOMS.length - 1;
    showCurrent(canvas);
  };
  const zoomOut = h('button', { type: 'button', class: 'button button-small button-icon', i18nAria: 'chart.zoomOut', i18nTitle: 'chart.zoomOut', onclick: () => setZoom(zoom - 1) }, '−');
  const zoomIn = h('button', { type: 'button', class: 'button button-small button-icon', i18nAria: 'chart.zoomIn', i18nTitle: 'chart.zoomIn', onclick: () => setZoom(zoom + 1) }, '+');

  function describe() {
    if (path) relabel(caption, 'chart.current', { state: statePath(ctx.t, path) });
    else relabel(caption, 'chart.noState');
  }

  async function draw() {
    if (!panel) return;
    describe();
    if (drawn === path && canvas.firstChild) return;
    const mine = ++asked;
    canvas.replaceChildren(h('span', { class: 'muted', i18n: 'chart.loading' }));
    try {
      const node = await renderChart(ctx, path);
      if (mine !== asked) return;
      canvas.replaceChildren(node ?? h('span', { class: 'muted', i18n: 'chart.failed' }));
      drawn = path;
      setZoom(zoom);
    } catch (error) {
      if (mine !== asked) return;
      canvas.replaceChildren(h('p', { class: 'form-message form-message-error', text: ctx.t('chart.failedWith', { message: error?.message ?? String(error) }) }));
    }
  }

  async function openLarge() {
    const big = h('div', { class: 'chart-large' }, h('span', { class: 'muted', i18n: 'chart.loading' }));
    openDialog({ titleKey: 'chart.title', wide: true, body: h('div', {}, h('p', { class: 'chart-caption', text: caption.textContent }), big) });
    try {
      const node = await renderChart(ctx, path);
      zoomTo(node, 1);
      big.replaceChildren(node);
      showCurrent(big);
    } catch (error) {
      big.replaceChildren(h('p', { class: 'form-message form-message-error', text: error?.message ?? String(error) }));
    }
  }

  const offLocale = ctx.onLocale(describe);
  return {
    show(target) {
      panel = target;
      panel.append(h('div', { class: 'chart' }, h('div', { class: 'chart-bar' }, caption, h('span', { class: 'button-group' }, zoomOut, zoomIn), enlarge), canvas));
      draw();
      return () => {
        panel = null;
      };
    },
    setPath(next) {
      if (next === path) return;
      path = next;
      draw();
    },
    destroy: offLocale,
  };
}
