/**
 * `npm start` as a user runs it: an empty data folder gets an admin key and the demo plant; a search with the
 * printed key returns cited demo results; after a restart the documents are still there and not loaded twice.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'copilot-start-'))
const port = 30000 + Math.floor(Math.random() * 20000)
let child: ChildProcess | null = null

function start(): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), ADMIN_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = p
    let out = ''
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${out}`)), 90_000)
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes('listening on')) {
        clearTimeout(timer)
        resolve(out)
      }
    }
    p.stdout!.on('data', onData)
    p.stderr!.on('data', onData)
    p.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`service exited with ${code}:\n${out}`))
    })
  })
}

function stop(): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve()
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

async function searchDemo(key: string) {
  const res = await fetch(
    `http://127.0.0.1:${port}/v1/search?q=${encodeURIComponent('how do I lock out the air compressor K-201')}`,
    {
      headers: { authorization: `Bearer ${key}` },
    },
  )
  expect(res.status).toBe(200)
  return ((await res.json()) as any).results as any[]
}

afterAll(async () => {
  await stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('npm start', () => {
  it('loads the demo plant, prints where the admin key is, and keeps everything across a restart', async () => {
    const log1 = await start()
    expect(log1).toContain('loading the demo plant')
    expect(log1).toMatch(/admin API key; it is in .*admin-key\.txt/)
    const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim()
    const first = await searchDemo(key)
    expect(first.length).toBeGreaterThan(0)
    expect(first[0].document.site).toBe('riverbend')
    expect(first.some((r) => /K-201/.test(r.text) && /lock/i.test(r.text))).toBe(true)
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as any
    expect(health.chunks).toBeGreaterThan(20)
    await stop()

    const log2 = await start()
    expect(log2).not.toContain('loading the demo plant')
    const second = await searchDemo(key)
    expect(second.map((r) => r.text)).toEqual(first.map((r) => r.text))
    const health2 = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as any
    expect(health2.chunks).toBe(health.chunks)
  })

  it('starts its ingest helper thread on a large upload and stores large uploads searchable at once', async () => {
    const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim()
    const upload = async (name: string, unit: string) => {
      const sections = Array.from(
        { length: 260 },
        (_, i) =>
          `## Check ${i}\n\nOn ${unit} check gearbox oil level ${i} and the vibration switch; record the reading in ` +
          `log book ${900 + i}. ${'Isolate the fan motor at its local disconnect first. '.repeat(5)}`,
      )
      const form = new FormData()
      form.set('site', 'riverbend')
      form.set('file', new Blob([`# ${unit} rounds\n\n${sections.join('\n\n')}`]), name)
      const res = await fetch(`http://127.0.0.1:${port}/v1/documents`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${key}` },
      })
      expect(res.status).toBe(201)
      expect(((await res.json()) as any).chunks).toBeGreaterThanOrEqual(200)
    }
    const top = async (q: string) =>
      (
        (await (
          await fetch(`http://127.0.0.1:${port}/v1/search?q=${encodeURIComponent(q)}&site=riverbend`, {
            headers: { authorization: `Bearer ${key}` },
          })
        ).json()) as any
      ).results[0]
    // The first large upload starts the helper (it is stored while the helper boots, on this thread).
    await upload('cooling-tower-rounds.md', 'cooling tower fan CT-16')
    // The helper keeps its own small database in the data folder.
    const marker = join(dataDir, 'helper-pg', 'PG_VERSION')
    for (let i = 0; i < 150 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 100))
    expect(existsSync(marker)).toBe(true)
    await upload('chiller-rounds.md', 'chiller CH-6 condenser fan')
    for (const [q, source] of [
      ['gearbox oil level 137 on the cooling tower fan', 'cooling-tower-rounds.md'],
      ['gearbox oil level 137 on the chiller condenser fan', 'chiller-rounds.md'],
    ] as const) {
      const hit = await top(q)
      expect(hit.document.source).toBe(source)
      expect(hit.section).toContain('Check 137')
    }
  })
})
