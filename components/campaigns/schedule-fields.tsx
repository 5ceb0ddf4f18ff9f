"use client";

import { Input } from "@/components/ui/input";
import { zoneLabel } from "./campaign-display";
import type { CampaignFormState } from "./campaign-form-state";
import { ChoiceCards } from "./choice-cards";
import { describedBy, fieldId } from "./form-field";

/**
 * The campaign form's "When" step: send now, or a date and a time in the business's time zone
 * (`timeZone`, shown with its offset); `error` is the schedule's error.
 */
export function ScheduleFields({
  state,
  set,
  error,
  timeZone,
}: {
  state: CampaignFormState;
  set: (patch: Partial<CampaignFormState>) => void;
  error: string | undefined;
  timeZone: string;
}) {
  return (
    <>
      <ChoiceCards
        name="campaign-when"
        legend="Send"
        value={state.when}
        onChange={(when) => set({ when })}
        columns={2}
        options={[
          { value: "now", label: "Send now", description: "When you press Send after the review." },
          { value: "later", label: "Schedule", description: "At a date and time you pick." },
        ]}
      />
      {state.when === "later" ? (
        <fieldset className="grid min-w-0 gap-2" aria-describedby={describedBy("schedule", true, error)}>
          <legend className="mb-2 text-sm font-medium">Date and time</legend>
          <div className="flex min-w-0 flex-wrap gap-2">
            <Input
              id={fieldId("day")}
              type="date"
              aria-label="Date"
              value={state.day}
              onChange={(e) => set({ day: e.target.value })}
              aria-invalid={!!error}
              className="w-44 max-w-full"
            />
            <Input
              id={fieldId("time")}
              type="time"
              aria-label="Time"
              value={state.time}
              onChange={(e) => set({ time: e.target.value })}
              aria-invalid={!!error}
              className="w-32 max-w-full"
            />
          </div>
          <p id={`${fieldId("schedule")}-hint`} className="text-sm text-muted-foreground">
            In the business's time zone: {zoneLabel(timeZone)}.
          </p>
          {error ? (
            <p id={`${fieldId("schedule")}-error`} className="text-sm font-medium text-destructive">
              {error}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </>
  );
}
