/** The error dialog page (src/dialog/dialog.ts): the message is shown as text, in the UI language. */
import { fillDialog } from '../../src/dialog/dialog';
import { UI } from '../../src/strings/ui';

interface FakeEl {
  textContent: string;
  hidden: boolean;
  innerHTML?: string;
}

function fakeDocument(): { doc: Document; els: Record<string, FakeEl>; root: { lang: string } } {
  const els: Record<string, FakeEl> = {
    title: { textContent: 'static', hidden: false },
    message: { textContent: 'static', hidden: false },
    close: { textContent: 'static', hidden: true },
  };
  const root = { lang: 'ja' };
  const doc = {
    getElementById: (id: string) => els[id] ?? null,
    documentElement: root,
    title: '',
  } as unknown as Document;
  return { doc, els, root };
}

test('fills the message from the query as text and shows the close button', () => {
  const { doc, els, root } = fakeDocument();
  const msg = '<img src=x onerror=alert(1)> シート「研修記録」がありません';
  fillDialog(doc, `?lang=ja&msg=${encodeURIComponent(msg)}`);
  expect(els.message.textContent).toBe(msg);
  expect(els.message.innerHTML).toBeUndefined();
  expect(els.title.textContent).toBe(UI.ja.dialog.title);
  expect(els.close).toEqual({ textContent: UI.ja.dialog.close, hidden: false });
  expect(root.lang).toBe('ja');
});

test('English, and the static text stays when there is no message', () => {
  const { doc, els, root } = fakeDocument();
  fillDialog(doc, '?lang=en');
  expect(els.message.textContent).toBe('static');
  expect(els.title.textContent).toBe(UI.en.dialog.title);
  expect(root.lang).toBe('en');
});
