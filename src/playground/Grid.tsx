/**
 * A simple grid view of the in-memory workbook (the Excel test double's model): sheet tabs, a
 * window of rows (capped, with paging), cell text as Excel would show it (number formats), bold /
 * fill / font colour, the highlighting of the add-in's conditional formats, and the selected cell.
 * It re-renders whenever `version` changes (after each Excel.run of the pane).
 */
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { Button, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  colToLetters,
  formatText,
  type CfModel,
  type SheetModel,
  type WorkbookModel,
} from '@kakari-roster/excel-double';
import type { UiStrings } from '../strings/ui';

/** Rows shown at once. */
export const PAGE_ROWS = 100;
/** Columns shown at most. */
export const MAX_GRID_COLS = 40;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '6px', minWidth: 0, height: '100%' },
  tabs: { overflowX: 'auto', flexShrink: 0 },
  bar: { display: 'flex', alignItems: 'center', columnGap: '8px', flexWrap: 'wrap', flexShrink: 0 },
  scroller: {
    overflow: 'auto',
    flexGrow: 1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  table: { borderCollapse: 'collapse', fontSize: '12px', tableLayout: 'fixed' },
  th: {
    position: 'sticky',
    top: 0,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground2,
    padding: '1px 4px',
    zIndex: 1,
  },
  rowHead: {
    position: 'sticky',
    left: 0,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
    textAlign: 'right',
    padding: '1px 4px',
    fontWeight: tokens.fontWeightRegular,
  },
  td: {
    border: `1px solid ${tokens.colorNeutralStroke3}`,
    padding: '1px 4px',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    maxWidth: '220px',
  },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: '-2px' },
});

/** The sheet's extent (1-based last row / column), from its values and formulas. */
function extent(sheet: SheetModel): { rows: number; cols: number } {
  const r = sheet.usedRect(true);
  if (!r) return { rows: 0, cols: 0 };
  return { rows: r.r1 + 1, cols: r.c1 + 1 };
}

/**
 * Fill and font colour of the add-in's highlighting rules (=$L2="text", =LEFT($L2,n)="text"), so
 * the grid shows what Excel would. Other rule shapes are not drawn (the playground is a preview).
 */
type CfPaint = { fill?: string; color?: string };
function cfPainter(sheet: SheetModel): (r: number, c: number) => CfPaint | null {
  const rules = sheet.conditionalFormats
    .filter((cf: CfModel) => !cf.deleted && cf.type === 'Custom' && cf.rule?.formula)
    .map((cf) => {
      const f = cf.rule!.formula!;
      const eq = /^=\$?([A-Z]+)\$?(\d+)="(.*)"$/.exec(f);
      const left = /^=LEFT\(\$?([A-Z]+)\$?(\d+),(\d+)\)="(.*)"$/.exec(f);
      return { cf, eq, left };
    })
    .filter((x) => x.eq || x.left);
  if (rules.length === 0) return () => null;
  return (r, c) => {
    for (const { cf, eq, left } of rules) {
      const inside = cf.ranges.find((g) => r >= g.r0 && r <= g.r1 && c >= g.c0 && c <= g.c1);
      if (!inside) continue;
      const m = (eq ?? left)!;
      const refCol = lettersToIndex(m[1]);
      const refRow = Number(m[2]) - 1 + (r - inside.r0);
      const v = sheet.getValue(refRow, refCol);
      const text = typeof v === 'string' ? v : v === undefined ? '' : String(v);
      const hit = eq ? text === eq[3] : text.slice(0, Number(left![3])) === left![4];
      if (hit) {
        return {
          fill: cf.format.fillColor ?? undefined,
          color: cf.format.fontColor ?? undefined,
        };
      }
    }
    return null;
  };
}

function lettersToIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export interface GridProps {
  model: WorkbookModel;
  version: number;
  strings: UiStrings;
}

