/**
 * The settings form (SPEC §2.5, §6.1): one field per known 設定 key; saving writes only the 値
 * cells of known keys that changed. Keys without a row on 設定 are shown read-only.
 */
import { useCallback, useState, type FormEvent, type ReactElement } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Field,
  Input,
  Spinner,
  Text,
  makeStyles,
  tokens,
  type AccordionToggleEventHandler,
} from '@fluentui/react-components';
import { Save20Regular, TableAdd20Regular } from '@fluentui/react-icons';
import { settingLabel } from '../../strings/ui';
import { useStrings } from '../i18n';
import { parseSettingInput, type SettingRow, type SettingsForm, type SettingWrite } from '../office-ops';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: '10px' },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: '2px 0' },
});

export interface SettingsPanelProps {
  load: () => Promise<SettingsForm>;
  save: (sheet: string, writes: SettingWrite[]) => Promise<void>;
  createSheet: () => Promise<void>;
  /** Messages go to the pane's status area. */
  announce: (text: string, intent: 'success' | 'error' | 'info') => void;
  disabled: boolean;
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

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const f = await props.load();
      setForm(f);
      setValues(Object.fromEntries(f.rows.map((r) => [r.def.key, r.text])));
      setErrors({});
    } catch (e) {
      props.announce(s.settings.failed(e instanceof Error ? e.message : String(e)), 'error');
    } finally {
      setLoading(false);
    }
  }, [props, s]);

  const onToggle: AccordionToggleEventHandler<string> = (_e, data) => {
    if (data.openItems.includes('settings')) void reload();
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!form || !form.sheet) return;
    const errs: Record<string, string> = {};
    const writes: SettingWrite[] = [];
    for (const row of form.rows) {
      if (row.cell === null) continue;
      const text = values[row.def.key] ?? '';
      if (text === row.text && !row.invalid) continue;
      const p = parseSettingInput(row.def, text);
      if (!p.ok) {
        errs[row.def.key] = s.settings.errors[p.error];
        continue;
      }
      writes.push({ cell: row.cell, value: p.value, date: row.def.kind === 'date' });
    }
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    setSaving(true);
    try {
      await props.save(form.sheet, writes);
      props.announce(s.settings.saved, 'success');
      await reload();
    } catch (err) {
      props.announce(s.settings.failed(err instanceof Error ? err.message : String(err)), 'error');
    } finally {
      setSaving(false);
    }
  };

  const onCreate = async (): Promise<void> => {
    setSaving(true);
    try {
      await props.createSheet();
      await reload();
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="settings-heading">
      <Accordion collapsible onToggle={onToggle}>
        <AccordionItem value="settings">
          <AccordionHeader as="h2" id="settings-heading">
            <Text size={400} weight="semibold">
              {s.settings.heading}
            </Text>
          </AccordionHeader>
          <AccordionPanel>
            <p className={styles.small}>{s.settings.intro}</p>
            {loading && <Spinner size="tiny" label={s.settings.loading} />}
            {form && !form.sheet && (
              <>
                <p className={styles.small}>{s.settings.noSheet}</p>
                <Button
                  icon={<TableAdd20Regular aria-hidden="true" />}
                  onClick={() => void onCreate()}
                  disabled={props.disabled || saving}
                >
                  {s.settings.create}
                </Button>
              </>
            )}
            {form && form.sheet && (
              <form className={styles.form} onSubmit={(e) => void onSubmit(e)} data-testid="settings-form">
                {form.protected && <p className={styles.small}>{s.settings.protectedSheet}</p>}
                {form.rows.map((row) => {
                  const id = `setting-${row.def.prop}`;
                  const err =
                    errors[row.def.key] ??
                    (row.invalid && values[row.def.key] === row.text
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
                    >
                      <Input
                        id={id}
                        type={row.def.kind === 'date' ? 'date' : 'text'}
                        inputMode={row.def.kind === 'date' ? undefined : 'decimal'}
                        value={values[row.def.key] ?? ''}
                        disabled={row.cell === null || props.disabled || saving || form.protected}
                        onChange={(_e, d) => setValues((v) => ({ ...v, [row.def.key]: d.value }))}
                      />
                    </Field>
                  );
                })}
                <div>
                  <Button
                    type="submit"
                    appearance="primary"
                    icon={<Save20Regular aria-hidden="true" />}
                    disabled={props.disabled || saving || form.protected}
                  >
                    {saving ? s.settings.saving : s.settings.save}
                  </Button>
                </div>
              </form>
            )}
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </section>
  );
}
