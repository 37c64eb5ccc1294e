// Bounds how long one operation may execute. The executor stops resolving further fields once the
// signal fires and the client gets LIMIT_EXCEEDED (504): a slow resolver cannot hold a request,
// and its pooled connection, forever. Statements already sent are bounded by statement_timeout.
import type { Plugin } from 'graphql-yoga';
import { AppError } from '../errors.js';

export class ExecutionTimeoutError extends AppError {
  constructor(timeoutMs: number) {
    super('LIMIT_EXCEEDED', `The operation took longer than ${timeoutMs} ms and was stopped.`, {
      limit: 'executionTimeMs',
      http: { status: 504 },
    });
  }
}

export function executionTimeoutPlugin(timeoutMs: number): Plugin {
  return {
    onExecute({ args }) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new ExecutionTimeoutError(timeoutMs)), timeoutMs);
      // @graphql-tools/executor (Yoga's executor) honours args.signal; envelop's types don't declare it.
      (args as { signal?: AbortSignal }).signal = controller.signal;
      return {
        onExecuteDone() {
          clearTimeout(timer);
        },
      };
    },
  };
}
