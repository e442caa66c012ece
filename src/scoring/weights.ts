import type { Risk } from "../checks/types.js";

/** Scorecard's risk weights. */
export const RISK_WEIGHT: Record<Risk, number> = { critical: 10, high: 7.5, medium: 5, low: 2.5 };
