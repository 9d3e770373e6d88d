/** Start screen: which inputs were found (sheet, rows, columns matched / missing). SPEC §6.1. */
import type { ReactElement } from 'react';
import { Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowClockwise20Regular,
  CheckmarkCircle20Regular,
  ErrorCircle20Regular,
  SubtractCircle20Regular,
} from '@fluentui/react-icons';
import type { Detection, InputStatus } from '../../sheets/detect';
import { useStrings } from '../i18n';
import { plainList } from './listStyles';

const useStyles = makeStyles({
  list: plainList('8px'),
  item: {
    display: 'grid',
    gridTemplateColumns: '20px 1fr',
    columnGap: '6px',
    padding: '6px 8px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  absent: { color: tokens.colorNeutralForeground3 },
  title: { fontWeight: tokens.fontWeightSemibold },
  small: {
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
    overflowWrap: 'anywhere',
  },
  missing: {
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorPaletteRedForeground1,
    overflowWrap: 'anywhere',
  },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', columnGap: '8px' },
});

function InputRow({ input }: { input: InputStatus }): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const d = s.detect;
  const role = s.roles[input.role];
  const need = input.required ? d.required : d.optional;
  const found = input.fields.filter((f) => f.header !== null);
  const missingRequired = input.fields.filter((f) => f.header === null && f.requiredColumn);
  const missingOptional = input.fields.filter((f) => f.header === null && !f.requiredColumn);
  let icon: ReactElement;
  let stateText: string;
  if (input.state === 'ok') {
    icon = <CheckmarkCircle20Regular className={styles.ok} aria-hidden="true" />;
    stateText = d.statusOk;
  } else if (input.state === 'absent' && !input.required) {
    icon = <SubtractCircle20Regular className={styles.absent} aria-hidden="true" />;
    stateText = d.statusAbsent;
  } else {
    icon = <ErrorCircle20Regular className={styles.bad} aria-hidden="true" />;
    stateText = d.statusProblem;
  }
  const where: string[] = [];
  if (input.sheet) where.push(d.found(input.sheet));
  if (input.table) where.push(d.inTable(input.table));
  if (input.headerRow !== null) where.push(d.headerRow(input.headerRow), d.rows(input.rows));
  return (
    <li className={styles.item} data-role={input.role} data-state={input.state}>
      {icon}
      <div>
        <div className={styles.title}>{d.roleLine(role, need, stateText)}</div>
        {input.state === 'absent' ? (
          <>
            <div className={styles.small}>{input.required ? d.notFound : d.notFoundOptional}</div>
            <div className={styles.small}>{d.acceptedNames(s.list(input.def.aliases))}</div>
          </>
        ) : (
          <div className={styles.small}>{where.join(s.dot)}</div>
        )}
        {input.state === 'header-not-found' && <div className={styles.missing}>{d.headerNotFound}</div>}
        {found.length > 0 && (
          <div className={styles.small}>
            {s.labelled(d.columnsFound, s.list(found.map((f) => f.header ?? '')))}
          </div>
        )}
        {input.state !== 'absent' && missingRequired.length > 0 && (
          <div className={styles.missing}>
            {s.labelled(d.requiredMissing, s.list(missingRequired.map((f) => f.expected)))}
          </div>
        )}
        {input.state !== 'absent' &&
          missingRequired.map((f) => (
            <div key={f.field} className={styles.small} data-accepted={f.field}>
              {s.fatal.acceptedHeaders(
                s.list(input.def.fields.find((fd) => fd.field === f.field)?.aliases ?? [f.expected]),
              )}
            </div>
          ))}
        {input.state === 'ok' && missingOptional.length > 0 && (
          <div className={styles.small}>
            {s.labelled(d.optionalMissing, s.list(missingOptional.map((f) => f.expected)))}
          </div>
        )}
      </div>
    </li>
  );
}

export function InputsPanel(props: {
  detection: Detection | null;
  loading: boolean;
  error: string | null;
  onRefresh: () => void;
  disabled: boolean;
}): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  return (
    <section aria-labelledby="inputs-heading">
      <div className={styles.header}>
        <Text as="h2" id="inputs-heading" size={400} weight="semibold">
          {s.detect.heading}
        </Text>
        <Button
          appearance="subtle"
          size="small"
          icon={<ArrowClockwise20Regular aria-hidden="true" />}
          onClick={props.onRefresh}
          disabled={props.disabled || props.loading}
        >
          {s.detect.refresh}
        </Button>
      </div>
      {props.loading && !props.detection && <Spinner size="tiny" label={s.detect.checking} />}
      {props.error && (
        <Text role="alert" className={styles.missing}>
          {s.detect.failed(props.error)}
        </Text>
      )}
      {props.detection && (
        <>
          <Text as="p" size={200}>
            {props.detection.ready ? s.detect.allRequiredFound : s.detect.someRequiredMissing}
          </Text>
          <ul className={styles.list} aria-label={s.detect.heading}>
            {props.detection.inputs.map((i) => (
              <InputRow key={i.role} input={i} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
