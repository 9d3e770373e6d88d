/**
 * A fatal input problem beside 「再計算」, with its fix in one click (SPEC §6.1 rev 2):
 * 「セルへ移動」 for the cell it names, every invalid setting at once with its cell, the accepted
 * headers of a missing column, the accepted sheet names (and the template, only where it would not
 * be refused) for a missing sheet. Nothing was written to the workbook.
 */
import type { ReactElement } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowRight16Regular, ArrowSync16Regular, Settings16Regular } from '@fluentui/react-icons';
import { useStrings } from '../i18n';
import type { RecalcFatal } from '../../excel/recalc-outcome';
import { plainList } from './listStyles';

const useStyles = makeStyles({
  body: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '4px',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  small: { fontSize: tokens.fontSizeBase200, margin: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', columnGap: '6px', rowGap: '4px', alignItems: 'center' },
  list: plainList('2px'),
  row: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: '6px',
    flexWrap: 'wrap',
  },
  names: { fontSize: tokens.fontSizeBase200, margin: 0, fontWeight: tokens.fontWeightSemibold },
  address: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, marginLeft: '4px' },
});

/** Codes whose cell is worth going to (workbook-protected names none). */
const CELL_CODES = new Set([
  'sheet-missing',
  'column-missing',
  'owned-column-blocked',
  'owned-sheet-name-taken',
  'sheet-protected',
]);

function GoTo(props: {
  sheet: string;
  cell: string;
  testId: string;
  onGoTo: (sheet: string, cell: string) => void;
}): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  return (
    <Button
      size="small"
      appearance="primary"
      icon={<ArrowRight16Regular aria-hidden="true" />}
      onClick={() => props.onGoTo(props.sheet, props.cell)}
      data-testid={props.testId}
      data-cell={`${props.sheet}!${props.cell}`}
    >
      {s.fatal.goToCell}
      <span className={styles.address}>
        {props.sheet}!{props.cell}
      </span>
    </Button>
  );
}

export function FatalCard(props: {
  fatal: RecalcFatal;
  /** Sheet names present (a missing sheet has no cell to go to). */
  sheetNames: readonly string[];
  onGoTo: (sheet: string, cell: string) => void;
  onOpenSettings: () => void;
  onRetry: () => void;
  canRetry: boolean;
  /** The template offer, when the template would not be refused (missing sheet only). */
  template: ReactElement | null;
  /** A message about the last one-click fix (shown beside the fix buttons). */
  status: ReactElement | null;
}): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const f = props.fatal;
  const p = f.params;
  const en = s.lang === 'en' ? s.fatal.describe(f.code, p) : null;
  const sheetExists = !!f.sheet && props.sheetNames.includes(f.sheet);
  // The first cell of a range or list (「B3、C4」, 「F3:G4」 is selectable as it is).
  const cell = f.cell ? f.cell.split('、')[0] : null;
  const aliases = typeof p.aliases === 'string' ? p.aliases.split('、').filter((a) => a) : [];
  return (
    <MessageBar intent="error" layout="multiline" data-testid="fatal" data-code={f.code}>
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>{s.recalc.fatalTitle}</MessageBarTitle>
        {en ? <p className={styles.small}>{en}</p> : <p className={styles.small}>{f.message}</p>}
        {f.code === 'setting-invalid' && f.sheet && (
          <>
            <Text as="h2" size={200} weight="semibold">
              {s.fatal.invalidSettings(f.invalidSettings.length)}
            </Text>
            <ul className={styles.list} data-testid="fatal-settings">
              {f.invalidSettings.map((it) => (
                <li key={it.cell} className={styles.row} data-key={it.key}>
                  <span className={styles.small}>{s.fatal.settingRow(it.key, it.value, it.cell)}</span>
                  <GoTo sheet={f.sheet!} cell={it.cell} testId="fatal-setting-goto" onGoTo={props.onGoTo} />
                </li>
              ))}
            </ul>
          </>
        )}
        <div className={styles.actions}>
          {CELL_CODES.has(f.code) && sheetExists && cell && (
            <GoTo sheet={f.sheet!} cell={cell} testId="fatal-goto" onGoTo={props.onGoTo} />
          )}
          {f.code === 'setting-invalid' && (
            <Button
              size="small"
              icon={<Settings16Regular aria-hidden="true" />}
              onClick={props.onOpenSettings}
              data-testid="fatal-open-settings"
            >
              {s.fatal.openSettings}
            </Button>
          )}
          <Button
            size="small"
            icon={<ArrowSync16Regular aria-hidden="true" />}
            onClick={props.onRetry}
            disabled={!props.canRetry}
            data-testid="fatal-retry"
          >
            {s.fatal.retry}
          </Button>
        </div>
        {props.status}
        {f.code === 'sheet-missing' && props.template}
        {f.code === 'column-missing' && aliases.length > 0 && (
          <p className={styles.names} data-testid="fatal-accepted-headers">
            {s.fatal.acceptedHeaders(s.list(aliases))}
          </p>
        )}
        {f.code === 'sheet-missing' && aliases.length > 0 && (
          <p className={styles.names} data-testid="fatal-accepted-sheets">
            {s.fatal.acceptedSheets(s.list(aliases))}
          </p>
        )}
        {!en && f.fix && <p className={styles.small}>{s.labelled(s.recalc.fix, f.fix)}</p>}
      </MessageBarBody>
    </MessageBar>
  );
}
