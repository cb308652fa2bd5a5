// A one-line progress bar on stderr (a line per 10 % when not a terminal).
export class Progress {
  private readonly started = performance.now();
  private lastDecile = -1;

  constructor(
    private readonly total: number,
    private readonly label: string,
  ) {}

  update(done: number, failed: number): void {
    const rate = done / Math.max((performance.now() - this.started) / 1000, 0.001);
    const width = 30;
    const filled = Math.round((done / Math.max(this.total, 1)) * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} ${this.label} (${rate.toFixed(1)}/s${failed ? `, ${failed} failed` : ''})`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}`);
      if (done === this.total) process.stderr.write('\n');
      return;
    }
    const decile = Math.floor((done / Math.max(this.total, 1)) * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      process.stderr.write(`${line}\n`);
    }
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}
