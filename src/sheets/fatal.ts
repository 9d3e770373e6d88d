/** Fatal input problems (SPEC Appendix A): the run stops, nothing is written. */
import type { IssueCode, IssueParams } from '../domain/types';
import { ISSUE_TEXTS, renderIssueText } from '../strings/issues';

export interface FatalDetails {
  sheet?: string;
  cell?: string;
  row?: number | null;
  params?: IssueParams;
  /**
   * Texts for a case the code's own texts do not describe (e.g. a Strict Open XML package refused
   * by the writer, src/strings/issues.ts PACKAGE_FATAL_TEXTS); `en` is the English line of the CLI.
   */
  texts?: { message: string; fix: string; en?: string };
}

export class FatalError extends Error {
  readonly code: IssueCode;
  readonly details: FatalDetails;
  readonly fix: string;
  constructor(code: IssueCode, details: FatalDetails = {}) {
    const t = details.texts ?? ISSUE_TEXTS[code];
    const params: IssueParams = { sheet: details.sheet ?? '', cell: details.cell ?? '', ...details.params };
    const where = details.sheet ? `［${details.sheet}${details.cell ? `!${details.cell}` : ''}］` : '';
    super(`${where}${renderIssueText(t.message, params)}`);
    this.name = 'FatalError';
    this.code = code;
    this.details = details;
    this.fix = renderIssueText(t.fix, params);
  }
}

export const isFatal = (e: unknown): e is FatalError => e instanceof FatalError;