export function Grid(props: GridProps): ReactElement {
  const styles = useStyles();
  const s = props.strings;
  const { model } = props;
  const sheets = model.sheets.filter((sh) => !sh.deleted);
  const [viewed, setViewed] = useState<string | null>(model.activeSheet?.name ?? sheets[0]?.name ?? null);
  const [top, setTop] = useState(0);
  const selectedRef = useRef<HTMLTableCellElement | null>(null);

  // Follow the workbook: the active sheet and the selection after each run of the pane.
  const sel = model.selection && !model.selection.sheet.deleted ? model.selection : null;
  const selKey = sel ? `${sel.sheet.name}!${sel.rect.r0},${sel.rect.c0}` : '';
  useEffect(() => {
    const active = model.activeSheet && !model.activeSheet.deleted ? model.activeSheet.name : null;
    if (active) setViewed(active);
    if (sel && sel.sheet.name === active)
      setTop(Math.max(0, Math.floor(sel.rect.r0 / PAGE_ROWS) * PAGE_ROWS));
  }, [props.version, selKey]);

  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [selKey, top, viewed]);

  const sheet = sheets.find((sh) => sh.name === viewed) ?? sheets[0] ?? null;
  const ext = useMemo(() => (sheet ? extent(sheet) : { rows: 0, cols: 0 }), [sheet, props.version]);
  const paint = useMemo(() => (sheet ? cfPainter(sheet) : () => null), [sheet, props.version]);
  const cols = Math.min(MAX_GRID_COLS, ext.cols);
  const first = Math.min(top, Math.max(0, ext.rows - 1));
  const last = Math.min(ext.rows, first + PAGE_ROWS);

  const selAddress = sel ? `${sel.sheet.name}!${colToLetters(sel.rect.c0)}${sel.rect.r0 + 1}` : null;

  return (
    <div className={styles.root}>
      <TabList
        className={styles.tabs}
        selectedValue={sheet?.name ?? ''}
        onTabSelect={(_e, d) => {
          const name = String(d.value);
          setViewed(name);
          setTop(0);
          const target = model.findSheet(name);
          if (target) model.activeSheet = target; // like clicking a sheet tab in Excel
        }}
        aria-label={s.playground.sheetTabs}
        size="small"
        data-testid="sheet-tabs"
      >
        {sheets.map((sh) => (
          <Tab key={sh.id} value={sh.name}>
            {sh.name}
          </Tab>
        ))}
      </TabList>
      <div className={styles.bar}>
        <Text size={200} data-testid="selection" data-address={selAddress ?? ''}>
          {selAddress ? s.playground.selection(selAddress) : s.playground.noSelection}
        </Text>
        {ext.rows > 0 && (
          <>
            <Text size={200}>{s.playground.rowsShown(first + 1, last, ext.rows)}</Text>
            <Button
              size="small"
              disabled={first === 0}
              onClick={() => setTop(Math.max(0, first - PAGE_ROWS))}
            >
              {s.playground.prevRows}
            </Button>
            <Button size="small" disabled={last >= ext.rows} onClick={() => setTop(first + PAGE_ROWS)}>
              {s.playground.nextRows}
            </Button>
          </>
        )}
      </div>
      <div
        className={styles.scroller}
        tabIndex={0}
        role="region"
        aria-label={sheet ? s.playground.gridLabel(sheet.name) : s.playground.empty}
      >
        {!sheet || ext.rows === 0 ? (
          <Text size={200}>{s.playground.empty}</Text>
        ) : (
          <table className={styles.table} data-testid="grid" data-sheet={sheet.name}>
            <thead>
              <tr>
                <th className={styles.th} scope="col" />
                {Array.from({ length: cols }, (_, c) => (
                  <th key={c} className={styles.th} scope="col">
                    {colToLetters(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: last - first }, (_, i) => {
                const r = first + i;
                return (
                  <tr key={r}>
                    <th className={styles.rowHead} scope="row">
                      {r + 1}
                    </th>
                    {Array.from({ length: cols }, (_, c) => {
                      const v = sheet.getValue(r, c);
                      const st = sheet.styleAt(r, c);
                      const cf = paint(r, c);
                      const isSel =
                        !!sel &&
                        sel.sheet === sheet &&
                        r >= sel.rect.r0 &&
                        r <= sel.rect.r1 &&
                        c >= sel.rect.c0 &&
                        c <= sel.rect.c1;
                      const text =
                        v === undefined ? '' : formatText(v, sheet.numberFormatAt(r, c), model.date1904);
                      return (
                        <td
                          key={c}
                          ref={isSel && r === sel!.rect.r0 && c === sel!.rect.c0 ? selectedRef : undefined}
                          className={`${styles.td} ${isSel ? styles.selected : ''}`}
                          data-selected={isSel ? 'true' : undefined}
                          aria-selected={isSel || undefined}
                          title={text}
                          style={{
                            fontWeight: st.fontBold ? 600 : undefined,
                            fontStyle: st.fontItalic ? 'italic' : undefined,
                            backgroundColor: cf?.fill ?? st.fillColor ?? undefined,
                            color: cf?.color ?? st.fontColor ?? undefined,
                            textAlign: typeof v === 'number' ? 'right' : undefined,
                          }}
                        >
                          {text}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
