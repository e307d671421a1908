import { percentile } from '../load/client';
import type { Findings } from '../load/invariants';
import type { Exchange, Outcome } from './client';
import type { Outage } from './checks';
import { PARTS, type PartName } from './stack';

export interface PartSummary {
  kills: number;
  /** From starting the part again to `/healthz` 200. */
  restartToHealthyMs: { p50: number | null; max: number | null };
  /** From starting the part again to a customer message answered 200 (the whole path). */
  restartToServingMs: { p50: number | null; max: number | null };
  /** From the kill to serving again: what clients lived through. */
  outageMs: { p50: number | null; max: number | null };
  /** Requests started between the kill and serving again, by what they came to. */
  requestsDuringOutage: Record<string, number>;
  other5xx: number;
  unavailableWithoutRetryAfter: number;
  hangs: number;
  /** The longest any of those took to be answered (or to fail). */
  slowestMs: number | null;
}

const spread = (values: number[]) => (values.length === 0 ? { p50: null, max: null } : { p50: Math.round(percentile(values, 50)), max: Math.round(Math.max(...values)) });

export function summarise(outages: Outage[], exchanges: Exchange[]): Record<PartName, PartSummary> {
  const summary = {} as Record<PartName, PartSummary>;
  for (const part of PARTS) {
    const mine = outages.filter((outage) => outage.part === part);
    const during = exchanges.filter((e) => mine.some((o) => e.startedAt >= o.killedAt && e.startedAt <= (o.servingAt ?? Number.POSITIVE_INFINITY)));
    const byOutcome: Record<string, number> = {};
    for (const e of during) byOutcome[String(e.outcome)] = (byOutcome[String(e.outcome)] ?? 0) + 1;
    const is5xx = (outcome: Outcome) => typeof outcome === 'number' && outcome >= 500 && outcome !== 503;
    summary[part] = {
      kills: mine.length,
      restartToHealthyMs: spread(mine.filter((o) => o.healthyAt !== null).map((o) => o.healthyAt! - o.restartedAt)),
      restartToServingMs: spread(mine.filter((o) => o.servingAt !== null).map((o) => o.servingAt! - o.restartedAt)),
      outageMs: spread(mine.filter((o) => o.servingAt !== null).map((o) => o.servingAt! - o.killedAt)),
      requestsDuringOutage: Object.fromEntries(Object.entries(byOutcome).sort(([a], [b]) => a.localeCompare(b))),
      other5xx: during.filter((e) => is5xx(e.outcome)).length,
      unavailableWithoutRetryAfter: during.filter((e) => e.outcome === 503 && !e.retryAfter).length,
      hangs: during.filter((e) => e.outcome === 'timeout').length,
      slowestMs: during.length === 0 ? null : Math.max(...during.map((e) => e.endedAt - e.startedAt)),
    };
  }
  return summary;
}

const ms = ({ p50, max }: { p50: number | null; max: number | null }) => (p50 === null ? '—' : `${(p50 / 1000).toFixed(1)} / ${(max! / 1000).toFixed(1)} s`);

/** The table a person reads: one row per part, then each invariant. */
export function table(parts: Record<PartName, PartSummary>, invariants: Findings, header: string[]): string {
  const rows = [
    ['part', 'kills', 'restart→healthz p50/max', 'restart→serving p50/max', 'kill→serving p50/max', 'requests during outage', '5xx≠503', '503 w/o Retry-After', 'hangs', 'slowest'],
    ...PARTS.map((part) => {
      const s = parts[part];
      return [
        part, String(s.kills), ms(s.restartToHealthyMs), ms(s.restartToServingMs), ms(s.outageMs),
        Object.entries(s.requestsDuringOutage).map(([k, v]) => `${k}:${v}`).join(' ') || '—',
        String(s.other5xx), String(s.unavailableWithoutRetryAfter), String(s.hangs),
        s.slowestMs === null ? '—' : `${(s.slowestMs / 1000).toFixed(1)} s`,
      ];
    }),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const checks = Object.entries(invariants).map(([name, problems]) =>
    problems.length === 0 ? `  held      ${name}` : [`  VIOLATED  ${name} (${problems.length})`, ...problems.slice(0, 10).map((p) => `              ${p}`)].join('\n'),
  );
  return [...header, '', line(rows[0]!), ...rows.slice(1).map(line), '', 'invariants:', ...checks, ''].join('\n');
}
