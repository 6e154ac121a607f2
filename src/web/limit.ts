/**
 * Failed sign-ins per client address: after too many in a window, that address is refused for the rest of it
 * (HTTP 429 with Retry-After). API keys are random enough that guessing is hopeless; this keeps a script from
 * trying anyway, and keeps the log quiet. In memory: per process, forgotten on restart.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>()

  constructor(
    readonly maxFailures = 10,
    readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until this address may try again, or 0 when it may now. */
  blockedFor(address: string): number {
    const f = this.failures.get(address)
    if (!f) return 0
    const left = f.since + this.windowMs - this.now()
    if (left <= 0) {
      this.failures.delete(address)
      return 0
    }
    return f.count >= this.maxFailures ? Math.ceil(left / 1000) : 0
  }

  fail(address: string): void {
    const t = this.now()
    const f = this.failures.get(address)
    if (!f || t - f.since >= this.windowMs) this.failures.set(address, { count: 1, since: t })
    else f.count++
    // Old entries go as new ones come, so the map stays as small as the addresses failing now.
    if (this.failures.size > 10_000)
      for (const [a, e] of this.failures) if (t - e.since >= this.windowMs) this.failures.delete(a)
  }

  succeed(address: string): void {
    this.failures.delete(address)
  }
}
