import { svg } from './dom.js';

/** The few pictures the console draws, as inline SVG (no icon fonts, no emoji that a system may lack). */
const PATHS = {
  bot: ['M12 2v3', 'M7 7h10a3 3 0 0 1 3 3v6a3 3 0 0 1-3 3H7a3 3 0 0 1-3-3v-6a3 3 0 0 1 3-3z', 'M9 12h.01', 'M15 12h.01', 'M9.5 15.5h5'],
  lock: ['M6 11h12v9H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
  alert: ['M12 3 2 20h20z', 'M12 10v4', 'M12 17h.01'],
};

export function icon(name, { size = 14, className = '' } = {}) {
  return svg('svg', { class: `icon ${className}`.trim(), width: size, height: size, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false' },
    PATHS[name].map((d) => svg('path', { d })));
}
