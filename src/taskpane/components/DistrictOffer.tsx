/**
 * The per-district offer shown beside the export buttons when a workbook is too large for
 * Excel on the web's single 5 MB request (SPEC §5.4 "Size"): one button per 地区, each opening
 * 要対応リスト with that district's rows only.
 */
import type { ReactElement } from 'react';
import { Button, Text, makeStyles } from '@fluentui/react-components';
import { HOST_TEXTS } from '../../strings/host';
import { useStrings } from '../i18n';

const useStyles = makeStyles({
  col: { display: 'flex', flexDirection: 'column', rowGap: '4px', alignItems: 'flex-start' },
  button: { height: 'auto', whiteSpace: 'normal', textAlign: 'left' },
});

export function DistrictOffer(props: {
  districts: readonly string[];
  busy: boolean;
  onOpen: (district: string) => void;
}): ReactElement {
  const s = useStrings();
  const t = HOST_TEXTS[s.lang];
  const styles = useStyles();
  return (
    <section aria-label={t.perDistrictOffer} data-testid="district-offer">
      <Text as="p" size={200}>
        {t.perDistrictOffer}
      </Text>
      <div className={styles.col}>
        {props.districts.map((d) => (
          <Button
            key={d}
            className={styles.button}
            size="small"
            disabled={props.busy}
            onClick={() => props.onOpen(d)}
          >
            {t.openDistrict(d)}
          </Button>
        ))}
      </div>
    </section>
  );
}
