import { h, svg } from './dom.js';

/**
 * The customer's mood turn by turn, as a small sparkline: one dot per customer turn, red below
 * zero, green above, over a zero line. Scores run from −1 (angry) to 1 (pleased).
 */
export function sentimentTrend(t, turns) {
  const scores = (turns ?? []).map((turn) => Number(turn.score) || 0);
  if (scores.length === 0) return h('span', { class: 'muted', i18n: 'brief.noTurns' });
  const width = 160;
  const height = 36;
  const pad = 5;
  const step = scores.length > 1 ? (width - pad * 2) / (scores.length - 1) : 0;
  const x = (index) => (scores.length > 1 ? pad + index * step : width / 2);
  const y = (score) => pad + ((1 - score) / 2) * (height - pad * 2);
  const tone = (score) => (score <= -0.25 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral');
  const description = t('brief.trendDescription', { n: scores.length, scores: scores.map((score) => score.toFixed(1)).join(', ') });
  return svg('svg', { class: 'sparkline', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': description },
    svg('title', {}, description),
    svg('line', { x1: pad, x2: width - pad, y1: y(0), y2: y(0), class: 'sparkline-zero' }),
    scores.length > 1 ? svg('polyline', { class: 'sparkline-line', points: scores.map((score, index) => `${x(index)},${y(score)}`).join(' ') }) : null,
    scores.map((score, index) => svg('circle', { cx: x(index), cy: y(score), r: 3, class: `sparkline-dot sparkline-${tone(score)}` })));
}
