"use client";

import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { LeadFormSettings } from "@/server/domain/lead-forms";
import { LeadSettings, type MemberOption, NotifySettings } from "./settings-leads";
import { LimitSettings } from "./settings-limits";
import { LookSettings, SuccessSettings, TextsSettings } from "./settings-look";

/** The settings tabs, in order. */
export const settingsTabs = [
  { value: "texts", label: "Texts" },
  { value: "after", label: "After sending" },
  { value: "look", label: "Look" },
  { value: "leads", label: "New leads" },
  { value: "notify", label: "Notifications" },
  { value: "limits", label: "Limits" },
] as const;
export type SettingsTab = (typeof settingsTabs)[number]["value"];

/** The settings tab that holds the setting at `path` (`definition.settings.theme.radius` → look). */
export function settingsTabOf(path: string): SettingsTab {
  const name = path.replace(/^definition\.settings\./, "").split(".")[0] ?? "";
  if (name === "success") return "after";
  if (name === "theme") return "look";
  if (name === "leadDefaults" || name === "duplicatePolicy") return "leads";
  if (name === "notify" || name === "autoReply" || name === "followUpTask") return "notify";
  if (name === "limit" || name === "allowedDomains" || name === "minFillSeconds") return "limits";
  return "texts";
}

/**
 * A form's settings in tabs: texts and language, what happens after sending, the look, what a new lead
 * gets, who is told (and the thank-you email and follow-up task), and the limits and embedding sites.
 */
export function SettingsPanel({
  tab,
  onTabChange,
  settings,
  onChange,
  errors,
  members,
  timeZone,
}: {
  tab: SettingsTab;
  onTabChange: (tab: SettingsTab) => void;
  settings: LeadFormSettings;
  onChange: (settings: LeadFormSettings) => void;
  errors: Record<string, string>;
  members: readonly MemberOption[];
  timeZone: string;
}) {
  const props = { settings, onChange, errors };
  const hasError = (t: SettingsTab) =>
    Object.keys(errors).some((k) => k.startsWith("definition.settings.") && settingsTabOf(k) === t);
  return (
    <Tabs value={tab} onValueChange={(v) => onTabChange(v as SettingsTab)}>
      <TabsList aria-label="Settings" className="h-auto flex-wrap">
        {settingsTabs.map((t) => (
          <TabsTrigger key={t.value} value={t.value} className="h-8 flex-none">
            {t.label}
            {hasError(t.value) ? (
              <>
                <span aria-hidden="true" className="text-destructive">
                  •
                </span>
                <span className="sr-only">(has errors)</span>
              </>
            ) : null}
          </TabsTrigger>
        ))}
      </TabsList>
      <TabsContent value="texts" className="pt-2">
        <TextsSettings {...props} />
      </TabsContent>
      <TabsContent value="after" className="pt-2">
        <SuccessSettings {...props} />
      </TabsContent>
      <TabsContent value="look" className="pt-2">
        <LookSettings {...props} />
      </TabsContent>
      <TabsContent value="leads" className="pt-2">
        <LeadSettings {...props} members={members} />
      </TabsContent>
      <TabsContent value="notify" className="pt-2">
        <NotifySettings {...props} members={members} />
      </TabsContent>
      <TabsContent value="limits" className="pt-2">
        <LimitSettings {...props} timeZone={timeZone} />
      </TabsContent>
    </Tabs>
  );
}
