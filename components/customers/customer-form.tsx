"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { XIcon } from "lucide-react";
import { type KeyboardEvent, useId, useState } from "react";
import { type Resolver, useForm } from "react-hook-form";
import { toast } from "sonner";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Form,
  FormControl,
  FormDescription,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from "@/components/ui/form";
import { fieldClassName, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/components/ui/utils";
import type { CustomFieldType } from "@/server/domain/custom-fields";
import {
  type ConsentChannel,
  CUSTOMER_LIMITS,
  type CustomerOutput,
  consentChannels,
  createCustomerInput,
  type LifecycleStage,
  lifecycleStageSchema,
  normalizeTags,
} from "@/server/domain/customers";
import { formatPhone } from "@/server/domain/phone";

export const lifecycleStageLabels: Record<LifecycleStage, string> = {
  lead: "Lead",
  prospect: "Prospect",
  customer: "Customer",
  churned: "Churned",
};

export const consentChannelLabels: Record<ConsentChannel, string> = {
  email: "Email",
  whatsapp: "WhatsApp",
  sms: "SMS",
};

/** A custom field definition as `customFields.list` returns it. */
export interface CustomFieldDef {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
}

/** Digits after the decimal point of an ISO 4217 currency (INR 2, JPY 0). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

/** A stored custom value as text for display (currency in major units, booleans as Yes/No). */
export function formatCustomValue(field: CustomFieldDef, value: unknown, currency: string): string {
  if (value === null || value === undefined || value === "") return "";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (field.type === "currency" && typeof value === "number") {
    const digits = currencyDigits(currency);
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency }).format(value / 10 ** digits);
    } catch {
      return (value / 10 ** digits).toFixed(digits);
    }
  }
  return String(value);
}

// ---------------------------------------------------------------------------------------------------
// Tag input

/**
 * A token input for tags: type and press Enter or comma to add; Backspace in the empty box removes the
 * last tag; each tag has a remove button. Pasted "a, b" becomes two tags.
 */
