/** Export buttons (SPEC §5.4): the meeting handout and the action list, as new workbooks. */
import type { ReactElement, ReactNode } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentTable20Regular, TableSimple20Regular } from '@fluentui/react-icons';
import { useStrings } from '../i18n';
import { InlineNotice, type Notice } from './InlineNotice';

const useStyles = makeStyles({
  col: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '6px',
    alignItems: 'flex-start',
    marginBottom: '6px',
  },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: '2px 0' },
  button: { height: 'auto', whiteSpace: 'normal', textAlign: 'left' },
});

export function ExportPanel(props: {
  enabled: boolean;
  busy: boolean;
  onMeeting: () => void;
  onActionList: () => void;
  /** The message about the last export (shown beside the buttons). */
  notice: Notice | null;
  /** More outputs (e.g. individual notices) below the meeting outputs. */
  children?: ReactNode;
}): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  return (
    <section aria-labelledby="exports-heading">
      <Text as="h2" id="exports-heading" size={400} weight="semibold">
        {s.exports.heading}
      </Text>
      <p className={styles.small}>{s.exports.intro}</p>
      <div className={styles.col}>
        <Button
          className={styles.button}
          icon={<DocumentTable20Regular aria-hidden="true" />}
          disabled={!props.enabled || props.busy}
          onClick={props.onMeeting}
          data-testid="export-meeting"
        >
          {s.exports.meeting}
        </Button>
        <Button
          className={styles.button}
          icon={<TableSimple20Regular aria-hidden="true" />}
          disabled={!props.enabled || props.busy}
          onClick={props.onActionList}
          data-testid="export-action-list"
        >
          {s.exports.actionList}
        </Button>
      </div>
      <InlineNotice notice={props.notice} />
      {!props.enabled && <p className={styles.small}>{s.exports.needsRecalc}</p>}
      {props.children}
    </section>
  );
}
