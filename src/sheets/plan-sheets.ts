/**
 * The owned summary sheets of the plan (SPEC §5.3, Appendix C) in the canonical order. Each
 * builder is pure and takes the engine's result; the writers only apply what is described here.
 */
import { runSteps, type Steps } from '../domain/steps';
import type { SheetContext } from './plan-context';
import { districtSheet } from './plan-district';
import { followUpSheetSteps } from './plan-follow-up';
import { historySheet } from './plan-history';
import { meetingSheet } from './plan-meeting';
import type { SheetPlan } from './plan-types';

/** The owned sheets in the canonical order (SPEC §5.1.7). */
export function ownedSheetPlans(ctx: SheetContext): SheetPlan[] {
  return runSteps(ownedSheetPlansSteps(ctx));
}

/** ownedSheetPlans as a computation that yields between sheets and row blocks (see domain/steps.ts). */
export function* ownedSheetPlansSteps(ctx: SheetContext): Steps<SheetPlan[]> {
  const district = districtSheet(ctx.engine);
  yield;
  const meeting = meetingSheet(ctx);
  yield;
  const followUp = yield* followUpSheetSteps(ctx);
  yield;
  return [district, meeting, followUp, ctx.inputCheck, historySheet(ctx)];
}
