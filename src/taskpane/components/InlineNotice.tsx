/**
 * A message shown beside the control that caused it (SPEC §6.1 rev 2), not at the top of the pane.
 * Errors are alerts; other messages are polite status updates.
 */
import type { ReactElement } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';

export type Notice = {
  intent: 'success' | 'error' | 'info' | 'warning';
  title?: string;
  text: string;
};

const useStyles = makeStyles({
  body: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

export function InlineNotice(props: { notice: Notice | null; testId?: string }): ReactElement | null {
  const styles = useStyles();
  const n = props.notice;
  if (!n) return null;
  return (
    <MessageBar
      intent={n.intent}
      layout="multiline"
      data-testid={props.testId ?? `notice-${n.intent}`}
      data-intent={n.intent}
      role={n.intent === 'error' ? 'alert' : 'status'}
    >
      <MessageBarBody className={styles.body}>
        {n.title && <MessageBarTitle>{n.title}</MessageBarTitle>}
        {n.text}
      </MessageBarBody>
    </MessageBar>
  );
}
