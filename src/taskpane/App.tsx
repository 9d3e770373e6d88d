/**
 * The task pane (SPEC §6.1): detected inputs and the template offer, 「再計算」 with phase progress
 * and cancel, results with the legend, input problems that select their cells, links to the owned
 * sheets, exports and the settings form. All Office access goes through the PaneHost.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import {
  Badge,
  Divider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Issue } from '../domain/types';
import { profileText } from '../domain/profile';
import { OWNED_SHEETS } from '../sheets/owned';
import type { UiStrings } from '../strings/ui';
import { HOST_TEXTS } from '../strings/host';
import type { Detection } from './detect';
import type { PaneHost } from './host';
import { useStrings } from './i18n';
import {
  activateSheet,
  createSettingsSheet,
  createTemplate,
  detect,
  readSettingsForm,
  selectCell,
  writeSettings,
  type TemplateOutcome,
} from './office-ops';
import { runRecalc, type RecalcDone } from './recalc';
import { ExportPanel } from './components/ExportPanel';
import { DistrictOffer } from './components/DistrictOffer';
import { officePlatform, type CreateWorkbookHost } from '../excel/create-workbook';
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
    rowGap: '14px',
    padding: '12px',
    maxWidth: '640px',
    boxSizing: 'border-box',
    color: tokens.colorNeutralForeground1,
  },
  header: { display: 'flex', flexDirection: 'column', rowGap: '2px' },
  sub: { color: tokens.colorNeutralForeground2 },
  /** Screen-reader only: the visible messages are in the message bar and the panels. */
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
  pre: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

