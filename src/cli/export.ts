/** `kakari-roster export` (SPEC §5.4, §6.2). */
import { UsageError } from './args';
import type { Io } from './main';

export async function cmdExport(_argv: string[], _io: Io, _debug: boolean): Promise<number> {
  throw new UsageError('export は未実装です / export is not available yet');
}
