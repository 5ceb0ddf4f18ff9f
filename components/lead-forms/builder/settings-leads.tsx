"use client";

import { lifecycleStageLabels } from "@/components/customers/form/labels";
import { NativeSelect } from "@/components/settings/native-select";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { lifecycleStages } from "@/db/schema/enum-values";
import type { LeadFormSettings } from "@/server/domain/lead-forms";
import { controlId } from "./builder-state";
import { controlProps, Labelled } from "./labelled";
import { intOf, ListInput, type SettingsSectionProps, SwitchRow, serr, sp } from "./settings-controls";

/** A member as the pickers list them. */
export interface MemberOption {
  userId: string;
  name: string | null;
  email: string;
}

const memberName = (m: MemberOption) => m.name || m.email;

/** A select of the business's members (or nobody). */
function MemberSelect({
  path,
  label,
  hint,
  error,
  value,
  members,
  none,
  onChange,
}: {
  path: string;
  label: string;
  hint?: string;
  error?: string;
  value: string | null | undefined;
  members: readonly MemberOption[];
  none: string;
  onChange: (userId: string | null) => void;
}) {
  return (
    <Labelled path={path} label={label} hint={hint} error={error}>
      <NativeSelect
        {...controlProps(path, error, !!hint)}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{none}</option>
        {members.map((m) => (
          <option key={m.userId} value={m.userId}>
            {memberName(m)}
          </option>
        ))}
      </NativeSelect>
    </Labelled>
  );
}

/** What a new lead gets (tags, stage, owner, default source) and what a returning one does. */
export function LeadSettings({
  settings,
  onChange,
  errors,
  members,
}: SettingsSectionProps & { members: readonly MemberOption[] }) {
  const lead = settings.leadDefaults;
  const setLead = (patch: Partial<LeadFormSettings["leadDefaults"]>) =>
    onChange({ ...settings, leadDefaults: { ...lead, ...patch } });
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <ListInput
        path={sp("leadDefaults.tags")}
        label="Tags"
        hint="Separated by commas, e.g. website, consultation."
        error={serr(errors, "leadDefaults.tags")}
        value={lead.tags}
        onChange={(tags) => setLead({ tags })}
      />
      <Labelled
        path={sp("leadDefaults.lifecycleStage")}
        label="Stage"
        error={serr(errors, "leadDefaults.lifecycleStage")}
      >
        <NativeSelect
          {...controlProps(sp("leadDefaults.lifecycleStage"), serr(errors, "leadDefaults.lifecycleStage"))}
          value={lead.lifecycleStage}
          onChange={(e) => setLead({ lifecycleStage: e.target.value as (typeof lifecycleStages)[number] })}
        >
          {lifecycleStages.map((s) => (
            <option key={s} value={s}>
              {lifecycleStageLabels[s]}
            </option>
          ))}
        </NativeSelect>
      </Labelled>
      <MemberSelect
        path={sp("leadDefaults.ownerId")}
        label="Owner"
        error={serr(errors, "leadDefaults.ownerId")}
        value={lead.ownerId}
        members={members}
        none="Nobody"
        onChange={(ownerId) => setLead({ ownerId })}
      />
      <Labelled
        path={sp("leadDefaults.source")}
        label="Source"
        hint="When the link carries no ?source= or utm_source."
        error={serr(errors, "leadDefaults.source")}
      >
        <Input
          {...controlProps(sp("leadDefaults.source"), serr(errors, "leadDefaults.source"), true)}
          value={lead.source ?? ""}
          maxLength={100}
          placeholder="Website form"
          onChange={(e) => setLead({ source: e.target.value || undefined })}
        />
      </Labelled>
      <fieldset className="grid gap-2 sm:col-span-2">
        <legend className="mb-1 text-sm font-medium">
          When someone already is a customer (same email or phone)
        </legend>
        {(
          [
            ["update", "Update the customer with the new answers"],
            ["keep", "Keep the customer as is; only add the submission to their timeline"],
          ] as const
        ).map(([policy, label]) => (
          <Label key={policy} htmlFor={controlId(sp(`duplicatePolicy.${policy}`))} className="font-normal">
            <input
              id={controlId(sp(`duplicatePolicy.${policy}`))}
              type="radio"
              name="lf-duplicate-policy"
              checked={settings.duplicatePolicy === policy}
              className="size-4 shrink-0 accent-primary"
              onChange={() => onChange({ ...settings, duplicatePolicy: policy })}
            />
            {label}
          </Label>
        ))}
      </fieldset>
    </div>
  );
}

