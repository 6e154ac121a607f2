/** Small in-memory helpers: a TTL map for thread -> conversation, per-key queues. */

/** A map whose entries expire a while after they were last written. */
export class TtlMap<V> {
  private readonly entries = new Map<string, { at: number; value: V }>()
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key)
    if (!e) return undefined
    if (this.now() - e.at >= this.ttlMs) {
      this.entries.delete(key)
      return undefined
    }
    return e.value
  }

  set(key: string, value: V) {
    const t = this.now()
    this.entries.delete(key)
    this.entries.set(key, { at: t, value })
    for (const [k, e] of this.entries) {
      if (t - e.at < this.ttlMs) break
      this.entries.delete(k)
    }
  }
}

/** Runs tasks one after another per key (follow-ups in one thread) and tracks all of them for `idle()`. */
export class TaskRunner {
  private readonly tails = new Map<string, Promise<void>>()
  private readonly running = new Set<Promise<void>>()

  run(key: string, task: () => Promise<void>): void {
    const prev = this.tails.get(key) ?? Promise.resolve()
    const next = prev.then(task).catch((err) => console.error('[slack] background task failed:', err))
    this.tails.set(key, next)
    this.running.add(next)
    void next.finally(() => {
      this.running.delete(next)
      if (this.tails.get(key) === next) this.tails.delete(key)
    })
  }

  /** Resolves when every task started so far (and any they start) has finished. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running])
  }
}
