// Progress on stderr. On a terminal: a bar redrawn in place (at most every 100 ms). Elsewhere (CI,
// `2> log`, behind `tee`): plain lines "label done/total (pct%)", at most one per second plus
// the final one, so logs show that work goes on without filling up. --quiet silences both.

export type ProgressFn = (done: number, total: number | undefined) => void;

export interface ProgressOptions {
  quiet?: boolean;
  /** Default process.stderr.isTTY. */
  tty?: boolean;
  /** Minimum milliseconds between two non-terminal lines (default 1000). */
  intervalMs?: number;
  write?: (s: string) => void;
}

export function progressReporter(label: string, options: ProgressOptions = {}): ProgressFn | undefined {
  if (options.quiet === true) return undefined;
  const tty = options.tty ?? process.stderr.isTTY === true;
  const write = options.write ?? ((s: string): void => void process.stderr.write(s));
  const interval = tty ? 100 : (options.intervalMs ?? 1000);
  let last = -Infinity;
  let ended = false;
  return (done, total) => {
    if (ended) return;
    const now = Date.now();
    const finished = total !== undefined && done >= total;
    if (!finished && now - last < interval) return;
    last = now;
    ended = finished;
    const count = total === undefined ? `${done}` : `${done}/${total}`;
    if (!tty) {
      const pct = total === undefined || total === 0 ? '' : ` (${Math.floor((100 * Math.min(done, total)) / total)}%)`;
      write(`${label} ${count}${pct}\n`);
      return;
    }
    const width = 30;
    const frac = total === undefined || total === 0 ? 0 : Math.min(1, done / total);
    const bar = total === undefined ? '' : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] `;
    write(`\r${label} ${bar}${count}${finished ? '\n' : ''}`);
  };
}