/** Who hears of a submission, the thank-you email to the visitor, and the follow-up task. */
export function NotifySettings({
  settings,
  onChange,
  errors,
  members,
}: SettingsSectionProps & { members: readonly MemberOption[] }) {
  const { notify, autoReply, followUpTask: task } = settings;
  const setNotify = (patch: Partial<LeadFormSettings["notify"]>) =>
    onChange({ ...settings, notify: { ...notify, ...patch } });
  const setReply = (patch: Partial<LeadFormSettings["autoReply"]>) =>
    onChange({ ...settings, autoReply: { ...autoReply, ...patch } });
  const setTask = (patch: Partial<LeadFormSettings["followUpTask"]>) =>
    onChange({ ...settings, followUpTask: { ...task, ...patch } });
  const notifyError = serr(errors, "notify.userIds");
  return (
    <div className="grid gap-6">
      <fieldset
        id={controlId(sp("notify.userIds"))}
        tabIndex={-1}
        className="grid gap-2 outline-none"
        aria-describedby={notifyError ? `${controlId(sp("notify.userIds"))}-error` : undefined}
      >
        <legend className="mb-1 text-sm font-medium">Tell these members (email and in the app)</legend>
        {members.map((m) => {
          const id = `lf-notify-${m.userId}`;
          return (
            <div key={m.userId} className="flex items-center gap-2">
              <Checkbox
                id={id}
                checked={notify.userIds.includes(m.userId)}
                onCheckedChange={(on) =>
                  setNotify({
                    userIds: on
                      ? [...notify.userIds, m.userId]
                      : notify.userIds.filter((u) => u !== m.userId),
                  })
                }
              />
              <Label htmlFor={id} className="font-normal">
                {memberName(m)}
                {m.name ? <span className="text-muted-foreground">{m.email}</span> : null}
              </Label>
            </div>
          );
        })}
        {notifyError ? (
          <p id={`${controlId(sp("notify.userIds"))}-error`} className="text-sm font-medium text-destructive">
            {notifyError}
          </p>
        ) : null}
      </fieldset>
      <ListInput
        path={sp("notify.emails")}
        label="Also email"
        hint="Other addresses, separated by commas."
        error={serr(errors, "notify.emails")}
        value={notify.emails}
        placeholder="frontdesk@example.com"
        onChange={(emails) => setNotify({ emails })}
      />

      <div className="grid gap-4 rounded-lg border p-4">
        <SwitchRow
          path={sp("autoReply.enabled")}
          label="Send the visitor a thank-you email"
          hint="When the form has an email field. {{customer.firstName}} and the other template variables work."
          checked={autoReply.enabled}
          onCheckedChange={(enabled) => setReply({ enabled })}
        />
        {autoReply.enabled ? (
          <>
            <Labelled
              path={sp("autoReply.subject")}
              label="Subject"
              error={serr(errors, "autoReply.subject")}
            >
              <Input
                {...controlProps(sp("autoReply.subject"), serr(errors, "autoReply.subject"))}
                value={autoReply.subject}
                maxLength={200}
                onChange={(e) => setReply({ subject: e.target.value })}
              />
            </Labelled>
            <Labelled
              path={sp("autoReply.body")}
              label="Message"
              hint="Markdown: **bold**, lists and links."
              error={serr(errors, "autoReply.body")}
            >
              <Textarea
                {...controlProps(sp("autoReply.body"), serr(errors, "autoReply.body"), true)}
                rows={5}
                value={autoReply.body}
                maxLength={20_000}
                onChange={(e) => setReply({ body: e.target.value })}
              />
            </Labelled>
          </>
        ) : null}
      </div>

      <div className="grid gap-4 rounded-lg border p-4">
        <SwitchRow
          path={sp("followUpTask.enabled")}
          label="Create a follow-up task"
          checked={task.enabled}
          onCheckedChange={(enabled) => setTask({ enabled })}
        />
        {task.enabled ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Labelled
              path={sp("followUpTask.title")}
              label="Task"
              error={serr(errors, "followUpTask.title")}
              className="grid min-w-0 content-start gap-1.5 sm:col-span-2"
            >
              <Input
                {...controlProps(sp("followUpTask.title"), serr(errors, "followUpTask.title"))}
                value={task.title}
                maxLength={200}
                onChange={(e) => setTask({ title: e.target.value })}
              />
            </Labelled>
            <Labelled
              path={sp("followUpTask.dueInHours")}
              label="Due after (hours)"
              error={serr(errors, "followUpTask.dueInHours")}
            >
              <Input
                {...controlProps(sp("followUpTask.dueInHours"), serr(errors, "followUpTask.dueInHours"))}
                type="number"
                inputMode="numeric"
                min={0}
                value={task.dueInHours}
                onChange={(e) => setTask({ dueInHours: intOf(e.target.value) ?? 0 })}
              />
            </Labelled>
            <MemberSelect
              path={sp("followUpTask.assigneeId")}
              label="Assigned to"
              error={serr(errors, "followUpTask.assigneeId")}
              value={task.assigneeId}
              members={members}
              none="Nobody"
              onChange={(assigneeId) => setTask({ assigneeId })}
            />
          </div>
        ) : null}
      </div>
    </div>
  );
}
