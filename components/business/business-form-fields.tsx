"use client";

/*
 * Why one file: the business form's fields (name, web address with its live availability check,
 * category, country with the time zone and currency it implies, phones) are shared by the create page
 * and Settings; their defaults depend on each other, so they stay in one component.
 */

import { useQuery } from "@tanstack/react-query";
import { CircleCheckIcon, CircleXIcon } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { type Path, type UseFormReturn, useFormContext, useWatch } from "react-hook-form";
import type { z } from "zod";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Checkbox } from "@/components/ui/checkbox";
import {
  FormControl,
  FormDescription,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/components/ui/utils";
import {
  businessCategories,
  businessCategoryLabels,
  type createBusinessInput,
  slugSchema,
} from "@/server/domain/business";
import {
  currencyForCountry,
  type LocaleOptions,
  slugify,
  zoneForCountry,
  zoneIsInCountry,
} from "./locale-options";

/** What the business form holds (create and edit share it; edit sends only what changed). */
export type BusinessFormValues = z.input<typeof createBusinessInput>;

/** Form fields the server may report errors for, in form order. */
export const businessFormFields = [
  "name",
  "slug",
  "category",
  "description",
  "phone",
  "whatsappNumber",
  "country",
  "timeZone",
  "currency",
] as const satisfies readonly Path<BusinessFormValues>[];

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** A random suffix for names that give no Latin slug (e.g. Persian or Hindi names). */
function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 7);
}

/**
 * Keeps the web address (slug) following the name until the user edits it. Names without Latin
 * letters get `business-xxxxx`, which the user can change.
 */
export function useSlugFromName<TOut>(
  form: UseFormReturn<BusinessFormValues, unknown, TOut>,
  enabled: boolean,
) {
  const { control, setValue, getValues } = form;
  const name = useWatch({ control, name: "name" });
  const [suffix] = useState(randomSuffix);
  useEffect(() => {
    if (!enabled) return;
    const derived = name?.trim() ? slugify(name) : "";
    const slug = derived.length >= 3 ? derived : name?.trim() ? `business-${suffix}` : "";
    if (getValues("slug") !== slug) setValue("slug", slug, { shouldDirty: true });
  }, [enabled, name, suffix, setValue, getValues]);
}

function SlugStatus({ slug, currentSlug }: { slug: string; currentSlug?: string }) {
  const trpc = useTRPC();
  const debounced = useDebounced(slug, 400);
  const parsed = slugSchema.safeParse(debounced);
  const candidate = parsed.success ? parsed.data : undefined;
  const shouldCheck = Boolean(candidate) && candidate !== currentSlug;
  const check = useQuery(
    trpc.business.slugAvailable.queryOptions(
      { slug: candidate ?? "" },
      { enabled: shouldCheck, staleTime: 15_000 },
    ),
  );
  const valid = slugSchema.safeParse(slug);
  const pending = valid.success && (slug !== debounced || check.isFetching);

  let content: React.ReactNode = null;
  if (!valid.success || valid.data === currentSlug) content = null;
  else if (pending) {
    content = (
      <>
        <Spinner aria-hidden="true" className="size-3.5" /> Checking…
      </>
    );
  } else if (check.data?.available === true) {
    content = (
      <span className="inline-flex items-center gap-1.5 text-success">
        <CircleCheckIcon className="size-3.5" aria-hidden="true" /> Available
      </span>
    );
  } else if (check.data?.available === false) {
    content = (
      <span className="inline-flex items-center gap-1.5 text-destructive">
        <CircleXIcon className="size-3.5" aria-hidden="true" /> Taken: choose another web address
      </span>
    );
  }

  return (
    <p
      aria-live="polite"
      // Empty, it takes no room (out of the grid flow) but stays in the DOM as a live region.
      className={cn(
        "flex items-center gap-1.5 text-sm text-muted-foreground",
        content ? "min-h-5" : "sr-only",
      )}
    >
      {content}
    </p>
  );
}

/** The section title and hint above a group of fields. */
function FieldGroup({
  title,
  description,
  children,
  className,
}: {
  title: string;
  description?: string;
  children: React.ReactNode;
  className?: string;
}) {
  const id = useId();
  return (
    <fieldset
      className={cn("grid min-w-0 gap-5", className)}
      aria-describedby={description ? `${id}-d` : undefined}
    >
      <div className="grid gap-1">
        <legend className="text-base font-semibold">{title}</legend>
        {description ? (
          <p id={`${id}-d`} className="text-sm text-muted-foreground">
            {description}
          </p>
        ) : null}
      </div>
      {children}
    </fieldset>
  );
}

/**
 * The business fields, inside a react-hook-form `<Form>` holding `BusinessFormValues`:
 * name, web address (slug, with a live availability check), category, description, phone, WhatsApp
 * ("same as phone"), country, time zone and currency. Picking a country suggests its time zone (when
 * obvious) and currency.
 */
