/** The pane's strings (src/strings/ui.ts) through React context. */
import { createContext, useContext } from 'react';
import { UI, type UiStrings } from '../strings/ui';

export const StringsContext = createContext<UiStrings>(UI.ja);

export function useStrings(): UiStrings {
  return useContext(StringsContext);
}
