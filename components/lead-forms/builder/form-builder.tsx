"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DoorClosedIcon, DoorOpenIcon, RocketIcon, SaveIcon, TriangleAlertIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useLeaveGuard } from "@/components/layout/use-leave-guard";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toast";
import { LEAD_FORM_NAME_MAX, type LeadFormOutput } from "@/server/domain/lead-form-contracts";
import type { MappableCustomField } from "@/server/domain/lead-form-mapping";
import { LEAD_FORM_LIMITS } from "@/server/domain/lead-forms";
import { AddFieldMenu } from "./add-field-menu";
import { BuilderPreview } from "./builder-preview";
import {
  type BuilderState,
  controlId,
  definitionErrors,
  definitionOf,
  firstFieldWithError,
  move,
  newCustomField,
  newField,
  newUid,
  previewDefinition,
  stateFrom,
} from "./builder-state";
import { FieldList } from "./field-list";
import { controlProps, Labelled } from "./labelled";
import { SettingsPanel, type SettingsTab, settingsTabOf } from "./settings-panel";
import { SharePanel } from "./share-panel";

type MainTab = "fields" | "settings" | "share" | "preview";

/** The element of the first of `paths` that exists, trying each path and then its parents. */
function elementFor(paths: string[]): HTMLElement | null {
  for (const path of paths) {
    const parts = path.split(".");
    while (parts.length) {
      const el = document.getElementById(controlId(parts.join(".")));
      if (el) return el;
      parts.pop();
    }
  }
  return null;
}

/**
 * The form builder: the fields (add any type or a custom field, edit, reorder by drag or keyboard,
 * remove), the settings, the share codes, and a live preview at phone and desktop width. "Save draft"
 * stores the draft (visitors keep the published version); "Publish" saves and makes it live as a new
 * version; "Close" / "Reopen" stop and restart submissions. Mistakes are checked with the server's schema
 * before sending and shown at their control (the tab and field that hold it open, and it takes focus),
 * as are the server's own. Leaving with unsaved changes asks first.
 */
