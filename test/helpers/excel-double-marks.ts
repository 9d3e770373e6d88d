/**
 * Texts that survive minification and only the Excel test double carries (its error codes, its
 * package path): the build tests look for them to show that no bundle but the playground's holds
 * the double (packages/excel-double, a development-only workspace package; issue 13 item 5).
 */
import * as fs from 'fs';
import * as path from 'path';

export const EXCEL_DOUBLE_MARKS = ['NotEmulated', 'RunMustReturnPromise', 'excel-double'];

/** The marks are real: the double's own sources hold each of them (so a miss in a bundle means something). */
export function excelDoubleSourceHoldsMarks(): Record<string, boolean> {
  const dir = path.resolve(__dirname, '../../packages/excel-double');
  const errors = fs.readFileSync(path.join(dir, 'src', 'errors.ts'), 'utf8');
  const pkg = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
  return Object.fromEntries(EXCEL_DOUBLE_MARKS.map((m) => [m, errors.includes(m) || pkg.includes(m)]));
}
