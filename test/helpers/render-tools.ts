/**
 * LibreOffice (soffice) and poppler (pdfinfo, pdftotext, pdftoppm) render workbooks to PDF so tests can
 * check what a printed page really is. `npm test` installs them first (scripts/ensure-test-tools.js);
 * a test that needs them fails with one line saying what to install — it never skips.
 */
import { createRequire } from 'module';

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
