import { describe, expect, it } from 'vitest';
import { ShutdownHooks } from '../../src/shutdown-hooks.js';

function recordingLogger() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  return {
    lines,
    warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }),
    error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
  };
}

describe('ShutdownHooks', () => {
  it('runs hooks one at a time, in registration order', async () => {
    const hooks = new ShutdownHooks();
    const order: string[] = [];
    hooks.add(async () => {
      order.push('first starts');
      await Promise.resolve();
      order.push('first ends');
    });
    hooks.add(() => void order.push('second'));
    await hooks.run(recordingLogger() as never, 1000);
    expect(order).toEqual(['first starts', 'first ends', 'second']);
  });

  it('logs a failing hook by name and goes on with the next', async () => {
    const hooks = new ShutdownHooks();
    const log = recordingLogger();
    let after = false;
    hooks.add(() => Promise.reject(new Error('flush failed')), 'usage meter');
    hooks.add(() => void (after = true));
    await hooks.run(log as never, 1000);
    expect(after).toBe(true);
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'error', obj: expect.objectContaining({ hook: 'usage meter' }) }),
    ]);
  });

  it('does not wait past its budget for a hook that never settles', async () => {
    const hooks = new ShutdownHooks();
    const log = recordingLogger();
    let after = false;
    hooks.add(() => new Promise<void>(() => undefined), 'stuck');
    hooks.add(() => void (after = true));
    const started = Date.now();
    await hooks.run(log as never, 100);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(after).toBe(true);
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'warn', obj: expect.objectContaining({ hook: 'stuck' }) }),
    ]);
  });
});
