/**
 * Task pane entry (webpack entry "taskpane", page taskpane.html). Resolves the host (Office, or the
 * playground's Excel test double) and renders the pane in the UI language (SPEC §6.1).
 */
import { createRoot } from 'react-dom/client';
import { FluentProvider, Spinner, webLightTheme } from '@fluentui/react-components';
import { UI, uiLang } from '../strings/ui';
import { App } from './App';
import { resolveHost, type PaneHost } from '../excel/pane-host';
import { StringsContext } from './i18n';

async function start(): Promise<void> {
  const container = document.getElementById('container');
  if (!container) return;
  // The pane is small (about 350 × 450 px in Excel): no default page margin.
  document.body.style.margin = '0';
  const root = createRoot(container);
  // Before Office answers, the language is unknown: show the connecting text in Japanese.
  root.render(
    <FluentProvider theme={webLightTheme}>
      <Spinner size="small" label={UI.ja.app.connecting} style={{ padding: 16 }} />
    </FluentProvider>,
  );
  const show = (host: PaneHost): void => {
    const strings = UI[uiLang(host.displayLanguage)];
    document.documentElement.lang = strings.htmlLang;
    document.title = strings.app.title;
    root.render(
      <FluentProvider theme={webLightTheme} lang={strings.htmlLang}>
        <StringsContext.Provider value={strings}>
          {/* A new key: a host that arrives late (a slow onReady of Office) starts a fresh pane. */}
          <App key={host.kind} host={host} />
        </StringsContext.Provider>
      </FluentProvider>,
    );
  };
  show(await resolveHost(window, undefined, show));
}

void start();
