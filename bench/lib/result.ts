// What every scenario reports: subject vs baseline, the ratio, and each target with whether it was
// met. Targets are reported against, never asserted.

export interface Target {
  description: string;
  value: number;
  op: '>=' | '<=';
  limit: number;
  met: boolean;
}

export interface ScenarioResult {
  id: string;
  title: string;
  subject: { label: string; summary: string };
  baseline: { label: string; summary: string };
  /** The scenario's headline ratio (subject / baseline), as in the table, and what it divides. */
  ratio: number | null;
  ratioLabel: string;
  targets: Target[];
  /** Raw numbers: per-round results, percentiles, samples. */
  data: Record<string, unknown>;
  notes: string[];
  durationS: number;
}

export function target(description: string, value: number, op: '>=' | '<=', limit: number): Target {
  return {
    description,
    value,
    op,
    limit,
    met: Number.isFinite(value) && (op === '>=' ? value >= limit : value <= limit),
  };
}

export const fmt = {
  rps: (n: number) => `${Math.round(n).toLocaleString('en-US')} req/s`,
  ms: (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`,
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
};
