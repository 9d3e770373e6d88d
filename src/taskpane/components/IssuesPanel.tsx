/**
 * The first 500 input problems grouped by code; each entry selects its cell when activated
 * (click, Enter or Space). SPEC §6.1.
 */
import { useMemo, type ReactElement } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Issue, IssueCode, Severity } from '../../domain/types';
import { ArrowRight16Regular } from '@fluentui/react-icons';
import { issueTitle } from '../../strings/ui';
import { useStrings } from '../i18n';
import { Chip, SEVERITY_ICONS, severityColours } from '../status';
import { plainList } from './listStyles';

/** How many problems the pane lists (the 入力チェック sheet has all of them). */
export const PANE_ISSUE_LIMIT = 500;

export interface IssueGroup {
  code: IssueCode;
  severity: Severity;
  issues: Issue[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Groups the first `limit` issues by code: errors first, then warnings, then info; else first appearance. */
export function groupIssues(issues: readonly Issue[], limit = PANE_ISSUE_LIMIT): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  const order: string[] = [];
  for (const is of issues.slice(0, limit)) {
    // cell-error-value and clinic-unknown have two severities: keep them apart.
    const key = `${is.code}\u0000${is.severity}`;
    let g = groups.get(key);
    if (!g) {
      g = { code: is.code, severity: is.severity, issues: [] };
      groups.set(key, g);
      order.push(key);
    }
    g.issues.push(is);
  }
  return order
    .map((k, i) => ({ g: groups.get(k)!, i }))
    .sort((a, b) => SEVERITY_RANK[a.g.severity] - SEVERITY_RANK[b.g.severity] || a.i - b.i)
    .map((x) => x.g);
}

const useStyles = makeStyles({
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: '2px 0' },
  list: plainList('4px'),
  item: {
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    textAlign: 'left',
    height: 'auto',
    minHeight: '32px',
    width: '100%',
    paddingTop: '4px',
    paddingBottom: '4px',
    fontWeight: tokens.fontWeightRegular,
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `3px solid ${tokens.colorBrandStroke1}`,
    cursor: 'pointer',
    ':hover': {
      backgroundColor: tokens.colorBrandBackground2,
      border: `1px solid ${tokens.colorBrandStroke1}`,
      borderLeft: `3px solid ${tokens.colorBrandStroke1}`,
    },
  },
  itemText: { display: 'flex', flexDirection: 'column', rowGap: '1px', minWidth: 0 },
  where: {
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'underline',
  },
  go: {
    display: 'inline-flex',
    alignItems: 'center',
    columnGap: '2px',
    flexShrink: 0,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorBrandForegroundLink,
  },
  detail: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  header: { display: 'flex', alignItems: 'center', columnGap: '6px', rowGap: '2px', flexWrap: 'wrap' },
  title: { fontWeight: tokens.fontWeightSemibold },
  code: {
    fontSize: tokens.fontSizeBase100,
    color: tokens.colorNeutralForeground3,
    fontFamily: tokens.fontFamilyMonospace,
  },
  groupFix: {
    fontSize: tokens.fontSizeBase200,
    margin: '0 0 6px',
    padding: '4px 6px',
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/** The fix text shown once for a group: the most common fix among its issues. */
export function groupFix(issues: readonly Issue[]): string {
  const counts = new Map<string, number>();
  let best = '';
  let bestN = 0;
  for (const is of issues) {
    const k = (counts.get(is.fix) ?? 0) + 1;
    counts.set(is.fix, k);
    if (k > bestN) {
      best = is.fix;
      bestN = k;
    }
  }
  return best;
}

export function IssuesPanel(props: {
  issues: readonly Issue[];
  onSelect: (issue: Issue) => void;
  /** The message about the last selection (shown beside the list). */
  status?: ReactElement | null;
}): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const groups = useMemo(() => groupIssues(props.issues), [props.issues]);
  const counts = useMemo(() => {
    const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const is of props.issues) c[is.severity]++;
    return c;
  }, [props.issues]);
  return (
    <section aria-labelledby="issues-heading" data-testid="issues">
      <Text as="h2" id="issues-heading" size={400} weight="semibold">
        {s.issues.heading}
      </Text>
      <p className={styles.small} data-testid="issue-summary" data-counts={JSON.stringify(counts)}>
        {s.issues.summary(counts.error, counts.warning, counts.info)}
      </p>
      {props.status}
      {props.issues.length === 0 && <p className={styles.small}>{s.issues.none}</p>}
      {props.issues.length > PANE_ISSUE_LIMIT && (
        <p className={styles.small}>{s.issues.truncated(PANE_ISSUE_LIMIT, props.issues.length)}</p>
      )}
      {groups.length > 0 && (
        <Accordion collapsible multiple>
          {groups.map((g) => {
            const fix = groupFix(g.issues);
            return (
              <AccordionItem
                key={`${g.code}-${g.severity}`}
                value={`${g.code}-${g.severity}`}
                data-code={g.code}
              >
                <AccordionHeader>
                  <span className={styles.header}>
                    <Chip
                      colours={severityColours(g.severity)}
                      icon={SEVERITY_ICONS[g.severity]}
                      text={s.issues.severity[g.severity]}
                    />
                    <span className={styles.title}>
                      {s.issueList.groupTitle(issueTitle(s, g.code), g.issues.length)}
                    </span>
                    <span className={styles.code}>{s.issueList.codeLabel(g.code)}</span>
                  </span>
                </AccordionHeader>
                <AccordionPanel>
                  {fix && (
                    <p className={styles.groupFix} data-testid="group-fix">
                      {s.labelled(s.issueList.groupFix, fix)}
                    </p>
                  )}
                  <ul className={styles.list}>
                    {g.issues.map((is, i) => (
                      <li key={i}>
                        <Button
                          appearance="subtle"
                          className={styles.item}
                          onClick={() => props.onSelect(is)}
                          data-cell={`${is.sheet}!${is.cell}`}
                        >
                          <span className={styles.itemText}>
                            <span className={styles.where}>
                              {is.sheet}!{is.cell}
                            </span>
                            <span>{is.message}</span>
                            {is.value !== null && is.value !== '' && (
                              <span className={styles.detail}>{s.issues.value(is.value)}</span>
                            )}
                            {is.fix !== fix && (
                              <span className={styles.detail}>{s.labelled(s.issues.fix, is.fix)}</span>
                            )}
                          </span>
                          <span className={styles.go} aria-hidden="true">
                            <ArrowRight16Regular />
                          </span>
                        </Button>
                      </li>
                    ))}
                  </ul>
                </AccordionPanel>
              </AccordionItem>
            );
          })}
        </Accordion>
      )}
    </section>
  );
}
