/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download). The flags keep it from calling home on a closed network; every launch gets a fresh, empty profile
 * (Playwright makes a new temporary --user-data-dir for each launch and removes it on close).
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Browser tests run where Chromium is installed; in CI its absence is a failure, not a skip. */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it`)
  return false
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}

/** Where tests put screenshots and other artefacts (git-ignored). */
export function outputDir(): string {
  const dir = join(process.cwd(), 'test-output')
  mkdirSync(dir, { recursive: true })
  return dir
}
