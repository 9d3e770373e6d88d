/**
 * Who is on 要対応リスト (SPEC §5.3): the follow-up kind of a doctor, a pure rule over the engine's
 * status and shortfall. Facts only: the 区分 labels are in the sheets layer.
 */
import type { Status } from './types';

export type FollowUpKind = 'apply' | 'jitchiOnly' | 'zagakuOnly' | 'clinic';

/** The kinds in the order of SPEC §5.3 (also the sort order within a clinic). */
export const FOLLOW_UP_KINDS: readonly FollowUpKind[] = ['apply', 'jitchiOnly', 'zagakuOnly', 'clinic'];

/**
 * A doctor's kind, or null when the doctor is not on the list: eligible → apply (申請待ち); in
 * progress or without records, missing only 実地 → jitchiOnly; missing only 座学, at most
 * `nearZagaku` units → zagakuOnly (SPEC §5.3, 座学あと少しの閾値).
 */
export function followUpKindOf(
  status: Status,
  missingJ: number,
  missingZ: number,
  nearZagaku: number,
): FollowUpKind | null {
  if (status === 'eligible') return 'apply';
  if (status !== 'in-progress' && status !== 'no-records') return null;
  if (missingJ >= 1 && missingZ === 0) return 'jitchiOnly';
  if (missingJ === 0 && missingZ > 0 && missingZ <= nearZagaku) return 'zagakuOnly';
  return null;
}
