// Start-up work that must finish before /readyz says 200 (e.g. the development demo seed, which runs
// after the server listens). Each piece of work is registered with the reason /readyz reports.
export class Readiness {
  readonly #pending = new Map<symbol, string>();

  /** Marks `reason` as in progress; call the returned function when it is done (idempotent). */
  begin(reason: string): () => void {
    const key = Symbol(reason);
    this.#pending.set(key, reason);
    return () => void this.#pending.delete(key);
  }

  /** Why the gateway is not ready yet (the oldest unfinished work), or null. */
  pendingReason(): string | null {
    for (const reason of this.#pending.values()) return reason;
    return null;
  }
}