export function BusinessFormFields({
  options,
  currentSlug,
  onSlugEdited,
  initialSameAsPhone,
}: {
  options: LocaleOptions;
  /** The saved web address (edit): not checked for availability. */
  currentSlug?: string;
  /** Called when the user types in the web address (stops following the name). */
  onSlugEdited?: () => void;
  initialSameAsPhone: boolean;
}) {
  const form = useFormContext<BusinessFormValues>();
  const { control, setValue, getValues } = form;
  const slug = useWatch({ control, name: "slug" }) ?? "";
  const phone = useWatch({ control, name: "phone" });
  const [sameAsPhone, setSameAsPhone] = useState(initialSameAsPhone);
  const sameId = useId();

  useEffect(() => {
    if (sameAsPhone && (getValues("whatsappNumber") ?? "") !== (phone ?? "")) {
      setValue("whatsappNumber", phone ?? "", { shouldDirty: true });
    }
  }, [sameAsPhone, phone, getValues, setValue]);

  const zoneValues = new Set(options.timeZones.map((o) => o.value));

  function onCountryPicked(country: string) {
    const zone = zoneForCountry(country);
    if (zone && zoneValues.has(zone) && !zoneIsInCountry(getValues("timeZone"), country)) {
      setValue("timeZone", zone, { shouldDirty: true, shouldValidate: true });
    }
    const currency = currencyForCountry(country);
    if (currency) setValue("currency", currency, { shouldDirty: true, shouldValidate: true });
  }

  return (
    <div className="grid min-w-0 gap-8">
      <FieldGroup title="About the business">
        <FormField
          control={control}
          name="name"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Business name</FormLabel>
              <FormControl>
                <Input
                  autoComplete="organization"
                  maxLength={100}
                  placeholder="e.g. Sharma Dental Clinic"
                  {...field}
                />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={control}
          name="slug"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Web address</FormLabel>
              <div className="flex min-w-0 items-stretch">
                <span
                  aria-hidden="true"
                  className="inline-flex items-center rounded-l-md border border-r-0 border-input bg-muted px-3 text-sm text-muted-foreground"
                >
                  /b/
                </span>
                <FormControl>
                  <Input
                    {...field}
                    value={field.value ?? ""}
                    onChange={(e) => {
                      onSlugEdited?.();
                      field.onChange(e.target.value.toLowerCase().replace(/\s+/g, "-"));
                    }}
                    autoCapitalize="none"
                    autoCorrect="off"
                    spellCheck={false}
                    maxLength={48}
                    inputMode="url"
                    className="rounded-l-none"
                  />
                </FormControl>
              </div>
              <FormDescription>
                The link to your business's pages in Mini CRM, not your street address:{" "}
                <span className="break-all font-medium text-foreground">/b/{slug || "your-business"}</span>.
                Lowercase letters, digits and hyphens.
                {currentSlug ? " Changing it changes the links your team has saved." : ""}
              </FormDescription>
              <FormMessage />
              <SlugStatus slug={slug} currentSlug={currentSlug} />
            </FormItem>
          )}
        />
        <FormField
          control={control}
          name="category"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Category</FormLabel>
              <FormControl>
                <NativeSelect
                  name={field.name}
                  ref={field.ref}
                  onBlur={field.onBlur}
                  value={field.value ?? ""}
                  onChange={(e) => field.onChange(e.target.value === "" ? null : e.target.value)}
                >
                  <option value="">Choose a category (optional)</option>
                  {businessCategories.map((c) => (
                    <option key={c} value={c}>
                      {businessCategoryLabels[c]}
                    </option>
                  ))}
                </NativeSelect>
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={control}
          name="description"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Description</FormLabel>
              <FormControl>
                <Textarea
                  {...field}
                  value={field.value ?? ""}
                  maxLength={500}
                  rows={3}
                  placeholder="What you do, in a sentence or two (optional)"
                />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
      </FieldGroup>

      <FieldGroup
        title="Contact"
        description="Numbers are saved in international format; type them the way you usually do."
      >
        <div className="grid min-w-0 items-start gap-5 sm:grid-cols-2">
          <FormField
            control={control}
            name="phone"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Phone</FormLabel>
                <FormControl>
                  <Input {...field} value={field.value ?? ""} type="tel" inputMode="tel" autoComplete="tel" />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={control}
            name="whatsappNumber"
            render={({ field }) => (
              <FormItem>
                <FormLabel>WhatsApp number</FormLabel>
                <FormControl>
                  <Input
                    {...field}
                    value={field.value ?? ""}
                    type="tel"
                    inputMode="tel"
                    readOnly={sameAsPhone}
                    className={cn(sameAsPhone && "bg-muted/50 text-muted-foreground")}
                  />
                </FormControl>
                <div className="flex items-center gap-2 pt-1">
                  <Checkbox
                    id={sameId}
                    checked={sameAsPhone}
                    onCheckedChange={(checked) => setSameAsPhone(checked === true)}
                  />
                  <Label htmlFor={sameId} className="font-normal">
                    Same number for WhatsApp
                  </Label>
                </div>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
      </FieldGroup>

      <FieldGroup
        title="Region"
        description="Used for phone numbers, dates and times, and prices. Picking a country suggests the rest."
      >
        <FormField
          control={control}
          name="country"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Country</FormLabel>
              <FormControl>
                <NativeSelect
                  {...field}
                  autoComplete="country"
                  onChange={(e) => {
                    field.onChange(e);
                    onCountryPicked(e.target.value);
                  }}
                >
                  {options.countries.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </NativeSelect>
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <div className="grid min-w-0 items-start gap-5 sm:grid-cols-2">
          <FormField
            control={control}
            name="timeZone"
            render={({ field }) => (
              <FormItem className="min-w-0">
                <FormLabel>Time zone</FormLabel>
                <FormControl>
                  <NativeSelect {...field}>
                    {options.timeZones.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </NativeSelect>
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={control}
            name="currency"
            render={({ field }) => (
              <FormItem className="min-w-0">
                <FormLabel>Currency</FormLabel>
                <FormControl>
                  <NativeSelect {...field}>
                    <optgroup label="Common">
                      {options.commonCurrencies.map((o) => (
                        <option key={`common-${o.value}`} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </optgroup>
                    <optgroup label="All currencies">
                      {options.currencies.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </optgroup>
                  </NativeSelect>
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
      </FieldGroup>
    </div>
  );
}
