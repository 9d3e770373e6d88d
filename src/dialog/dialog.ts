/**
 * The ribbon command's error dialog (dialog.html, opened with displayDialogAsync). It shows the
 * message passed in the query string (?lang=ja|en&msg=…) as text — never as HTML — and closes
 * through Office.context.ui.messageParent.
 */
import { UI, type UiLang } from '../strings/ui';

export const DIALOG_CLOSE_MESSAGE = 'close';

export function fillDialog(doc: Document, search: string): void {
  const params = new URLSearchParams(search);
  const lang: UiLang = params.get('lang') === 'en' ? 'en' : 'ja';
  const s = UI[lang];
  const msg = params.get('msg');
  doc.documentElement.lang = s.htmlLang;
  doc.title = `${s.app.title}: ${s.dialog.title}`;
  const title = doc.getElementById('title');
  if (title) title.textContent = s.dialog.title;
  const message = doc.getElementById('message');
  if (message && msg) message.textContent = msg;
  const close = doc.getElementById('close') as HTMLButtonElement | null;
  if (close) {
    close.textContent = s.dialog.close;
    close.hidden = false;
  }
}

function closeDialog(): void {
  try {
    Office.context.ui.messageParent(DIALOG_CLOSE_MESSAGE);
  } catch {
    window.close();
  }
}

function init(): void {
  fillDialog(document, window.location.search);
  const close = document.getElementById('close');
  close?.addEventListener('click', closeDialog);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeDialog();
  });
  close?.focus();
}

// Only in a page (tests import fillDialog without a document).
if (typeof document !== 'undefined') {
  if (typeof Office !== 'undefined' && typeof Office.onReady === 'function')
    void Office.onReady(() => init());
  else init();
}
