/**
 * The 「個別通知を作成」 panel (SPEC §5.5, §6.1) rendered to markup: every control labelled, texts
 * from src/strings/ui.ts in both languages, the district list from the last run, and disabled with
 * the "run Recalculate first" hint before any run.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { renderToStaticMarkup } from 'react-dom/server';
import { createExcelDouble } from '@kakari-roster/excel-double';
import { dayFromIso } from '../../src/domain/day';
import { recalc } from '../../src/sheets/recalc';
import { UI, type UiLang } from '../../src/strings/ui';
import { NoticesPanel } from '../../src/taskpane/components/NoticesPanel';
import { StringsContext } from '../../src/taskpane/i18n';
import { NOTICES_AS_OF, noticesFixture } from '../helpers/notices-fixture';
import { snapshot } from '../helpers/workbook';
import { paneHost } from './helpers';

/** The opening tag of the create button. */
const button = (html: string): string => /<button[^>]*data-testid="notices-create"[^>]*>/.exec(html)![0];
const isDisabled = (tag: string): boolean => /\sdisabled(=|\s|>|$)/.test(tag);

const output = recalc(snapshot(noticesFixture()), { asOf: dayFromIso(NOTICES_AS_OF) });

function render(lang: UiLang, withOutput: boolean): string {
  const { host } = paneHost(createExcelDouble());
  return renderToStaticMarkup(
    <FluentProvider theme={webLightTheme}>
      <StringsContext.Provider value={UI[lang]}>
        <NoticesPanel host={host} output={withOutput ? output : null} disabled={false} />
      </StringsContext.Provider>
    </FluentProvider>,
  );
}

test.each(['ja', 'en'] as const)('%s: heading, recipients, districts and the button, from ui.ts', (lang) => {
  const s = UI[lang].notices;
  const html = render(lang, true);
  for (const t of [
    s.heading,
    s.recipients,
    s.toDoctors,
    s.toClinics,
    s.toAll,
    s.district,
    s.allDistricts,
    s.create,
  ])
    expect(html).toContain(t);
  // The district list is the run's (data, so Japanese in both languages).
  for (const d of output.engine.districts)
    expect(html).toContain(`<option value="${d.district}">${d.district}</option>`);
  expect(isDisabled(button(html))).toBe(false);
  expect(html).not.toContain(s.needsRecalc);
});

test('before a run: the button is disabled and the pane says to recalculate first', () => {
  const html = render('ja', false);
  expect(html).toContain(UI.ja.notices.needsRecalc);
  expect(isDisabled(button(html))).toBe(true);
});
