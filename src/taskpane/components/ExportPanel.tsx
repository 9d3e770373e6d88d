/** Export buttons (SPEC §5.4): the meeting handout and the action list, as new workbooks. */
import type { ReactElement } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentTable20Regular, TableSimple20Regular } from '@fluentui/react-icons';
import { useStrings } from '../i18n';

const useStyles = makeStyles({
  col: { display: 'flex', flexDirection: 'column', rowGap: '6px', alignItems: 'flex-start' },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: '2px 0' },
  button: { height: 'auto', whiteSpace: 'normal', textAlign: 'left' },
});

export function ExportPanel(props: {
  enabled: boolean;
  busy: boolean;
  onMeeting: () => void;
  onActionList: () => void;
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
      {!props.enabled && <p className={styles.small}>{s.exports.needsRecalc}</p>}
    </section>
  );
}
