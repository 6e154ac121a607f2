/** Runs a CLI main: a failure prints one readable line and exits non-zero. */
export function runCli(main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0
    },
    (err: unknown) => {
      const msg = err instanceof Error ? err.message : String(err)
      process.stderr.write(`error: ${msg.split('\n')[0]}\n`)
      if (process.env.DEBUG) console.error(err)
      process.exitCode = 1
    },
  )
}

/** Minimal flag parser: --name value, --flag, and positional arguments. */
export function parseArgs(
  argv: string[],
  spec: { values: string[]; flags?: string[] },
): { positional: string[]; values: Record<string, string>; flags: Set<string> } {
  const positional: string[] = []
  const values: Record<string, string> = {}
  const flags = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
      if (spec.flags?.includes(name)) flags.add(name)
      else if (spec.values.includes(name)) {
        const v = inline ?? argv[++i]
        if (v === undefined) throw new Error(`--${name} needs a value`)
        values[name] = v
      } else throw new Error(`unknown option --${name}`)
    } else positional.push(a)
  }
  return { positional, values, flags }
}
