/**
 * The task pane (SPEC §6.1): 「再計算」 with phase progress and cancel, and beside it the summary
 * card (or a fatal error with its one-click fix); below, tabs that each fit the pane's real size
 * (about 350 × 450 px, rev 2): 結果 (results, legend, result sheets, detected inputs and the
 * template offer), 入力の問題 (problems that select their cells), 設定 (the settings form) and 出力
 * (exports). Every message appears beside the control that caused it. All Office access goes
 * through the PaneHost.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import {
  Badge,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Issue } from '../domain/types';
import { profileText } from '../sheets/outcome';
import { OWNED_SHEETS } from '../sheets/owned';
import type { UiStrings } from '../strings/ui';
import { HOST_TEXTS } from '../strings/host';
import type { Detection } from '../sheets/detect';
import type { PaneHost } from '../excel/pane-host';
import { useStrings } from './i18n';
import {
  activateSheet,
  createSettingsSheet,
  createTemplate,
  detect,
  readSettingsForm,
  selectCell,
  writeSettings,
  type SettingsForm,
  type TemplateOutcome,
} from '../excel/workbook-ops';
import { runRecalc, type RecalcDone, type RecalcFatal } from '../excel/recalc-outcome';
import { ExportPanel } from './components/ExportPanel';
import { DistrictOffer } from './components/DistrictOffer';
import { officePlatform, type CreateWorkbookHost } from '../excel/create-workbook';
import { FatalCard } from './components/FatalCard';
import { InlineNotice, type Notice } from './components/InlineNotice';
import { SummaryCard } from './components/SummaryCard';
import { InputsPanel } from './components/InputsPanel';
import { NoticesPanel } from './components/NoticesPanel';
import { IssuesPanel } from './components/IssuesPanel';
import { RecalcPanel, type Progress } from './components/RecalcPanel';
import { ResultsPanel } from './components/ResultsPanel';
import { SettingsPanel } from './components/SettingsPanel';
import { SheetLinks } from './components/SheetLinks';
import { TemplatePanel } from './components/TemplatePanel';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '10px',
    padding: '8px 10px 12px',
    maxWidth: '640px',
    boxSizing: 'border-box',
    color: tokens.colorNeutralForeground1,
  },
  header: { display: 'flex', alignItems: 'center', columnGap: '8px', rowGap: '2px', flexWrap: 'wrap' },
  sub: { color: tokens.colorNeutralForeground2 },
  /** Screen-reader only: the visible messages are beside their controls. */
  live: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
  tabs: { marginLeft: '-8px', marginRight: '-8px', flexWrap: 'wrap' },
  panel: { display: 'flex', flexDirection: 'column', rowGap: '14px' },
  placeholder: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: 0 },
});

export type { Notice };

type TabKey = 'results' | 'issues' | 'settings' | 'output';
const TABS: readonly TabKey[] = ['results', 'issues', 'settings', 'output'];

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function templateNotice(s: UiStrings, o: TemplateOutcome): Notice {
  if (o.kind === 'created') return { intent: 'success', text: s.template.done(s.list(o.sheets)) };
  if (o.kind === 'refused') return { intent: 'error', text: s.template.refused(s.list(o.conflicts)) };
  return { intent: 'info', text: s.template.nothing };
}

