/** A progress bar on stderr, shown only when stderr is a TTY. */
const LABELS = { read: '読み込み', compute: '計算', write: '書き込み' } as const;

export function progressReporter(stream: NodeJS.WriteStream = process.stderr, label = '') {
  if (!stream.isTTY)
    return { update: (_p: keyof typeof LABELS, _f: number) => undefined, done: () => undefined };
  let shown = false;
  return {
    update(phase: keyof typeof LABELS, fraction: number) {
      const width = 30;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      stream.write(`\r${label} [${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${LABELS[phase]}   `);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
