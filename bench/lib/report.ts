// The benchmark's report: a markdown table on stdout and a JSON file with every number.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import type { ScenarioResult } from './result.js';

export interface MachineInfo {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  database: 'embedded' | 'server';
  loadAverage: { start: number[]; end: number[] };
}

export function machineInfo(postgres: string, database: MachineInfo['database'], loadAtStart: number[]): MachineInfo {
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // no nproc (macOS): the CPU count is close enough
  }
  return {
    nproc,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres,
    database,
    loadAverage: {
      start: loadAtStart.map((x) => Math.round(x * 100) / 100),
      end: loadavg().map((x) => Math.round(x * 100) / 100),
    },
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function markdownTable(results: ScenarioResult[]): string {
  const lines = ['| | Scenario | Subject | Baseline | Ratio | Targets |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of results) {
    const targets = r.targets
      .map((t) => `${t.met ? '✅' : '❌'} ${t.description} ${t.value} (${t.op === '>=' ? '≥' : '≤'} ${t.limit})`)
      .join('<br>');
    lines.push(
      `| ${r.id} | ${cell(r.title)} | ${cell(r.subject.label)}: ${cell(r.subject.summary)} | ${cell(r.baseline.label)}: ${cell(r.baseline.summary)} | ${r.ratio ?? '–'}× ${r.ratioLabel} | ${cell(targets)} |`,
    );
  }
  const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.id}: ${n}`));
  return `${lines.join('\n')}\n${notes.length ? `\n${notes.join('\n')}\n` : ''}`;
}

export function machineLine(m: MachineInfo): string {
  return `${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB · Node ${m.node} · PostgreSQL ${m.postgres} (${m.database}) · load average ${m.loadAverage.start.join(' ')} at start, ${m.loadAverage.end.join(' ')} at end`;
}

export function writeResults(file: string, report: object): string {
  const resolved = path.resolve(file);
  mkdirSync(path.dirname(resolved), { recursive: true });
  writeFileSync(resolved, `${JSON.stringify(report, null, 2)}\n`);
  return resolved;
}
