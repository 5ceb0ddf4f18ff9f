"use client";

import { createContext, useContext } from "react";
import type { BuilderAction } from "./builder-actions";
import type { FieldLookup, RowError } from "./builder-state";
import type { RuleField, RuleMember } from "./rule-fields";

/** What every group and condition of the rule builder reads: the fields, members, errors and `act`. */
export interface RuleBuilderContextValue {
  fields: readonly RuleField[];
  lookup: FieldLookup;
  members: readonly RuleMember[];
  /** Errors by row id (the server's, and unfinished rows once the user tried to save). */
  errors: Readonly<Record<string, RowError>>;
  /** Whether another condition (or a group with its first condition) still fits `SEGMENT_LIMITS.nodes`. */
  canAdd: { condition: boolean; group: boolean };
  /** Applies a change and moves focus where the user expects it next. */
  act: (action: BuilderAction) => void;
}

export const RuleBuilderContext = createContext<RuleBuilderContextValue | null>(null);

/** The rule builder's context. Throws outside `RuleBuilderContext` (a programming error). */
export function useRuleBuilder(): RuleBuilderContextValue {
  const value = useContext(RuleBuilderContext);
  if (!value) throw new Error("useRuleBuilder must be used inside the rule builder");
  return value;
}
