/**
 * Progress of a package's streamed parts for the CLI's progress bar (SPEC §6.2 rev 2): counts the
 * decompressed bytes the reader (and later the writer, which streams the input sheets again) pulls
 * through XlsxPackage.stream, against the parts' uncompressed sizes from the zip directory.
 */
import type { XlsxPackage } from './package-read';

export interface StreamTracker {
  /** Starts a new count over the parts `which` selects; `listener` gets 0…1 as bytes stream. */
  begin(which: (part: string) => boolean, listener: (fraction: number) => void): void;
  /** Stops reporting. */
  end(): void;
}

/** Wraps `pkg.stream` (on this instance only) so the bytes streamed are counted. */
export function trackStreams(pkg: XlsxPackage): StreamTracker {
  let total = 0;
  let done = 0;
  let listener: ((f: number) => void) | null = null;
  let selected: (part: string) => boolean = () => false;
  const original = pkg.stream.bind(pkg);
  pkg.stream = async function* (name: string): AsyncGenerator<Buffer> {
    for await (const chunk of original(name)) {
      if (listener && selected(name) && total > 0) {
        done += chunk.length;
        listener(Math.min(1, done / total));
      }
      yield chunk;
    }
  };
  return {
    begin(which, l) {
      selected = which;
      listener = l;
      done = 0;
      total = pkg.entries.filter((e) => which(e.name)).reduce((a, e) => a + e.usize, 0);
    },
    end() {
      listener = null;
    },
  };
}

/** Worksheet parts and the shared strings: what reading streams. */
export const isStreamedPart = (name: string): boolean =>
  name === 'xl/sharedStrings.xml' || /^xl\/worksheets\/sheet[^/]*\.xml$/.test(name);
