/*
 * PLACEHOLDER task pane entry (webpack entry "taskpane"). The real pane (SPEC §6.1) replaces
 * this file; keep the entry path src/taskpane/index.tsx or update webpack.config.js.
 */
import { createRoot } from 'react-dom/client';
import { FluentProvider, Text, webLightTheme } from '@fluentui/react-components';

function render(): void {
  const container = document.getElementById('container');
  if (!container) return;
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <Text as="h1" size={500} weight="semibold">
        かかりつけロスター
      </Text>
    </FluentProvider>,
  );
}

if (typeof Office !== 'undefined') {
  void Office.onReady(() => render());
} else {
  render();
}
