/** Reverse maps from the fixed texts written in owned cells back to enumerations (previous run). */
import type { Readiness, Status } from '../domain/types';
import { READINESS_LABELS, STATUS_LABELS } from '../strings/texts';

export const STATUS_LABEL_TO_STATUS = new Map<string, Status>(
  (Object.entries(STATUS_LABELS) as [Status, string][]).map(([k, v]) => [v, k]),
);
export const READINESS_LABEL_TO_READINESS = new Map<string, Readiness>(
  (Object.entries(READINESS_LABELS) as [Readiness, string][]).map(([k, v]) => [v, k]),
);