export type Notice = {
  intent: 'success' | 'error' | 'info' | 'warning';
  title?: string;
  text: string;
  fix?: string;
};

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
  const [notice, setNotice] = useState<Notice | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
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
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setRunning(true);
    setCancelling(false);
    setNotice(null);
    setProgress({ phase: 'read', fraction: 0 });
    setStatus(s.recalc.phases.read);
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
          setDone(outcome);
          setNotice({ intent: 'success', text: s.recalc.done(outcome.output.stamp) });
          setStatus(s.recalc.done(outcome.output.stamp));
          break;
        case 'fatal':
          setNotice({ intent: 'error', title: s.recalc.fatalTitle, text: outcome.message, fix: outcome.fix });
          setStatus(s.recalc.fatalTitle);
          break;
        case 'cancelled':
          setNotice({
            intent: 'warning',
            text: outcome.duringWrite ? s.recalc.cancelledDuringWrite : s.recalc.cancelled,
          });
          setStatus(s.recalc.cancelled);
          break;
        case 'busy':
          setNotice({
            intent: 'warning',
            text: outcome.where === 'workbook' ? HOST_TEXTS[s.lang].lockedInWorkbook : s.recalc.busy,
          });
          break;
        case 'error':
          setNotice({
            intent: 'error',
            title: s.recalc.errorTitle,
            text: s.recalc.internalError(outcome.message),
          });
          break;
      }
    } finally {
      abortRef.current = null;
      setRunning(false);
      setCancelling(false);
      setProgress(null);
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
      setNotice(templateNotice(s, await createTemplate(host)));
    } catch (e) {
      setNotice({ intent: 'error', text: s.template.failed(errorText(e)) });
    } finally {
      setBusy(false);
      void refresh();
    }
  }, [host, refresh, s]);

  const onSelectIssue = useCallback(
    async (is: Issue) => {
      try {
        const ok = await selectCell(host, is.sheet, is.cell);
        setStatus(ok ? s.issues.selected(is.sheet, is.cell) : s.issues.selectFailed(is.sheet, is.cell));
        if (!ok) setNotice({ intent: 'warning', text: s.issues.selectFailed(is.sheet, is.cell) });
      } catch {
        setNotice({ intent: 'warning', text: s.issues.selectFailed(is.sheet, is.cell) });
      }
    },
    [host, s],
  );

  const onOpenSheet = useCallback(
    async (name: string) => {
      try {
        const ok = await activateSheet(host, name);
        if (!ok) setNotice({ intent: 'warning', text: s.sheets.openFailed(name) });
      } catch {
        setNotice({ intent: 'warning', text: s.sheets.openFailed(name) });
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
      setStatus(s.exports.working);
      try {
        const m = await import(/* webpackChunkName: "export" */ './export-book');
        const out = await open(m, done, {
          excel: host.excel,
          isSetSupported: host.isSetSupported,
          platform: officePlatform(),
        });
        if (out.kind === 'unsupported') {
          setNotice({ intent: 'error', text: s.exports.unsupported });
        } else if (out.kind === 'too-large') {
          // Nothing was sent (SPEC §5.4 "Size"): say so, and offer the file per district.
          const t = HOST_TEXTS[s.lang];
          const mb = (n: number): string => (n / 1_000_000).toFixed(1);
          setNotice({ intent: 'warning', text: t.tooLargeForWeb(mb(out.base64Bytes), mb(out.limit)) });
          setDistrictOffer(out.districts.length > 0 ? out.districts : null);
        } else {
          host.notify();
          setNotice({ intent: 'success', text: hint ? `${s.exports.opened} ${hint}` : s.exports.opened });
          setStatus(s.exports.opened);
        }
      } catch (e) {
        setNotice({ intent: 'error', text: s.exports.failed(errorText(e)) });
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

  const announce = useCallback(
    (text: string, intent: 'success' | 'error' | 'info') => setNotice({ intent, text }),
    [],
  );

  const canRun = !!detection && detection.ready && !busy;

  return (
    <main className={styles.root} lang={s.htmlLang}>
      <header className={styles.header}>
        <Text as="h1" size={500} weight="semibold">
          {s.app.title}
        </Text>
        <Text size={200} className={styles.sub}>
          {s.app.subtitle}
        </Text>
        {host.kind === 'playground' && (
          <div>
            <Badge appearance="tint" color="informative">
              {s.app.playgroundBadge}
            </Badge>
            {host.asOf && (
              <Text size={200} className={styles.sub}>
                {' '}
                {s.app.playgroundAsOf(host.asOf)}
              </Text>
            )}
          </div>
        )}
        {host.kind === 'none' && (
          <MessageBar intent="warning">
            <MessageBarBody>{s.app.noHost}</MessageBarBody>
          </MessageBar>
        )}
      </header>

      <div role="status" aria-live="polite" className={styles.live} data-testid="live">
        <Text size={200}>{status}</Text>
      </div>

      {notice && (
        <MessageBar
          intent={notice.intent}
          data-testid={`notice-${notice.intent}`}
          role={notice.intent === 'error' ? 'alert' : undefined}
        >
          <MessageBarBody className={styles.pre}>
            {notice.title && <MessageBarTitle>{notice.title}</MessageBarTitle>}
            {notice.text}
            {notice.fix && (
              <>
                <br />
                {s.labelled(s.recalc.fix, notice.fix)}
              </>
            )}
          </MessageBarBody>
        </MessageBar>
      )}

      <RecalcPanel
        canRun={canRun}
        running={running}
        cancelling={cancelling}
        progress={progress}
        onRun={() => void onRun()}
        onCancel={onCancel}
      />

      {detection?.offerTemplate && !running && (
        <TemplatePanel busy={busy} onCreate={() => void onTemplate()} />
      )}

      {done && (
        <>
          <Divider />
          <ResultsPanel
            result={done.output.result}
            profileText={profileText(done.output.input.profile)}
            stamp={done.output.stamp}
          />
          <IssuesPanel issues={done.output.result.issues} onSelect={(is) => void onSelectIssue(is)} />
        </>
      )}

      <SheetLinks available={available} onOpen={(n) => void onOpenSheet(n)} />

      <Divider />
      <InputsPanel
        detection={detection}
        loading={detecting}
        error={detectError}
        onRefresh={() => void refresh()}
        disabled={running}
      />

      <ExportPanel
        enabled={!!done && !running}
        busy={busy}
        onMeeting={() => void openBook((m, d, h) => m.openMeeting(h, d.output.plan))}
        onActionList={() => void openBook((m, d, h) => m.openActionList(h, d.output.plan), s.exports.csvHint)}
      />
      {districtOffer && (
        <DistrictOffer
          districts={districtOffer}
          busy={busy}
          onOpen={(district) =>
            void openBook((m, d, h) => m.openActionList(h, d.output.plan, { district }), s.exports.csvHint)
          }
        />
      )}

      <NoticesPanel host={host} output={done && !running ? done.output : null} disabled={busy || running} />

      <SettingsPanel
        load={() => readSettingsForm(host)}
        save={(sheet, writes) => writeSettings(host, sheet, writes)}
        createSheet={async () => {
          try {
            setNotice(templateNotice(s, await createSettingsSheet(host)));
          } catch (e) {
            setNotice({ intent: 'error', text: s.settings.failed(errorText(e)) });
          }
          void refresh();
        }}
        announce={announce}
        disabled={running || busy}
      />
    </main>
  );
}
