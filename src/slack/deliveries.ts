/**
 * Which Slack deliveries were already taken, in the store: Slack redelivers an event it thinks was lost (retries
 * with X-Slack-Retry-Num, for about an hour), and the same message can come as two events. Claiming a key is one
 * INSERT ... ON CONFLICT DO NOTHING, so it holds across restarts and between replicas on one database.
 */
import { lt, sql } from 'drizzle-orm'
import type { Store } from '../store/db.ts'
import { slackDeliveries } from '../store/schema.ts'

/** Keys are kept this long; Slack's retries stop well before. */
const KEEP_MS = 6 * 60 * 60 * 1000
const SWEEP_EVERY_MS = 10 * 60 * 1000

export class DeliveryLog {
  private lastSweep = 0

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this key is new (and now taken); false when it was taken before. */
  async claim(key: string): Promise<boolean> {
    const t = this.now()
    if (t - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = t
      await this.store.db.delete(slackDeliveries).where(lt(slackDeliveries.seenAt, new Date(t - KEEP_MS)))
    }
    const rows = await this.store.db
      .insert(slackDeliveries)
      .values({ key, seenAt: new Date(t) })
      .onConflictDoNothing()
      .returning({ key: slackDeliveries.key })
    return rows.length === 1
  }

  async count(): Promise<number> {
    const rows = await this.store.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM slack_deliveries`)
    return rows[0]?.n ?? 0
  }
}
