/**
 * LibreOffice (soffice) and poppler (pdfinfo, pdftotext, pdftoppm) render workbooks to PDF so tests can
 * check what a printed page really is. `npm test` installs them first (scripts/ensure-test-tools.js);
 * a test that needs them fails with one line saying what to install — it never skips.
 */
import { execFileSync } from 'child_process';
import { createRequire } from 'module';
import * as path from 'path';

const requireJs = createRequire(__filename);
const { missingRenderTools } = requireJs('../../scripts/find-tools.js') as { missingRenderTools(): string[] };

export function requireRenderTools(): void {
  const missing = missingRenderTools();
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not found: install LibreOffice and poppler (Debian/Ubuntu: apt-get install -y ` +
        'libreoffice-calc poppler-utils fonts-noto-cjk; `npm test` does this itself as root).',
    );
  }
}

/**
 * Converts workbooks to PDF with LibreOffice: each `<dir>/<name>.xlsx` becomes `<dir>/<name>.pdf`.
 * A private LibreOffice profile in `dir`, so parallel runs and a running office do not interfere.
 */
export function renderPdf(dir: string, ...xlsx: string[]): void {
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      ...xlsx,
    ],
    { stdio: 'ignore', timeout: 110_000 },
  );
}

/** The text of page `page` (1-based) of a PDF, laid out as printed (pdftotext -layout). */
export function pdfPageText(pdf: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], {
    encoding: 'utf8',
  });
}

/** Page `page` of a PDF as `<out>.png` at `dpi` (pdftoppm). */
export function pdfPagePng(pdf: string, page: number, dpi: number, out: string): void {
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    pdf,
    out,
  ]);
}
