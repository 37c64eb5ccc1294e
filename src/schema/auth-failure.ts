import type { AuthFailure } from '@pothos/plugin-scope-auth';
import { AppError } from '../errors.js';

/** The first error of ours thrown by a scope loader, anywhere in a ($any/$all) failure tree. */
export function authFailureError(failure: AuthFailure): AppError | undefined {
  if ('error' in failure && failure.error instanceof AppError) return failure.error;
  if ('failures' in failure) {
    for (const inner of failure.failures) {
      const found = authFailureError(inner);
      if (found) return found;
    }
  }
  return undefined;
}
