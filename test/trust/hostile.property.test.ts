/**
 * The hostile-package property of the fuzz campaign (issue 16): random attacks on a small, valid
 * roster package (test/trust/hostile-cases.ts), run through the command line's main function —
 * `recalc -o` (package reader → pipeline → package writer → atomic rename) and the meeting
 * export — asserting for every case:
 *
 *   - no exception and no exit code other than 0 and 1 (no crash, no exit 3), and a refused run
 *     writes nothing;
 *   - beyond Excel's grid or the reader's bounds (rows, columns, cell length, zip bombs in any
 *     part): `file-corrupt`;
 *   - comments, CDATA and processing instructions inside sheet XML change nothing: the same
 *     snapshot as the clean package (never a silent misread);
 *   - every XML part written is well-formed (saxes), whatever control characters the texts that
 *     reach a chart or a header hold;
 *   - no user cell changes: every cell of the input sheets outside the owned columns reads the same
 *     from the output.
 *
 * `npm test` runs 200 cases; the campaign of ≥ 10,000 runs the same cases sharded over worker
 * processes with progress and a JSON summary (scripts/fuzz/hostile.js, `npm run fuzz`).
 */
import fc from 'fast-check';
import { promises as fs } from 'fs';
import * as path from 'path';
import { params, RUNS, timeout } from '../property/config';
import { attackArb, runCase } from './hostile-cases';
import { tempDir } from './xlsx';

test(
  `hostile packages: file-corrupt beyond the bounds, no misread, well-formed output, user cells kept (${RUNS} runs)`,
  async () => {
    const dir = await tempDir('kr-hostile-');
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(attackArb, async (attack) => {
          const base = path.join(dir, `c${n++}`);
          try {
            await runCase(attack, base);
          } finally {
            await Promise.all(
              ['in', 'out', 'meeting'].map((s) => fs.rm(`${base}-${s}.xlsx`, { force: true })),
            );
          }
        }),
        params(RUNS),
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
  timeout(RUNS, 2000),
);
