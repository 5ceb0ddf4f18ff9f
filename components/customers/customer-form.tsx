"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Resolver, useForm } from "react-hook-form";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import {
  Form,
  FormControl,
  FormDescription,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import { customerFieldLabel } from "@/server/domain/customer-fields";
import {
  CUSTOMER_LIMITS,
  type CustomerOutput,
  consentChannels,
  createCustomerInput,
  lifecycleStageSchema,
} from "@/server/domain/customers";

import { CustomFieldInput, RequiredMark } from "./form/custom-field-input";
import type { CustomFieldDef } from "./form/custom-values";
import { defaultsOf, type FormValues, textKeys, toPayload } from "./form/form-values";
import { consentChannelLabels, lifecycleStageLabels } from "./form/labels";
import { TagInput } from "./form/tag-input";

export { type CustomFieldDef, currencyDigits, formatCustomValue } from "./form/custom-values";
export { consentChannelLabels, lifecycleStageLabels } from "./form/labels";

/** The length limit of a text input, where its field has one. */
const maxLengthOf = (name: string): number | undefined =>
  (CUSTOMER_LIMITS as Record<string, number | undefined>)[name];

export { TagInput } from "./form/tag-input";

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
            <Input maxLength={maxLengthOf(name)} {...props} {...field} />
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
          {textField("company", customerFieldLabel("company"))}
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
          {textField("source", customerFieldLabel("source"), {
            placeholder: "Walk-in, Instagram, referral…",
          })}
          <div className="grid grid-cols-2 gap-4 sm:col-span-1">
            {textField("dateOfBirth", "Date of birth", { type: "date" })}
            {textField("anniversary", "Anniversary", { type: "date" })}
          </div>
        </fieldset>

        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-1 text-sm font-semibold">Address</legend>
          {textField("addressLine1", customerFieldLabel("addressLine1"), { autoComplete: "off" })}
          {textField("addressLine2", customerFieldLabel("addressLine2"), { autoComplete: "off" })}
          {textField("city", customerFieldLabel("city"))}
          {textField("state", customerFieldLabel("state"))}
          {textField("postalCode", customerFieldLabel("postalCode"))}
          {textField("country", customerFieldLabel("country"))}
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
