/**
 * vitest globalSetup: builds the offline word-vector cache once per test run (a few seconds, only when it is
 * missing), before any worker starts, so test files never race to build it.
 * Wire with `test: { globalSetup: ['test/support/global-setup.ts'] }` in vitest.config.ts.
 */
import { ensureWinkCache } from '../../src/embed/wink-cache.ts'

export default async function setup(): Promise<void> {
  await ensureWinkCache()
}
