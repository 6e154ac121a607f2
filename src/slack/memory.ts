/** Small in-memory helpers: a TTL set for seen event ids, a TTL map for thread -> conversation, per-key queues. */

/** Remembers keys for a while; `add` says whether the key is new. Expired keys are swept as new ones arrive. */
export class TtlSet {
  private readonly seen = new Map<string, number>()
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxSize = 50_000,
  ) {}

  /** True when the key was not seen within the TTL (and records it). */
  add(key: string): boolean {
    const t = this.now()
    this.sweep(t)
    const at = this.seen.get(key)
    if (at !== undefined && t - at < this.ttlMs) return false
    this.seen.set(key, t)
    return true
  }

  get size(): number {
    return this.seen.size
  }

  private sweep(t: number) {
    // Insertion order is time order: drop from the front until a live entry (or the size fits).
    for (const [k, at] of this.seen) {
      if (t - at < this.ttlMs && this.seen.size < this.maxSize) break
      this.seen.delete(k)
    }
  }
}

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