export function TagInput({
  value,
  onChange,
  id,
  placeholder = "Add a tag",
  suggestions,
  invalid,
  describedBy,
  className,
}: {
  value: string[];
  onChange: (tags: string[]) => void;
  id?: string;
  placeholder?: string;
  suggestions?: string[];
  invalid?: boolean;
  describedBy?: string;
  className?: string;
}) {
  const [draft, setDraft] = useState("");
  const listId = useId();

  function commit(text: string) {
    const parts = text
      .split(",")
      .map((t) => t.trim().slice(0, CUSTOMER_LIMITS.tag))
      .filter(Boolean);
    if (parts.length) onChange(normalizeTags([...value, ...parts]).slice(0, CUSTOMER_LIMITS.tags));
    setDraft("");
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" || e.key === ",") {
      if (draft.trim()) {
        e.preventDefault();
        commit(draft);
      } else if (e.key === ",") e.preventDefault();
    } else if (e.key === "Backspace" && !draft && value.length) {
      onChange(value.slice(0, -1));
    }
  }

  return (
    <div
      className={cn(
        fieldClassName,
        "flex min-h-9 flex-wrap items-center gap-1.5 px-2 py-1.5 focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/40",
        invalid && "border-destructive",
        className,
      )}
    >
      {value.map((tag) => (
        <Badge key={tag} variant="secondary" className="max-w-full gap-1 pr-1">
          <span className="truncate">{tag}</span>
          <button
            type="button"
            className="rounded-sm p-0.5 outline-none hover:bg-foreground/10 focus-visible:ring-2 focus-visible:ring-ring"
            aria-label={`Remove tag ${tag}`}
            onClick={() => onChange(value.filter((t) => t !== tag))}
          >
            <XIcon className="size-3" aria-hidden="true" />
          </button>
        </Badge>
      ))}
      <input
        id={id}
        value={draft}
        onChange={(e) => {
          const v = e.target.value;
          if (v.includes(",")) commit(v);
          else setDraft(v);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => draft.trim() && commit(draft)}
        placeholder={value.length ? "" : placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        list={suggestions?.length ? listId : undefined}
        enterKeyHint="done"
        className="min-w-24 flex-1 bg-transparent px-1 text-base outline-none placeholder:text-muted-foreground md:text-sm"
      />
      {suggestions?.length ? (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// The form

type ConsentState = "unknown" | "granted" | "denied";

interface FormValues {
  name: string;
  email: string;
  phone: string;
  whatsapp: string;
  company: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  source: string;
  tags: string[];
  dateOfBirth: string;
  anniversary: string;
  lifecycleStage: LifecycleStage;
  ownerId: string;
  consent: Record<ConsentChannel, { state: ConsentState; source: string }>;
  customFields: Record<string, string | boolean | string[]>;
}

const textKeys = [
  "name",
  "email",
  "phone",
  "whatsapp",
  "company",
  "addressLine1",
  "addressLine2",
  "city",
  "state",
  "postalCode",
  "country",
  "source",
  "dateOfBirth",
  "anniversary",
] as const;

function customToForm(field: CustomFieldDef, value: unknown, currency: string): string | boolean | string[] {
  if (field.type === "multi_select") return Array.isArray(value) ? value.map(String) : [];
  if (field.type === "boolean") return value === true ? "true" : value === false ? "false" : "";
  if (value === null || value === undefined) return "";
  if (field.type === "currency" && typeof value === "number") {
    const d = currencyDigits(currency);
    return (value / 10 ** d).toFixed(d);
  }
  return String(value);
}

function defaultsOf(
  customer: CustomerOutput | undefined,
  fields: CustomFieldDef[],
  country: string,
  currency: string,
): FormValues {
  const consentOf = (ch: ConsentChannel) => {
    const c = customer?.consent[ch];
    return {
      state: (c?.granted === true ? "granted" : c?.granted === false ? "denied" : "unknown") as ConsentState,
      source: c?.source ?? "",
    };
  };
  return {
    name: customer?.name ?? "",
    email: customer?.email ?? "",
    phone: formatPhone(customer?.phone, country),
    whatsapp: formatPhone(customer?.whatsapp, country),
    company: customer?.company ?? "",
    addressLine1: customer?.addressLine1 ?? "",
    addressLine2: customer?.addressLine2 ?? "",
    city: customer?.city ?? "",
    state: customer?.state ?? "",
    postalCode: customer?.postalCode ?? "",
    country: customer?.country ?? "",
    source: customer?.source ?? "",
    tags: customer?.tags ?? [],
    dateOfBirth: customer?.dateOfBirth ?? "",
    anniversary: customer?.anniversary ?? "",
    lifecycleStage: customer?.lifecycleStage ?? "lead",
    ownerId: customer?.ownerId ?? "",
    consent: { email: consentOf("email"), whatsapp: consentOf("whatsapp"), sms: consentOf("sms") },
    customFields: Object.fromEntries(
      fields.map((f) => [f.key, customToForm(f, customer?.customFields[f.key], currency)]),
    ),
  };
}

/** The values as the API takes them. `initial` (editing) limits consent to the channels that changed. */
function toPayload(v: FormValues, fields: CustomFieldDef[], initial: FormValues | null) {
  const text = Object.fromEntries(textKeys.map((k) => [k, v[k].trim()])) as Record<
    (typeof textKeys)[number],
    string
  >;
  const consent: Record<string, { granted: boolean; source: string | null } | null> = {};
  for (const ch of consentChannels) {
    const now = v.consent[ch];
    const before = initial?.consent[ch];
    if (before && before.state === now.state && before.source.trim() === now.source.trim()) continue;
    if (now.state === "unknown") {
      if (before && before.state !== "unknown") consent[ch] = null;
      continue;
    }
    consent[ch] = { granted: now.state === "granted", source: now.source.trim() || null };
  }
  const custom: Record<string, string | boolean | string[] | null> = {};
  for (const f of fields) {
    const raw = v.customFields[f.key];
    let value: string | boolean | string[] | null;
    if (f.type === "boolean") value = raw === "true" ? true : raw === "false" ? false : null;
    else if (Array.isArray(raw)) value = raw.length ? raw : null;
    else value = typeof raw === "string" && raw.trim() ? raw.trim() : null;
    if (value === null && !initial) continue;
    custom[f.key] = value;
  }
  return {
    ...text,
    tags: v.tags,
    lifecycleStage: v.lifecycleStage,
    ownerId: v.ownerId || null,
    ...(Object.keys(consent).length ? { consent } : {}),
    customFields: custom,
  };
}

/**
 * Create or edit a customer. Phones may be typed in any format: the server normalises them to E.164 with
 * the business's country and answers field errors, shown under each field. Custom fields come from
 * `customFields.list`, rendered by type with required markers. `customer` switches to editing.
 */
export function CustomerForm({
  customer,
  onSaved,
  onCancel,
  className,
}: {
  customer?: CustomerOutput;
  onSaved?: (customer: CustomerOutput) => void;
  onCancel?: () => void;
  className?: string;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const fieldsQuery = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  if (fieldsQuery.isPending) {
    return (
      <div className="grid gap-3 p-1" aria-busy="true">
        <span className="sr-only" role="status">
          Loading the form
        </span>
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="h-9 animate-pulse rounded-md bg-muted" />
        ))}
      </div>
    );
  }
  return (
    <CustomerFormInner
      key={customer?.id ?? "new"}
      customer={customer}
      fields={(fieldsQuery.data ?? []) as CustomFieldDef[]}
      onSaved={onSaved}
      onCancel={onCancel}
      className={className}
    />
  );
}

function CustomerFormInner({
  customer,
  fields,
  onSaved,
  onCancel,
  className,
}: {
  customer?: CustomerOutput;
  fields: CustomFieldDef[];
  onSaved?: (customer: CustomerOutput) => void;
  onCancel?: () => void;
  className?: string;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions({ businessId: business.id }));
  const [initial] = useState(() => defaultsOf(customer, fields, business.country, business.currency));

  const resolver: Resolver<FormValues> = async (values) => {
    const errors: Record<string, { type: string; message: string }> = {};
    const parsed = createCustomerInput.safeParse(toPayload(values, [], null));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join(".");
        if (path && !errors[path]) errors[path] = { type: "validate", message: issue.message };
      }
    }
    for (const f of fields) {
      const raw = values.customFields[f.key];
      const empty = Array.isArray(raw) ? !raw.length : typeof raw === "string" ? !raw.trim() : false;
      if (f.required && empty) {
        errors[`customFields.${f.key}`] = { type: "required", message: `${f.label} is required.` };
      }
    }
    if (Object.keys(errors).length) {
      // react-hook-form reads nested paths from a nested object.
      const nested: Record<string, unknown> = {};
      for (const [path, err] of Object.entries(errors)) {
        const parts = path.split(".");
        let node = nested;
        for (const p of parts.slice(0, -1)) {
          node[p] ??= {};
          node = node[p] as Record<string, unknown>;
        }
        node[parts.at(-1) as string] = err;
      }
      return { values: {}, errors: nested as never };
    }
    return { values, errors: {} };
  };

  const form = useForm<FormValues>({ resolver, defaultValues: initial, mode: "onSubmit" });

  const onError = (error: unknown) => {
    const fieldErrors = fieldErrorsOf(error);
    let focused = false;
    const known = new Set<string>([
      ...textKeys,
      "tags",
      "lifecycleStage",
      "ownerId",
      ...fields.map((f) => `customFields.${f.key}`),
      ...consentChannels.map((c) => `consent.${c}.source`),
    ]);
    for (const [path, message] of Object.entries(fieldErrors)) {
      const name = known.has(path)
        ? path
        : path.startsWith("consent.")
          ? `consent.${path.split(".")[1]}.source`
          : path.startsWith("tags")
            ? "tags"
            : null;
      if (!name || !known.has(name)) continue;
      form.setError(name as never, { type: "server", message }, { shouldFocus: !focused });
      focused = true;
    }
    if (!focused) toast.error(messageOf(error));
    else toast.error("Check the highlighted fields.");
  };

  const onSuccess = (saved: CustomerOutput) => {
    toast.success(customer ? "Customer saved" : `${saved.name} added`);
    void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.customers.get.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.customers.timeline.pathKey() });
    onSaved?.(saved);
  };

  const create = useMutation(trpc.customers.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.customers.update.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  function submit(values: FormValues) {
    const payload = toPayload(values, fields, customer ? initial : null);
    if (customer) update.mutate({ businessId: business.id, customerId: customer.id, ...payload });
    else create.mutate({ businessId: business.id, ...payload });
  }

  const textField = (
    name: (typeof textKeys)[number],
    label: string,
    props: React.ComponentProps<typeof Input> = {},
    description?: string,
  ) => (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>
            {label}
            {name === "name" ? <RequiredMark /> : null}
          </FormLabel>
          <FormControl>
            <Input {...props} {...field} />
          </FormControl>
          {description ? <FormDescription>{description}</FormDescription> : null}
          <FormMessage />
        </FormItem>
      )}
    />
  );

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(submit)} noValidate className={cn("grid gap-6", className)}>
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="sr-only">Contact</legend>
          <div className="sm:col-span-2">
            {textField("name", "Name", { autoComplete: "off", maxLength: CUSTOMER_LIMITS.name })}
          </div>
          {textField("email", "Email", { type: "email", inputMode: "email", autoComplete: "off" })}
          {textField("company", "Company", { maxLength: CUSTOMER_LIMITS.company })}
          {textField(
            "phone",
            "Phone",
            { type: "tel", inputMode: "tel", autoComplete: "off" },
            `Any format; numbers without a country code are read as ${business.country}.`,
          )}
          {textField("whatsapp", "WhatsApp", { type: "tel", inputMode: "tel", autoComplete: "off" })}
        </fieldset>

        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="sr-only">Details</legend>
          <FormField
            control={form.control}
            name="tags"
            render={({ field, fieldState }) => (
              <FormItem className="sm:col-span-2">
                <FormLabel>Tags</FormLabel>
                <FormControl>
                  <TagInput
                    value={field.value}
                    onChange={field.onChange}
                    invalid={!!fieldState.error}
                    placeholder="Type a tag and press Enter"
                  />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="lifecycleStage"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Lifecycle stage</FormLabel>
                <FormControl>
                  <NativeSelect {...field}>
                    {lifecycleStageSchema.options.map((s) => (
                      <option key={s} value={s}>
                        {lifecycleStageLabels[s]}
                      </option>
                    ))}
                  </NativeSelect>
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="ownerId"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Owner</FormLabel>
                <FormControl>
                  <NativeSelect {...field} disabled={members.isPending}>
                    <option value="">Unassigned</option>
                    {(members.data?.data ?? []).map((m) => (
                      <option key={m.userId} value={m.userId}>
                        {m.name?.trim() || m.email}
                      </option>
                    ))}
                  </NativeSelect>
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          {textField("source", "Source", { placeholder: "Walk-in, Instagram, referral…" })}
          <div className="grid grid-cols-2 gap-4 sm:col-span-1">
            {textField("dateOfBirth", "Date of birth", { type: "date" })}
            {textField("anniversary", "Anniversary", { type: "date" })}
          </div>
        </fieldset>

        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-1 text-sm font-semibold">Address</legend>
          {textField("addressLine1", "Address line 1", { autoComplete: "off" })}
          {textField("addressLine2", "Address line 2", { autoComplete: "off" })}
          {textField("city", "City")}
          {textField("state", "State / province")}
          {textField("postalCode", "Postal code")}
          {textField("country", "Country")}
        </fieldset>

        <fieldset className="grid gap-3">
          <legend className="mb-1 text-sm font-semibold">Consent to be contacted</legend>
          {consentChannels.map((ch) => (
            <div key={ch} className="grid gap-2 sm:grid-cols-[8rem_10rem_1fr] sm:items-start">
              <span className="pt-2 text-sm font-medium" id={`consent-${ch}-label`}>
                {consentChannelLabels[ch]}
              </span>
              <FormField
                control={form.control}
                name={`consent.${ch}.state`}
                render={({ field }) => (
                  <FormItem>
                    <FormControl>
                      <NativeSelect {...field} aria-label={`${consentChannelLabels[ch]} consent`}>
                        <option value="unknown">Not asked</option>
                        <option value="granted">Agreed</option>
                        <option value="denied">Declined</option>
                      </NativeSelect>
                    </FormControl>
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name={`consent.${ch}.source`}
                render={({ field }) => (
                  <FormItem>
                    <FormControl>
                      <Input
                        {...field}
                        aria-label={`${consentChannelLabels[ch]} consent source`}
                        placeholder="How: in store, web form…"
                        maxLength={CUSTOMER_LIMITS.consentSource}
                      />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
          ))}
        </fieldset>

        {fields.length ? (
          <fieldset className="grid gap-4 sm:grid-cols-2">
            <legend className="mb-1 text-sm font-semibold">More details</legend>
            {fields.map((f) => (
              <CustomFieldInput key={f.id} field={f} control={form.control} currency={business.currency} />
            ))}
          </fieldset>
        ) : null}

        <div className="sticky bottom-0 -mx-1 flex flex-row justify-end gap-2 border-t bg-background px-1 py-3">
          {onCancel ? (
            <Button type="button" variant="outline" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" loading={pending}>
            Save customer
          </Button>
        </div>
      </form>
    </Form>
  );
}

function RequiredMark() {
  return (
    <span className="text-destructive" aria-hidden="true">
      {" "}
      *
    </span>
  );
}

function CustomFieldInput({
  field: def,
  control,
  currency,
}: {
  field: CustomFieldDef;
  control: ReturnType<typeof useForm<FormValues>>["control"];
  currency: string;
}) {
  const name = `customFields.${def.key}` as const;
  const label = (
    <>
      {def.label}
      {def.required ? <RequiredMark /> : null}
      {def.required ? <span className="sr-only"> (required)</span> : null}
    </>
  );
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => {
        const value = field.value;
        if (def.type === "multi_select") {
          const selected = Array.isArray(value) ? value : [];
          return (
            <FormItem className="sm:col-span-2">
              <fieldset className="grid gap-2">
                <legend className="text-sm font-medium">{label}</legend>
                <div className="flex flex-wrap gap-x-4 gap-y-2">
                  {def.options.map((opt) => {
                    const id = `cf-${def.key}-${opt}`;
                    return (
                      <div key={opt} className="flex items-center gap-2">
                        <Checkbox
                          id={id}
                          checked={selected.includes(opt)}
                          onCheckedChange={(c) =>
                            field.onChange(c ? [...selected, opt] : selected.filter((s) => s !== opt))
                          }
                        />
                        <Label htmlFor={id} className="font-normal">
                          {opt}
                        </Label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
              <FormMessage />
            </FormItem>
          );
        }
        const str = typeof value === "string" ? value : "";
        let control: React.ReactNode;
        switch (def.type) {
          case "long_text":
            control = <Textarea {...field} value={str} />;
            break;
          case "boolean":
            control = (
              <NativeSelect {...field} value={str}>
                <option value="">Not set</option>
                <option value="true">Yes</option>
                <option value="false">No</option>
              </NativeSelect>
            );
            break;
          case "single_select":
            control = (
              <NativeSelect {...field} value={str}>
                <option value="">Choose…</option>
                {def.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </NativeSelect>
            );
            break;
          default: {
            const typeProps: React.ComponentProps<typeof Input> =
              def.type === "number"
                ? { inputMode: "decimal" }
                : def.type === "currency"
                  ? { inputMode: "decimal", placeholder: `Amount in ${currency}` }
                  : def.type === "date"
                    ? { type: "date" }
                    : def.type === "url"
                      ? { type: "url", inputMode: "url", placeholder: "https://" }
                      : def.type === "email"
                        ? { type: "email", inputMode: "email" }
                        : def.type === "phone"
                          ? { type: "tel", inputMode: "tel" }
                          : {};
            control = <Input {...typeProps} {...field} value={str} />;
          }
        }
        return (
          <FormItem className={def.type === "long_text" ? "sm:col-span-2" : undefined}>
            <FormLabel>{label}</FormLabel>
            <FormControl>{control}</FormControl>
            <FormMessage />
          </FormItem>
        );
      }}
    />
  );
}
