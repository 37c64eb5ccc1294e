// Work that must happen on a graceful stop after the last request and before the database closes
// (e.g. a usage meter flushing counters it batches in memory). Hooks run one at a time, in the order
// they were registered; a failing or hanging hook is logged and does not stop the others.
import type { Logger } from './logger.js';

export type ShutdownHook = () => void | Promise<void>;

export class ShutdownHooks {
  readonly #hooks: { name: string; run: ShutdownHook }[] = [];

  add(run: ShutdownHook, name = run.name || `hook ${this.#hooks.length + 1}`): void {
    this.#hooks.push({ name, run });
  }

  /** Runs every hook; all of them together get at most `budgetMs`. */
  async run(logger: Pick<Logger, 'warn' | 'error'>, budgetMs: number): Promise<void> {
    const deadline = Date.now() + budgetMs;
    for (const hook of this.#hooks) {
      const left = Math.max(0, deadline - Date.now());
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)));
      try {
        const outcome = await Promise.race([Promise.resolve().then(hook.run), timedOut]);
        if (outcome === 'timeout')
          logger.warn({ hook: hook.name, budgetMs }, 'shutdown hook did not finish in time; going on');
      } catch (err) {
        logger.error({ err, hook: hook.name }, 'shutdown hook failed; going on');
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
