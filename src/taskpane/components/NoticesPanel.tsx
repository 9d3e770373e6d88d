/**
 * 「個別通知を作成」 (SPEC §5.5): recipients (doctors / clinics / both) and all districts or one;
 * builds the notices of the last 再計算 in time slices (a lazy chunk) and opens them with
 * createWorkbook (src/excel/create-workbook.ts). When the file is too large for Excel on the web (§5.4), says so beside
 * the button and offers the same notices per district. Self-contained: its messages appear here.
 */
import { useCallback, useMemo, useState, type ReactElement } from 'react';
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Mail20Regular } from '@fluentui/react-icons';
import type { NoticeTarget } from '../../sheets/plan-notices';
import type { RecalcOutput } from '../../sheets/recalc';
import type { PaneHost } from '../../excel/pane-host';
import { useStrings } from '../i18n';
import type { NoticesChoice, NoticesOutcome } from '../notices-book';

const useStyles = makeStyles({
  col: { display: 'flex', flexDirection: 'column', rowGap: '8px', alignItems: 'stretch' },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: '2px 0' },
  button: { height: 'auto', whiteSpace: 'normal', textAlign: 'left', alignSelf: 'flex-start' },
  list: { display: 'flex', flexDirection: 'column', rowGap: '4px', alignItems: 'flex-start' },
});

type State =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; outcome: NoticesOutcome; choice: NoticesChoice }
  | { kind: 'error'; message: string };

export interface NoticesPanelProps {
  host: PaneHost;
  /** The last 再計算's output (null: not run yet). */
  output: Pick<RecalcOutput, 'read' | 'input' | 'engine'> | null;
  /** Another operation is running (再計算, an export). */
  disabled: boolean;
}

const ALL = '';

export function NoticesPanel(props: NoticesPanelProps): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const [to, setTo] = useState<NoticeTarget>('all');
  const [district, setDistrict] = useState<string>(ALL);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const districts = useMemo(
    () => props.output?.engine.districts.map((d) => d.district) ?? [],
    [props.output],
  );
  const selected = districts.includes(district) ? district : ALL;
  const working = state.kind === 'working';

  const create = useCallback(
    async (choice: NoticesChoice) => {
      if (!props.output) return;
      setState({ kind: 'working' });
      try {
        const m = await import(/* webpackChunkName: "notices" */ '../notices-book');
        const outcome = await m.createNotices(props.host, props.output, choice);
        props.host.notify();
        setState({ kind: 'done', outcome, choice });
      } catch (e) {
        setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    },
    [props.host, props.output],
  );

  const message = (): ReactElement | null => {
    if (state.kind === 'error')
      return (
        <MessageBar intent="error" role="alert" data-testid="notices-error">
          <MessageBarBody>{s.notices.failed(state.message)}</MessageBarBody>
        </MessageBar>
      );
    if (state.kind !== 'done') return null;
    const o = state.outcome;
    if (o.kind === 'unsupported')
      return (
        <MessageBar intent="error" role="alert" data-testid="notices-error">
          <MessageBarBody>{s.notices.unsupported}</MessageBarBody>
        </MessageBar>
      );
    if (o.kind === 'opened')
      return (
        <MessageBar intent="success" data-testid="notices-opened">
          <MessageBarBody>
            {s.notices.opened(o.doctors, o.clinics)}
            {(o.doctors === 0 || o.clinics === 0) && ` ${s.notices.noneHint}`}
          </MessageBarBody>
        </MessageBar>
      );
    const mb = (o.base64Length / (1024 * 1024)).toFixed(1);
    return (
      <MessageBar intent="warning" data-testid="notices-too-large">
        <MessageBarBody>
          {s.notices.tooLarge(mb)}
          <div className={styles.list}>
            {districts.map((d) => (
              <Button
                key={d}
                size="small"
                appearance="subtle"
                disabled={working || props.disabled}
                onClick={() => void create({ to: state.choice.to, district: d })}
              >
                {s.notices.perDistrict(d)}
              </Button>
            ))}
          </div>
        </MessageBarBody>
      </MessageBar>
    );
  };

  return (
    <section aria-labelledby="notices-heading" className={styles.col}>
      <Text as="h2" id="notices-heading" size={400} weight="semibold">
        {s.notices.heading}
      </Text>
      <p className={styles.small}>{s.notices.intro}</p>
      <Field label={s.notices.recipients}>
        <RadioGroup
          layout="horizontal"
          value={to}
          onChange={(_e, d) => setTo(d.value as NoticeTarget)}
          disabled={working}
        >
          <Radio value="doctors" label={s.notices.toDoctors} />
          <Radio value="clinics" label={s.notices.toClinics} />
          <Radio value="all" label={s.notices.toAll} />
        </RadioGroup>
      </Field>
      <Field label={s.notices.district}>
        <Select
          value={selected}
          onChange={(_e, d) => setDistrict(d.value)}
          disabled={working || !props.output}
          data-testid="notices-district"
        >
          <option value={ALL}>{s.notices.allDistricts}</option>
          {districts.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
      </Field>
      <Button
        className={styles.button}
        icon={working ? <Spinner size="tiny" /> : <Mail20Regular aria-hidden="true" />}
        disabled={!props.output || props.disabled || working}
        onClick={() => void create({ to, district: selected === ALL ? null : selected })}
        data-testid="notices-create"
      >
        {working ? s.notices.working : s.notices.create}
      </Button>
      {!props.output && <p className={styles.small}>{s.notices.needsRecalc}</p>}
      <div aria-live="polite">{message()}</div>
    </section>
  );
}
