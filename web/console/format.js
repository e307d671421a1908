/** Numbers, money, dates and durations in the reader's language. */

export function duration(t, totalSeconds) {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return t('duration.hm', { h, m });
  if (m > 0) return t('duration.ms', { m, s });
  return t('duration.s', { s });
}

/** A countdown such as 0:24. */
export function clock(totalSeconds) {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function secondsSince(iso, now = Date.now()) {
  return (now - Date.parse(iso)) / 1000;
}

export function money(locale, amount, currency) {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function date(locale, iso) {
  if (!iso) return '';
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? String(iso) : value.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function dateTime(locale, iso) {
  if (!iso) return '';
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? String(iso) : value.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The calendar day of a time, for grouping a transcript by day. */
export function dayOf(iso) {
  const value = new Date(iso);
  return `${value.getFullYear()}-${value.getMonth()}-${value.getDate()}`;
}

export function shortId(id) {
  return String(id ?? '').slice(0, 8);
}
