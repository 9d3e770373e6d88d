/**
 * Playground entry (webpack entry "playground", page playground.html; `npm run playground`).
 *
 * Loads the sample workbook (sample.xlsx, generated at build time from src/sample) into the Excel
 * test double, exposes the double to the task pane through window.__kakariPlayground (see
 * src/excel/pane-host.ts), then shows the grid and the real task pane in an iframe, as Excel on the
 * web hosts it (playground-pane.html?playground=1: the taskpane bundle without Office.js, see
 * src/playground/pane.html).
 *
 * Query parameters: ?asOf=YYYY-MM-DD (default 2026-01-31, the sample's as-of date; "today" uses
 * the real date), ?lang=en (English UI, as when Office's display language is not Japanese),
 * ?pane=350x450 (the pane at a fixed size in px; Excel opens it about 350 wide and 450 high;
 * default: 350 wide, as high as the window), ?book=empty (an empty workbook instead of the sample:
 * try 「テンプレートを作成」).
 */
import { createRoot } from 'react-dom/client';
import { useEffect, useState, type ReactElement } from 'react';
import {
  FluentProvider,
  Link,
  Spinner,
  Text,
  makeStyles,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { createExcelDouble, type ExcelDouble } from '@kakari-roster/excel-double';
import { loadWorkbookFromXlsx } from '@kakari-roster/excel-double/fromXlsx';
import { dayFromIso } from '../domain/day';
import { UI, uiLang, type UiStrings } from '../strings/ui';
import { PLAYGROUND_GLOBAL, type PlaygroundBridge } from '../excel/pane-host';
import { Grid } from './Grid';

/** The sample's as-of date (src/sample/generate.ts DEFAULT_AS_OF): deterministic by default. */
export const DEFAULT_PLAYGROUND_AS_OF = '2026-01-31';

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    boxSizing: 'border-box',
    padding: '8px 12px',
    rowGap: '6px',
  },
  head: { display: 'flex', flexDirection: 'column', rowGap: '2px', flexShrink: 0 },
  main: { display: 'flex', columnGap: '12px', flexGrow: 1, minHeight: 0 },
  grid: { flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column' },
  pane: {
    width: '350px',
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  paneTitle: {
    padding: '4px 8px',
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  frame: { border: 'none', flexGrow: 1, width: '100%' },
  books: { display: 'flex', columnGap: '8px', flexWrap: 'wrap', alignItems: 'center' },
});

interface Loaded {
  dbl: ExcelDouble;
}

function Playground(props: {
  strings: UiStrings;
  asOf: string | null;
  lang: string;
  paneUrl: string;
  /** Fixed pane size (?pane=WxH), or null. */
  paneSize: { width: number; height: number } | null;
  /** Start from an empty workbook (?book=empty). */
  empty: boolean;
}): ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      let dbl: ExcelDouble;
      if (props.empty) {
        dbl = createExcelDouble({ sheets: ['Sheet1'], displayLanguage: props.lang });
      } else {
        const res = await fetch('sample.xlsx');
        if (!res.ok) throw new Error(`sample.xlsx: HTTP ${res.status}`);
        const loadedState = await loadWorkbookFromXlsx(await res.arrayBuffer());
        dbl = createExcelDouble({ state: loadedState, displayLanguage: props.lang });
      }
      const state = dbl.state;
      if (!state.activeSheet) state.activeSheet = state.sheets[0] ?? null;
      const bridge: PlaygroundBridge = {
        Excel: dbl.Excel,
        displayLanguage: props.lang,
        isSetSupported: (name, version) => dbl.Office.context.requirements.isSetSupported(name, version),
        asOf: props.asOf,
        notify: () => setVersion((v) => v + 1),
      };
      (window as unknown as Record<string, unknown>)[PLAYGROUND_GLOBAL] = bridge;
      // For the browser tests and the curious: the double itself (state, stats).
      (window as unknown as Record<string, unknown>).__kakariDouble = dbl;
      if (!cancelled) setLoaded({ dbl });
    })().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [props.asOf, props.lang, props.empty]);

  const books = loaded ? loaded.dbl.stats.createdWorkbooks : [];

  return (
    <div className={styles.page}>
      <div className={styles.head}>
        <Text as="h1" size={500} weight="semibold">
          {s.playground.title}
        </Text>
        <Text size={200}>{s.playground.intro}</Text>
        {books.length > 0 && (
          <div className={styles.books} data-testid="created-books">
            <Text size={200}>{s.playground.createdWorkbooks}</Text>
            {books.map((b64, i) => (
              <BookLink key={i} base64={b64} index={i + 1} label={s.playground.download(i + 1)} />
            ))}
          </div>
        )}
      </div>
      {error && (
        <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {s.playground.loadFailed(error)}
        </Text>
      )}
      {!loaded && !error && <Spinner size="small" label={s.playground.loading} />}
      {loaded && (
        <div className={styles.main}>
          <div className={styles.grid} data-testid="grid-area" data-version={version}>
            <Grid model={loaded.dbl.state} version={version} strings={s} />
          </div>
          <div
            className={styles.pane}
            style={props.paneSize ? { width: props.paneSize.width + 2, alignSelf: 'flex-start' } : undefined}
          >
            <Text className={styles.paneTitle} size={200} weight="semibold">
              {s.playground.paneTitle}
            </Text>
            <iframe
              className={styles.frame}
              src={props.paneUrl}
              title={s.playground.paneTitle}
              data-testid="pane-frame"
              style={
                props.paneSize
                  ? { width: props.paneSize.width, height: props.paneSize.height, flexGrow: 0 }
                  : undefined
              }
            />
          </div>
        </div>
      )}
    </div>
  );
}

/** A download link for a workbook the pane opened with Excel.createWorkbook. */
function BookLink(props: { base64: string; index: number; label: string }): ReactElement {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const bin = atob(props.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const u = URL.createObjectURL(
      new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    );
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [props.base64]);
  if (!url) return <></>;
  return (
    <Link href={url} download={`kakari-roster-${props.index}.xlsx`}>
      {props.label}
    </Link>
  );
}

function start(): void {
  const container = document.getElementById('playground');
  if (!container) return;
  const params = new URLSearchParams(window.location.search);
  const asOfParam = params.get('asOf');
  const asOf =
    asOfParam === 'today'
      ? null
      : asOfParam && dayFromIso(asOfParam) !== null
        ? asOfParam
        : DEFAULT_PLAYGROUND_AS_OF;
  const lang = params.get('lang') === 'en' ? 'en-US' : 'ja-JP';
  const size = /^(\d{3,4})x(\d{3,4})$/.exec(params.get('pane') ?? '');
  const paneSize = size ? { width: Number(size[1]), height: Number(size[2]) } : null;
  const strings = UI[uiLang(lang)];
  document.documentElement.lang = strings.htmlLang;
  document.title = strings.playground.title;
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <Playground
        strings={strings}
        asOf={asOf}
        lang={lang}
        paneUrl="playground-pane.html?playground=1"
        paneSize={paneSize}
        empty={params.get('book') === 'empty'}
      />
    </FluentProvider>,
  );
}

start();