export function App(props: { host: PaneHost }): ReactElement {
  const { host } = props;
  const s = useStrings();
  const styles = useStyles();

  const [detection, setDetection] = useState<Detection | null>(null);
  const [detecting, setDetecting] = useState(false);
  const [detectError, setDetectError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [done, setDone] = useState<RecalcDone | null>(null);
  /** The last run did not finish: `done` holds an earlier run's results. */
  const [earlier, setEarlier] = useState(false);
  const [fatal, setFatal] = useState<RecalcFatal | null>(null);
  // Messages, each beside its control.
  const [runNotice, setRunNotice] = useState<Notice | null>(null);
  const [fixNotice, setFixNotice] = useState<Notice | null>(null);
  const [templateMsg, setTemplateMsg] = useState<Notice | null>(null);
  const [issueNotice, setIssueNotice] = useState<Notice | null>(null);
  const [sheetNotice, setSheetNotice] = useState<Notice | null>(null);
  const [exportNotice, setExportNotice] = useState<Notice | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState<TabKey>('results');
  const [settingsKey, setSettingsKey] = useState(0);
  const abortRef = useRef<AbortController | null>(null);

  const refresh = useCallback(async () => {
    if (host.kind === 'none') return; // outside Excel: only the "open in Excel" message
    setDetecting(true);
    setDetectError(null);
    try {
      setDetection(await detect(host));
    } catch (e) {
      setDetectError(errorText(e));
    } finally {
      setDetecting(false);
    }
  }, [host]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const onRun = useCallback(async () => {
    if (abortRef.current) return;
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setRunning(true);
    setCancelling(false);
    setRunNotice(null);
    setFixNotice(null);
    setFatal(null);
    setProgress({ phase: 'read', fraction: 0 });
    setStatus(s.recalc.phases.read);
    let finished = false;
    try {
      const outcome = await runRecalc(host, {
        signal: ctrl.signal,
        onProgress: (p) => {
          setProgress((old) => {
            if (!old || old.phase !== p.phase) setStatus(s.recalc.phases[p.phase]);
            return p;
          });
        },
      });
      switch (outcome.kind) {
        case 'done':
          finished = true;
          setDone(outcome);
          setStatus(s.recalc.done(outcome.output.stamp));
          break;
        case 'fatal':
          setFatal(outcome);
          setStatus(
            `${s.recalc.fatalTitle} ${s.fatal.describe(outcome.code, outcome.params) ?? outcome.message}`,
          );
          break;
        case 'cancelled':
          setRunNotice({
            intent: 'warning',
            text: outcome.duringWrite ? s.recalc.cancelledDuringWrite : s.recalc.cancelled,
          });
          setStatus(s.recalc.cancelled);
          break;
        case 'busy':
          setRunNotice({
            intent: 'warning',
            text: outcome.where === 'workbook' ? HOST_TEXTS[s.lang].lockedInWorkbook : s.recalc.busy,
          });
          setStatus(s.recalc.busy);
          break;
        case 'error':
          setRunNotice({
            intent: 'error',
            title: s.recalc.errorTitle,
            text: s.recalc.internalError(outcome.message),
          });
          setStatus(s.recalc.errorTitle);
          break;
      }
    } finally {
      setEarlier(!finished);
      abortRef.current = null;
      setRunning(false);
      setCancelling(false);
      setProgress(null);
      setSettingsKey((k) => k + 1);
      void refresh();
    }
  }, [host, refresh, s]);

  const onCancel = useCallback(() => {
    setCancelling(true);
    abortRef.current?.abort();
  }, []);

  const onTemplate = useCallback(async () => {
    setBusy(true);
    try {
      const n = templateNotice(s, await createTemplate(host));
      setTemplateMsg(n);
      setStatus(n.text);
    } catch (e) {
      setTemplateMsg({ intent: 'error', text: s.template.failed(errorText(e)) });
    } finally {
      setBusy(false);
      setSettingsKey((k) => k + 1);
      void refresh();
    }
  }, [host, refresh, s]);

  /** Selects a cell; the message goes where `show` puts it. */
  const goTo = useCallback(
    async (sheet: string, cell: string, show: (n: Notice) => void, selected: string) => {
      try {
        const ok = await selectCell(host, sheet, cell);
        const n: Notice = ok
          ? { intent: 'success', text: selected }
          : { intent: 'warning', text: s.issues.selectFailed(sheet, cell) };
        show(n);
        setStatus(n.text);
      } catch {
        show({ intent: 'warning', text: s.issues.selectFailed(sheet, cell) });
      }
    },
    [host, s],
  );

  const onSelectIssue = useCallback(
    (is: Issue) => void goTo(is.sheet, is.cell, setIssueNotice, s.issues.selected(is.sheet, is.cell)),
    [goTo, s],
  );

  const onFatalGoTo = useCallback(
    (sheet: string, cell: string) => void goTo(sheet, cell, setFixNotice, s.fatal.selected(sheet, cell)),
    [goTo, s],
  );

  const onOpenSheet = useCallback(
    async (name: string) => {
      try {
        const ok = await activateSheet(host, name);
        setSheetNotice(ok ? null : { intent: 'warning', text: s.sheets.openFailed(name) });
      } catch {
        setSheetNotice({ intent: 'warning', text: s.sheets.openFailed(name) });
      }
    },
    [host, s],
  );

  const [districtOffer, setDistrictOffer] = useState<string[] | null>(null);
  const openBook = useCallback(
    async (
      open: (
        m: typeof import('./export-book'),
        d: RecalcDone,
        h: CreateWorkbookHost,
      ) => Promise<import('./export-book').OpenExportOutcome>,
      hint?: string,
    ) => {
      if (!done) return;
      setBusy(true);
      setExportNotice({ intent: 'info', text: s.exports.working });
      setStatus(s.exports.working);
      try {
        const m = await import(/* webpackChunkName: "export" */ './export-book');
        const out = await open(m, done, {
          excel: host.excel,
          isSetSupported: host.isSetSupported,
          platform: officePlatform(),
        });
        if (out.kind === 'unsupported') {
          setExportNotice({ intent: 'error', text: s.exports.unsupported });
        } else if (out.kind === 'too-large') {
          // Nothing was sent (SPEC §5.4 "Size"): say so, and offer the file per district.
          const t = HOST_TEXTS[s.lang];
          const mb = (n: number): string => (n / 1_000_000).toFixed(1);
          setExportNotice({ intent: 'warning', text: t.tooLargeForWeb(mb(out.base64Bytes), mb(out.limit)) });
          setDistrictOffer(out.districts.length > 0 ? out.districts : null);
        } else {
          host.notify();
          setExportNotice({
            intent: 'success',
            text: hint ? `${s.exports.opened} ${hint}` : s.exports.opened,
          });
          setStatus(s.exports.opened);
        }
      } catch (e) {
        setExportNotice({ intent: 'error', text: s.exports.failed(errorText(e)) });
      } finally {
        setBusy(false);
      }
    },
    [done, host, s],
  );

  const available = useMemo(() => {
    const set = new Set<string>(detection?.sheetNames ?? []);
    if (done) for (const n of OWNED_SHEETS) set.add(n);
    return set;
  }, [detection, done]);

  const invalidCells = useMemo(
    () => new Set(fatal?.code === 'setting-invalid' ? fatal.invalidSettings.map((i) => i.cell) : []),
    [fatal],
  );

  // Outside Excel there is no workbook to read (only the "open in Excel" message is shown).
  const loadSettings = useCallback(
    () =>
      host.kind === 'none'
        ? Promise.resolve<SettingsForm>({ sheet: null, protected: false, rows: [] })
        : readSettingsForm(host),
    [host],
  );

  // A run is possible once the inputs were looked at, even when some are missing: the run then
  // stops with the fatal error and its one-click fix (nothing is written).
  const canRun = !!detection && !busy;
  const errors = done ? done.output.result.issues.filter((i) => i.severity === 'error').length : 0;
  const template =
    detection?.offerTemplate && !running ? (
      <TemplatePanel busy={busy} onCreate={() => void onTemplate()} notice={templateMsg} />
    ) : templateMsg ? (
      <InlineNotice notice={templateMsg} />
    ) : null;

  const panels: Record<TabKey, ReactElement> = {
    results: (
      <>
        {done ? (
          <ResultsPanel
            result={done.output.result}
            profileText={profileText(done.output.input.profile)}
            stamp={done.output.stamp}
            earlier={earlier}
          />
        ) : (
          <p className={styles.placeholder}>{s.summary.notRunYet}</p>
        )}
        <SheetLinks available={available} onOpen={(n) => void onOpenSheet(n)} notice={sheetNotice} />
        <InputsPanel
          detection={detection}
          loading={detecting}
          error={detectError}
          onRefresh={() => void refresh()}
          disabled={running}
        />
      </>
    ),
    issues: done ? (
      <IssuesPanel
        issues={done.output.result.issues}
        onSelect={onSelectIssue}
        status={<InlineNotice notice={issueNotice} />}
      />
    ) : (
      <p className={styles.placeholder}>{s.exports.needsRecalc}</p>
    ),
    settings: (
      <SettingsPanel
        load={loadSettings}
        save={(sheet, writes) => writeSettings(host, sheet, writes)}
        createSheet={async () => {
          try {
            const n = templateNotice(s, await createSettingsSheet(host));
            void refresh();
            return n;
          } catch (e) {
            return { intent: 'error', text: s.settings.failed(errorText(e)) };
          }
        }}
        disabled={running || busy}
        invalidCells={invalidCells}
        reloadKey={settingsKey}
      />
    ),
    output: (
      <ExportPanel
        enabled={!!done && !running}
        busy={busy}
        onMeeting={() => void openBook((m, d, h) => m.openMeeting(h, d.output.plan))}
        onActionList={() => void openBook((m, d, h) => m.openActionList(h, d.output.plan), s.exports.csvHint)}
        notice={exportNotice}
      >
        {districtOffer && (
          <DistrictOffer
            districts={districtOffer}
            busy={busy}
            onOpen={(district) =>
              void openBook((m, d, h) => m.openActionList(h, d.output.plan, { district }), s.exports.csvHint)
            }
          />
        )}
        {/* Individual notices (SPEC §5.5) in the 出力 tab, below the meeting outputs. */}
        <NoticesPanel host={host} output={done && !running ? done.output : null} disabled={busy || running} />
      </ExportPanel>
    ),
  };

  const tabLabel: Record<TabKey, string> = {
    results: s.tabs.results,
    issues: s.tabs.issues(errors),
    settings: s.tabs.settings,
    output: s.tabs.output,
  };

  return (
    <main className={styles.root} lang={s.htmlLang}>
      <header className={styles.header}>
        <Text as="h1" size={400} weight="semibold">
          {s.app.title}
        </Text>
        {host.kind === 'playground' && (
          <Badge appearance="tint" color="informative" title={s.app.playgroundBadge}>
            {host.asOf ? s.app.playgroundAsOf(host.asOf) : s.app.playgroundBadge}
          </Badge>
        )}
        {host.kind === 'none' && (
          <MessageBar intent="warning">
            <MessageBarBody>{s.app.noHost}</MessageBarBody>
          </MessageBar>
        )}
      </header>

      <div role="status" aria-live="polite" className={styles.live} data-testid="live">
        {status}
      </div>

      <RecalcPanel
        canRun={canRun}
        running={running}
        cancelling={cancelling}
        progress={progress}
        onRun={() => void onRun()}
        onCancel={onCancel}
        showHint={!done && !fatal}
        ready={!!detection && detection.ready}
      >
        <InlineNotice notice={runNotice} testId="run-notice" />
        {fatal && !running && (
          <FatalCard
            fatal={fatal}
            sheetNames={detection?.sheetNames ?? []}
            onGoTo={onFatalGoTo}
            onOpenSettings={() => setTab('settings')}
            onRetry={() => void onRun()}
            canRetry={canRun}
            template={fatal.code === 'sheet-missing' ? template : null}
            status={<InlineNotice notice={fixNotice} testId="fix-notice" />}
          />
        )}
        {done && (
          <SummaryCard
            result={done.output.result}
            stamp={done.output.stamp}
            earlier={earlier}
            onShowIssues={() => setTab('issues')}
          />
        )}
        {!fatal && !done && template}
      </RecalcPanel>

      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_e, d) => setTab(d.value as TabKey)}
        aria-label={s.tabs.label}
        size="small"
        data-testid="tabs"
      >
        {TABS.map((k) => (
          <Tab key={k} value={k} id={`tab-${k}`} data-testid={`tab-${k}`} aria-controls={`panel-${k}`}>
            {tabLabel[k]}
          </Tab>
        ))}
      </TabList>
      {TABS.map((k) => (
        <div
          key={k}
          role="tabpanel"
          id={`panel-${k}`}
          aria-labelledby={`tab-${k}`}
          hidden={tab !== k}
          className={tab === k ? styles.panel : undefined}
          data-testid={`panel-${k}`}
        >
          {panels[k]}
        </div>
      ))}
    </main>
  );
}
