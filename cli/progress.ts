import type { Progress } from '../shared/migration/engine';

const WIDTH = 24;

/**
 * A migration's progress on stderr: one line redrawn in place at a terminal, else a line per step
 * and per tenth of it (logs and CI keep every line they are given).
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastKey = '';
  private lastTenth = -1;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  update(p: Progress): void {
    const key = `${p.model} ${p.step}`;
    const fraction = p.total ? Math.min(1, p.done / p.total) : null;
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(p.records / seconds) : 0;
    const bar = fraction === null ? '' : `[${'#'.repeat(Math.round(fraction * WIDTH)).padEnd(WIDTH, '.')}] ${String(Math.floor(fraction * 100)).padStart(3)}%  `;
    const count = fraction === null ? (p.done > 0 ? `${p.done.toLocaleString('en')} items` : '') : `ids up to ${p.done.toLocaleString('en')} of ${p.total!.toLocaleString('en')}`;
    const line = `${p.model}  ${p.step}  ${bar}${count}${p.records > 0 ? `  ${rate.toLocaleString('en')} records/s` : ''}`;
    if (this.out.isTTY) {
      if (key !== this.lastKey && this.drawn) this.out.write('\n');
      this.out.write(`\r${line.slice(0, (this.out.columns ?? 120) - 1)}\u001b[K`);
      this.drawn = true;
    } else {
      const tenth = fraction === null ? 0 : Math.floor(fraction * 10);
      if (key === this.lastKey && tenth === this.lastTenth) return;
      this.lastTenth = tenth;
      this.out.write(`${line}\n`);
    }
    this.lastKey = key;
  }

  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
