/** The one-line, tab-separated summary per file (SPEC §6.2) and the demo's table. */
import type { ResultJson } from '../sheets/result';

export function summaryLine(file: string, r: ResultJson): string {
  const st = { certified: 0, eligible: 0, 'in-progress': 0, 'no-records': 0 };
  for (const d of r.doctors) st[d.status]++;
  const rd = { ready: 0, 'action-needed': 0, reported: 0, 'out-of-scope': 0 };
  for (const c of r.clinics) rd[c.readiness]++;
  let e = 0;
  let w = 0;
  for (const i of r.issues) {
    if (i.severity === 'error') e++;
    else if (i.severity === 'warning') w++;
  }
  return [
    file,
    'OK',
    `医師 ${r.doctors.length}（修了証あり ${st.certified}／要件充足 ${st.eligible}／未充足 ${st['in-progress']}／記録なし ${st['no-records']}）`,
    `医療機関 ${r.clinics.length}（準備完了 ${rd.ready}／要対応 ${rd['action-needed']}／報告済 ${rd.reported}／対象外 ${rd['out-of-scope']}）`,
    `問題 エラー ${e}／警告 ${w}`,
  ].join('\t');
}

export const failLine = (file: string): string => `${file}\tNG`;
