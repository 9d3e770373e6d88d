/** Links (buttons) to the owned sheets; each activates its sheet. SPEC §6.1. */
import type { ReactElement } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Open20Regular } from '@fluentui/react-icons';
import { OWNED_SHEETS } from '../../sheets/owned';
import { useStrings } from '../i18n';
import { InlineNotice, type Notice } from './InlineNotice';
import { plainList } from './listStyles';

const useStyles = makeStyles({
  list: plainList('2px'),
  button: {
    justifyContent: 'flex-start',
    textAlign: 'left',
    width: '100%',
    height: 'auto',
    whiteSpace: 'normal',
  },
  text: { display: 'flex', flexDirection: 'column' },
  detail: {
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightRegular,
  },
});

export function SheetLinks(props: {
  available: ReadonlySet<string>;
  onOpen: (sheet: string) => void;
  notice: Notice | null;
}): ReactElement | null {
  const s = useStrings();
  const styles = useStyles();
  const sheets = OWNED_SHEETS.filter((n) => props.available.has(n));
  if (sheets.length === 0) return null;
  return (
    <section aria-labelledby="sheets-heading">
      <Text as="h2" id="sheets-heading" size={400} weight="semibold">
        {s.sheets.heading}
      </Text>
      <ul className={styles.list}>
        {sheets.map((name) => (
          <li key={name}>
            <Button
              appearance="subtle"
              className={styles.button}
              icon={<Open20Regular aria-hidden="true" />}
              onClick={() => props.onOpen(name)}
              data-sheet={name}
            >
              <span className={styles.text}>
                <span>{s.sheets.open(name)}</span>
                <span className={styles.detail}>{s.sheets.descriptions[name]}</span>
              </span>
            </Button>
          </li>
        ))}
      </ul>
      <InlineNotice notice={props.notice} />
    </section>
  );
}