export function FormBuilder({ formId, appUrl }: { formId: string; appUrl: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const ids = { businessId: business.id, formId };
  const formQuery = useQuery(trpc.leadForms.get.queryOptions(ids));
  const fieldsQuery = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const membersQuery = useQuery(trpc.members.list.queryOptions({ businessId: business.id }));
  const form = formQuery.data as LeadFormOutput | undefined;
  const customFields = useMemo<MappableCustomField[]>(
    () =>
      (fieldsQuery.data ?? []).map((f) => ({ key: f.key, label: f.label, type: f.type, options: f.options })),
    [fieldsQuery.data],
  );
  const members = membersQuery.data?.data ?? [];

  const [state, setState] = useState<BuilderState | null>(() =>
    form ? stateFrom(form.name, form.definition) : null,
  );
  const [saved, setSaved] = useState(() => (form ? JSON.stringify([form.name, form.definition]) : ""));
  useEffect(() => {
    if (!state && form) {
      setState(stateFrom(form.name, form.definition));
      setSaved(JSON.stringify([form.name, form.definition]));
    }
  }, [form, state]);
  const [tab, setTab] = useState<MainTab>("fields");
  const [settingsTab, setSettingsTab] = useState<SettingsTab>("texts");
  const [openUid, setOpenUid] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const focusAfter = useRef<string[] | null>(null);
  // The label of a field just added, focused once the "Add field" menu has closed.
  const addedFocus = useRef<string | null>(null);

  const dirty = state ? JSON.stringify([state.name, definitionOf(state)]) !== saved : false;
  useLeaveGuard(dirty, "This form has changes that are not saved. Leave without saving them?");

  const clientErrors = useMemo(() => (state && checked ? definitionErrors(state) : {}), [state, checked]);
  const errors = { ...clientErrors, ...serverErrors };

  // After errors show, open what holds the first one and focus its control.
  useEffect(() => {
    const paths = focusAfter.current;
    if (!paths) return;
    focusAfter.current = null;
    requestAnimationFrame(() => elementFor(paths)?.focus());
  });

  function reveal(errs: Record<string, string>) {
    const paths = Object.keys(errs);
    if (!paths.length || !state) return;
    const first = paths[0]!;
    const fieldIndex = firstFieldWithError(errs);
    if (first === "name") {
      setTab("settings");
    } else if (fieldIndex !== null) {
      setTab("fields");
      setOpenUid(state.items[fieldIndex]?.uid ?? null);
    } else if (first.startsWith("definition.settings.")) {
      setTab("settings");
      setSettingsTab(settingsTabOf(first));
    } else setTab("fields");
    const ordered =
      fieldIndex !== null ? paths.filter((p) => p.startsWith(`definition.fields.${fieldIndex}.`)) : paths;
    focusAfter.current = [...ordered, ...paths];
  }

  const update = (fn: (s: BuilderState) => BuilderState) => {
    setState((s) => (s ? fn(s) : s));
    setServerErrors({});
    setFormProblem(null);
  };

  const onSaved = (f: LeadFormOutput) => {
    queryClient.setQueryData(trpc.leadForms.get.queryKey(ids), f);
    setSaved(JSON.stringify([f.name, f.definition]));
    router.refresh();
  };
  const onFailed = (e: unknown) => {
    const fe = fieldErrorsOf(e);
    if (Object.keys(fe).length) {
      setServerErrors(fe);
      if (fe["definition.fields"]) setFormProblem(fe["definition.fields"]);
      reveal(fe);
    }
    toast.error(messageOf(e));
  };
  const save = useMutation(trpc.leadForms.update.mutationOptions());
  const publish = useMutation(trpc.leadForms.publish.mutationOptions());
  const close = useMutation(trpc.leadForms.close.mutationOptions());
  const reopen = useMutation(trpc.leadForms.reopen.mutationOptions());
  const busy = save.isPending || publish.isPending || close.isPending || reopen.isPending;

  /** Checks the draft and saves it when changed; false when it has mistakes or the save failed. */
  async function saveDraft(): Promise<boolean> {
    if (!state) return false;
    setChecked(true);
    const errs = definitionErrors(state);
    if (!state.name.trim()) errs.name = "Name the form.";
    if (Object.keys(errs).length) {
      reveal(errs);
      toast.error("Check the highlighted fields.");
      return false;
    }
    if (!dirty) return true;
    const sent = JSON.stringify([state.name, definitionOf(state)]);
    try {
      const f = await save.mutateAsync({ ...ids, name: state.name.trim(), definition: definitionOf(state) });
      onSaved(f);
      // Take the draft as the server stored it (trimmed texts, defaults), unless it was edited meanwhile.
      setState((s) =>
        s && JSON.stringify([s.name, definitionOf(s)]) === sent
          ? {
              name: f.name,
              settings: f.definition.settings,
              items: f.definition.fields.map((field, i) => ({ uid: s.items[i]?.uid ?? newUid(), field })),
            }
          : s,
      );
      return true;
    } catch (e) {
      onFailed(e);
      return false;
    }
  }

  if (formQuery.isError) {
    return (
      <Alert variant="destructive">
        <TriangleAlertIcon aria-hidden="true" />
        <AlertTitle>The form could not load</AlertTitle>
        <AlertDescription>{messageOf(formQuery.error)}</AlertDescription>
      </Alert>
    );
  }
  if (!state || !form) {
    return (
      <p role="status" className="text-sm text-muted-foreground">
        Loading the builder…
      </p>
    );
  }

  const country = business.country;
  const keys = state.items.map((i) => i.field.key);
  const addItem = (field: BuilderState["items"][number]["field"]) => {
    const uid = newUid();
    update((s) => ({ ...s, items: [...s.items, { uid, field }] }));
    setOpenUid(uid);
    addedFocus.current = `definition.fields.${state.items.length}.label`;
  };
  const preview = previewDefinition(state);

  return (
    <div className="grid min-w-0 gap-4">
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <p role="status" className="mr-auto text-sm text-muted-foreground">
          {dirty
            ? "Unsaved changes"
            : form.hasUnpublishedChanges
              ? "Saved; not published yet"
              : "All changes saved"}
        </p>
        <Button
          type="button"
          variant="outline"
          disabled={!dirty || busy}
          loading={save.isPending}
          onClick={() => void saveDraft().then((ok) => ok && toast.success("Draft saved"))}
        >
          <SaveIcon aria-hidden="true" />
          Save draft
        </Button>
        <Button
          type="button"
          disabled={busy}
          loading={publish.isPending}
          onClick={async () => {
            if (!(await saveDraft())) return;
            publish.mutate(ids, {
              onSuccess: (f) => {
                onSaved(f);
                toast.success(`Published: version ${f.publishedVersion?.version} is live`);
                setTab("share");
              },
              onError: onFailed,
            });
          }}
        >
          <RocketIcon aria-hidden="true" />
          {form.status === "draft" ? "Publish" : "Publish changes"}
        </Button>
        {form.status === "published" ? (
          <Button
            type="button"
            variant="outline"
            disabled={busy}
            loading={close.isPending}
            onClick={() =>
              close.mutate(ids, {
                onSuccess: (f) => {
                  onSaved(f);
                  toast.success("Closed: visitors are told the form is closed");
                },
                onError: onFailed,
              })
            }
          >
            <DoorClosedIcon aria-hidden="true" />
            Close
          </Button>
        ) : form.status === "closed" ? (
          <Button
            type="button"
            variant="outline"
            disabled={busy}
            loading={reopen.isPending}
            onClick={() =>
              reopen.mutate(ids, {
                onSuccess: (f) => {
                  onSaved(f);
                  toast.success("Reopened");
                },
                onError: onFailed,
              })
            }
          >
            <DoorOpenIcon aria-hidden="true" />
            Reopen
          </Button>
        ) : null}
      </div>
      {formProblem ? (
        <Alert variant="destructive">
          <TriangleAlertIcon aria-hidden="true" />
          <AlertTitle>It cannot be published yet</AlertTitle>
          <AlertDescription>{formProblem}</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)] xl:grid-cols-[minmax(0,1fr)_minmax(0,32rem)]">
        <Tabs value={tab} onValueChange={(v) => setTab(v as MainTab)} className="min-w-0">
          <TabsList aria-label="Builder">
            <TabsTrigger value="fields">Fields</TabsTrigger>
            <TabsTrigger value="settings">Settings</TabsTrigger>
            <TabsTrigger value="share">Share</TabsTrigger>
            <TabsTrigger value="preview" className="lg:hidden">
              Preview
            </TabsTrigger>
          </TabsList>
          <TabsContent value="fields" className="grid content-start gap-3 pt-2">
            {state.items.length === 0 ? (
              <p className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">
                No fields yet. Add one, and map one to the customer's name, email or phone.
              </p>
            ) : (
              <FieldList
                items={state.items}
                errors={errors}
                customFields={customFields}
                openUid={openUid}
                onOpen={setOpenUid}
                onChange={(uid, field) =>
                  update((s) => ({ ...s, items: s.items.map((i) => (i.uid === uid ? { ...i, field } : i)) }))
                }
                onMove={(from, to) => update((s) => ({ ...s, items: move(s.items, from, to) }))}
                onRemove={(uid) => update((s) => ({ ...s, items: s.items.filter((i) => i.uid !== uid) }))}
              />
            )}
            <AddFieldMenu
              customFields={customFields.filter(
                (c) => !state.items.some((i) => i.field.mapTo === `custom.${c.key}`),
              )}
              disabled={state.items.length >= LEAD_FORM_LIMITS.fields}
              onAdd={(type) => addItem(newField(type, keys, country))}
              onAddCustom={(c) => addItem(newCustomField(c, keys))}
              afterAdd={() => {
                const path = addedFocus.current;
                addedFocus.current = null;
                if (path) requestAnimationFrame(() => elementFor([path])?.focus());
              }}
            />
          </TabsContent>
          <TabsContent value="settings" className="grid content-start gap-4 pt-2">
            <Labelled
              path="name"
              label="Form name"
              hint="Only you see it; visitors see the title."
              error={errors.name}
            >
              <Input
                {...controlProps("name", errors.name, true)}
                value={state.name}
                maxLength={LEAD_FORM_NAME_MAX}
                onChange={(e) => update((s) => ({ ...s, name: e.target.value }))}
              />
            </Labelled>
            <SettingsPanel
              tab={settingsTab}
              onTabChange={setSettingsTab}
              settings={state.settings}
              onChange={(settings) => update((s) => ({ ...s, settings }))}
              errors={errors}
              members={members}
              timeZone={business.timeZone}
            />
          </TabsContent>
          <TabsContent value="share" className="pt-2">
            <SharePanel
              formId={formId}
              appUrl={appUrl}
              status={form.status}
              allowedDomains={state.settings.allowedDomains}
            />
          </TabsContent>
          <TabsContent value="preview" className="pt-2 lg:hidden">
            <BuilderPreview definition={preview} />
          </TabsContent>
        </Tabs>
        <aside aria-label="Preview" className="hidden min-w-0 lg:block">
          <div className="sticky top-4 grid gap-2">
            <h2 className="text-sm font-medium">Preview</h2>
            {tab === "preview" ? null : <BuilderPreview definition={preview} />}
          </div>
        </aside>
      </div>
    </div>
  );
}
