/**
 * Status, readiness and severity shown as text + icon + colour (SPEC §6.1: never by colour alone).
 * The colours are the ones the highlighting rules write (src/sheets/plan.ts), so the pane's legend
 * matches the cells.
 */
import type { ReactElement } from 'react';
import {
  Certificate20Regular,
  CheckmarkCircle20Regular,
  Circle20Regular,
  CircleHalfFill20Regular,
  DocumentCheckmark20Regular,
  ErrorCircle20Regular,
  Info20Regular,
  SubtractCircle20Regular,
  Warning20Regular,
} from '@fluentui/react-icons';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Readiness, Severity, Status } from '../domain/types';
import { READINESS_COLOURS, SEVERITY_COLOURS, STATUS_COLOURS } from '../sheets/plan';

export const STATUS_ICONS: Record<Status, () => ReactElement> = {
  certified: () => <Certificate20Regular aria-hidden="true" />,
  eligible: () => <CheckmarkCircle20Regular aria-hidden="true" />,
  'in-progress': () => <CircleHalfFill20Regular aria-hidden="true" />,
  'no-records': () => <Circle20Regular aria-hidden="true" />,
};

export const READINESS_ICONS: Record<Readiness, () => ReactElement> = {
  'out-of-scope': () => <SubtractCircle20Regular aria-hidden="true" />,
  reported: () => <DocumentCheckmark20Regular aria-hidden="true" />,
  ready: () => <CheckmarkCircle20Regular aria-hidden="true" />,
  'action-needed': () => <Warning20Regular aria-hidden="true" />,
};

export const SEVERITY_ICONS: Record<Severity, () => ReactElement> = {
  error: () => <ErrorCircle20Regular aria-hidden="true" />,
  warning: () => <Warning20Regular aria-hidden="true" />,
  info: () => <Info20Regular aria-hidden="true" />,
};

const INFO_COLOURS: readonly [string, string] = ['DDEBF7', '1F4E78'];

export function statusColours(s: Status): readonly [string, string] {
  return STATUS_COLOURS[s];
}
export function readinessColours(r: Readiness): readonly [string, string] {
  return READINESS_COLOURS[r];
}
export function severityColours(s: Severity): readonly [string, string] {
  return s === 'info' ? INFO_COLOURS : SEVERITY_COLOURS[s];
}

const useStyles = makeStyles({
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    columnGap: '4px',
    paddingLeft: '6px',
    paddingRight: '8px',
    paddingTop: '1px',
    paddingBottom: '1px',
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    whiteSpace: 'nowrap',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

/** A coloured chip with an icon and the text (the text is the signal; colour and icon repeat it). */
export function Chip(props: {
  colours: readonly [string, string];
  icon: () => ReactElement;
  text: string;
}): ReactElement {
  const styles = useStyles();
  const [fill, font] = props.colours;
  return (
    <span className={styles.chip} style={{ backgroundColor: `#${fill}`, color: `#${font}` }}>
      {props.icon()}
      <span>{props.text}</span>
    </span>
  );
}
