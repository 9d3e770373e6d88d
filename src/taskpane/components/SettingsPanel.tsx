/**
 * The settings form (SPEC §2.5, §6.1): one field per known 設定 key; saving writes only the 値
 * cells of known keys that changed. Keys without a row on 設定 are shown read-only.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { Button, Field, Input, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Save20Regular, TableAdd20Regular } from '@fluentui/react-icons';
import { settingLabel } from '../../strings/ui';
import { useStrings } from '../i18n';
import { InlineNotice, type Notice } from './InlineNotice';
import type { SettingRow, SettingsForm, SettingWrite } from '../../excel/workbook-ops';
import { parseSettingInput } from '../../sheets/settings';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: '10px' },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: '2px 0' },
  actions: { display: 'flex', columnGap: '8px', alignItems: 'center' },
});

export interface SettingsPanelProps {
  load: () => Promise<SettingsForm>;
  save: (sheet: string, writes: SettingWrite[]) => Promise<void>;
  /** Creates 設定; returns the message to show beside the button. */
  createSheet: () => Promise<Notice>;
  disabled: boolean;
  /** Cells (A1 on 設定) a fatal `setting-invalid` named: marked as the cause. */
  invalidCells: ReadonlySet<string>;
  /** Changes when the form should be read again (after a run, a template, a tab switch). */
  reloadKey: number;
}

function defaultText(s: ReturnType<typeof useStrings>, row: SettingRow): string {
  if (row.def.default === null)
    return row.def.key === '基準日' ? s.settings.defaultToday : s.settings.defaultBlank;
  return s.settings.defaultValue(String(row.def.default));
}

export function SettingsPanel(props: SettingsPanelProps): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const { load } = props;

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const f = await load();
      setForm(f);
      setValues(Object.fromEntries(f.rows.map((r) => [r.def.key, r.text])));
      setErrors({});
    } catch (e) {
      setNotice({ intent: 'error', text: s.settings.failed(e instanceof Error ? e.message : String(e)) });
    } finally {
      setLoading(false);
    }
  }, [load, s]);

  useEffect(() => {
    void reload();
  }, [reload, props.reloadKey]);

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!form || !form.sheet) return;
    const errs: Record<string, string> = {};
    const writes: SettingWrite[] = [];
    for (const row of form.rows) {
      if (row.cell === null) continue;
      const text = values[row.def.key] ?? '';
      if (text === row.text && !row.invalid && !props.invalidCells.has(row.cell)) continue;
      const p = parseSettingInput(row.def, text);
      if (!p.ok) {
        errs[row.def.key] = s.settings.errors[p.error];
        continue;
      }
      writes.push({ cell: row.cell, value: p.value, date: row.def.kind === 'date' });
    }
    setErrors(errs);
    setNotice(null);
    if (Object.keys(errs).length > 0) return;
    setSaving(true);
    try {
      await props.save(form.sheet, writes);
      setNotice({ intent: 'success', text: s.settings.saved });
      await reload();
    } catch (err) {
      setNotice({
        intent: 'error',
        text: s.settings.failed(err instanceof Error ? err.message : String(err)),
      });
    } finally {
      setSaving(false);
    }
  };

  const onCreate = async (): Promise<void> => {
    setSaving(true);
    try {
      setNotice(await props.createSheet());
      await reload();
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="settings-heading" data-testid="settings">
      <Text as="h2" id="settings-heading" size={400} weight="semibold">
        {s.settings.heading}
      </Text>
      <p className={styles.small}>{s.settings.intro}</p>
      {loading && !form && <Spinner size="tiny" label={s.settings.loading} />}
      {form && !form.sheet && (
        <div className={styles.form}>
          <p className={styles.small}>{s.settings.noSheet}</p>
          <div>
            <Button
              icon={<TableAdd20Regular aria-hidden="true" />}
              onClick={() => void onCreate()}
              disabled={props.disabled || saving}
              data-testid="settings-create"
            >
              {s.settings.create}
            </Button>
          </div>
          <InlineNotice notice={notice} />
        </div>
      )}
      {form && form.sheet && (
        <form className={styles.form} onSubmit={(e) => void onSubmit(e)} data-testid="settings-form">
          {form.protected && <p className={styles.small}>{s.settings.protectedSheet}</p>}
          {form.rows.map((row) => {
            const cause = row.cell !== null && props.invalidCells.has(row.cell);
            const err =
              errors[row.def.key] ??
              ((row.invalid || cause) && values[row.def.key] === row.text
                ? s.settings.invalidExisting(row.text)
                : undefined);
            const hint = row.cell === null ? s.settings.missingKey : defaultText(s, row);
            return (
              <Field
                key={row.def.key}
                label={settingLabel(s, row.def.key)}
                hint={hint}
                validationMessage={err}
                validationState={err ? 'error' : 'none'}
                data-key={row.def.key}
                data-cell={row.cell ?? undefined}
              >
                {/* No id of our own: Field ties its label, hint and message to the input it generates. */}
                <Input
                  type={row.def.kind === 'date' ? 'date' : 'text'}
                  inputMode={row.def.kind === 'date' ? undefined : 'decimal'}
                  value={values[row.def.key] ?? ''}
                  disabled={row.cell === null || props.disabled || saving || form.protected}
                  onChange={(_e, d) => setValues((v) => ({ ...v, [row.def.key]: d.value }))}
                />
              </Field>
            );
          })}
          <div className={styles.actions}>
            <Button
              type="submit"
              appearance="primary"
              icon={<Save20Regular aria-hidden="true" />}
              disabled={props.disabled || saving || form.protected}
              data-testid="settings-save"
            >
              {saving ? s.settings.saving : s.settings.save}
            </Button>
          </div>
          <InlineNotice notice={notice} />
        </form>
      )}
    </section>
  );
}
