/**
 * 最小公表人数 (SPEC §3.7): rates of a group of fewer doctors than the threshold are not
 * published (会議資料 shows 「－」 and leaves the chart's bar out). A pure rule: a fact, no text.
 */

/** True when the rates of a group of `doctors` doctors must not be shown (0 = always shown). */
export function ratesSuppressed(doctors: number, minPublishCount: number): boolean {
  return minPublishCount > 0 && doctors < minPublishCount;
}
