/** The command-line tools as a user runs them: exit codes, one readable error line, summaries. */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = mkdtempSync(join(tmpdir(), 'copilot-cli-'))
const dataDir = join(root, 'data')
const docs = join(root, 'docs')
mkdirSync(join(docs, 'sops'), { recursive: true })
writeFileSync(
  join(docs, 'sops', 'valve-check.md'),
  '# Valve check\n\nStroke-test control valve FV-12 monthly and log the travel time.\n',
)
writeFileSync(join(docs, 'notes.txt'), 'Night shift walks the tank farm at 02:00 and 04:00.\n')
writeFileSync(join(docs, 'empty.md'), '')
writeFileSync(join(docs, 'ignored.jpg'), 'not a document')

function run(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('npm run ingest', () => {
  it('walks folders, ingests what it can, reports what it cannot and exits non-zero for a failure', () => {
    const r = run('src/cli/ingest.ts', [docs, '--site', 'north'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/sops\/valve-check\.md\s+created\s+sop/)
    expect(r.out).toMatch(/notes\.txt\s+created/)
    expect(r.out).toMatch(/empty\.md\s+failed.*empty/i)
    expect(r.out).not.toContain('ignored.jpg')
    expect(r.out).toContain('2 of 3 files ingested into site "north"')
  })

  it('is idempotent on a second run', () => {
    writeFileSync(join(docs, 'empty.md'), '# Now with text\n\nFilled in later.\n')
    const r = run('src/cli/ingest.ts', [docs, '--site', 'north'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/sops\/valve-check\.md\s+unchanged/)
    expect(r.out).toMatch(/notes\.txt\s+unchanged/)
    expect(r.out).toMatch(/empty\.md\s+created/)
  })

  it('says in one line what is wrong with the arguments', () => {
    for (const args of [[docs, '--kind', 'poster'], [], [join(root, 'missing')], [docs, '--bogus']]) {
      const r = run('src/cli/ingest.ts', args)
      expect(r.code).not.toBe(0)
      expect(r.err.trim().split('\n')).toHaveLength(1)
      expect(r.err).toMatch(/^error: /)
    }
  })
})

describe('npm run keys', () => {
  it('creates, lists and revokes keys', () => {
    const created = run('src/cli/keys.ts', [
      'create',
      '--name',
      'floor tablet',
      '--role',
      'operator',
      '--sites',
      'north',
    ])
    expect(created.code).toBe(0)
    expect(created.out.trim()).toMatch(/^pck_[\w-]{20,}$/)
    const listed = run('src/cli/keys.ts', ['list'])
    expect(listed.out).toMatch(/operator\s+north\s+floor tablet/)
    expect(run('src/cli/keys.ts', ['revoke', 'floor tablet']).code).toBe(0)
    expect(run('src/cli/keys.ts', ['list']).out).toMatch(/floor tablet\s+\(revoked\)/)
    const bad = run('src/cli/keys.ts', ['create', '--name', 'x', '--role', 'boss'])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/^error: --role must be one of operator, planner, admin/)
  })
})

describe('npm start with a bad PLANT_CONFIG', () => {
  it('stops with one line naming the bad field, before creating anything', () => {
    const cfg = join(root, 'plant.yaml')
    writeFileSync(
      cfg,
      'sites:\n  - id: north\n    name: North\nconnectors:\n  - { id: x, kind: mqtt, site: south, url: mqtt://b:1883, tags: [] }\n',
    )
    const dataDir2 = join(root, 'data-bad')
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DATA_DIR: dataDir2, PLANT_CONFIG: cfg, PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status).toBe(1)
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error:')),
    ).toEqual([expect.stringMatching(/plant\.yaml: connectors\[0\]\.(site|tags)/)])
    expect(existsSync(dataDir2)).toBe(false)
  })
})
