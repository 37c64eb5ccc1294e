// Progress of a fleet migration. On a terminal: one bar (cli-progress) with count, rate and ETA,
// failures printed above it as they happen. Anywhere else (CI logs, pipes): one plain line per
// tenant, so a log keeps every result. Quiet (e.g. --json to a pipe): nothing.
import { MultiBar, type SingleBar } from 'cli-progress';
import type { FleetProgress, FleetTenantResult } from '../tenancy/lifecycle/fleet.js';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export type ProgressMode = 'bar' | 'lines' | 'quiet';

export interface FleetProgressReporter {
  onProgress(progress: FleetProgress): void;
  /** Draws the final bar (the summary follows it). */
  stop(): void;
}

export function describeResult(r: FleetTenantResult): string {
  const applied = r.applied.length ? ` ${r.applied.join(', ')}` : '';
  return `${r.slug}: ${r.status}${applied} (${r.durationMs} ms)${r.error ? `: ${r.error}` : ''}`;
}

export function fleetProgressReporter(mode: ProgressMode, stream: ProgressOutput): FleetProgressReporter {
  if (mode === 'quiet') return { onProgress: () => undefined, stop: () => undefined };
  if (mode === 'lines') {
    return {
      onProgress: ({ done, total, current }) => stream.write(`[${done}/${total}] ${describeResult(current)}\n`),
      stop: () => undefined,
    };
  }
  const started = performance.now();
  let multibar: MultiBar | undefined;
  let bar: SingleBar | undefined;
  return {
    onProgress({ done, total, current }) {
      if (!multibar) {
        multibar = new MultiBar({
          stream: stream as NodeJS.WritableStream,
          format: '[{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted} | {last}',
          barsize: 30,
          // The command handles Ctrl-C itself (first: finish the schemas in flight, second: exit now),
          // so the bar neither hides the cursor (it would stay hidden after a hard exit) nor stops itself.
          hideCursor: false,
          gracefulExit: false,
          clearOnComplete: false,
          etaBuffer: 50,
          fps: 10,
        });
        bar = multibar.create(total, 0, { rate: '0.0', last: '' });
      }
      if (current.status === 'failed') multibar.log(`${describeResult(current)}\n`);
      const seconds = (performance.now() - started) / 1000;
      bar!.update(done, {
        rate: (done / Math.max(seconds, 0.001)).toFixed(1),
        last: `${current.slug} ${current.status}`,
      });
    },
    stop() {
      // Rendering is timer-driven: flush failures logged since the last frame and draw the final bar.
      multibar?.update();
      multibar?.stop();
    },
  };
}
