/** 「テンプレートを作成」 offer, shown when required sheets are missing. SPEC §6.1. */
import type { ReactElement } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { TableAdd20Regular } from '@fluentui/react-icons';
import { useStrings } from '../i18n';
import { InlineNotice, type Notice } from './InlineNotice';

export function TemplatePanel(props: {
  busy: boolean;
  onCreate: () => void;
  notice: Notice | null;
}): ReactElement {
  const s = useStrings();
  return (
    <section aria-labelledby="template-heading">
      <Text as="h2" id="template-heading" size={300} weight="semibold">
        {s.template.heading}
      </Text>
      <Text as="p" size={200}>
        {s.template.intro}
      </Text>
      <Button
        icon={<TableAdd20Regular aria-hidden="true" />}
        onClick={props.onCreate}
        disabled={props.busy}
        data-testid="template"
      >
        {props.busy ? s.template.creating : s.template.button}
      </Button>
      <InlineNotice notice={props.notice} />
    </section>
  );
}
