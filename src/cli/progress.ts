/** A one-line progress bar on stderr (redrawn in place on a terminal, one line per 10% otherwise). */
export class Progress {
  private done = 0
  private lastDecile = -1
  private readonly tty = process.stderr.isTTY === true
  private readonly started = Date.now()

  constructor(
    private readonly total: number,
    private readonly label: string,
  ) {}

  tick(note = ''): void {
    this.done++
    const frac = this.total ? this.done / this.total : 1
    if (this.tty) {
      const width = 24
      const filled = Math.round(frac * width)
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`
      const line = `${this.label} ${bar} ${this.done}/${this.total} ${note}`.slice(
        0,
        (process.stderr.columns ?? 100) - 1,
      )
      process.stderr.write(`\r\x1b[K${line}`)
      if (this.done >= this.total) process.stderr.write('\n')
    } else {
      const decile = Math.floor(frac * 10)
      if (decile !== this.lastDecile) {
        this.lastDecile = decile
        process.stderr.write(`${this.label} ${this.done}/${this.total} (${Math.round(frac * 100)}%)\n`)
      }
    }
  }

  elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000
  }
}
