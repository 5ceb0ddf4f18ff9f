"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors, messageOf } from "@/components/auth/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { toast } from "@/components/ui/toast";
import { createBusinessInput } from "@/server/domain/business";
import {
  BusinessFormFields,
  type BusinessFormValues,
  businessFormFields,
  useSlugFromName,
} from "./business-form-fields";
import {
  canonicalZone,
  countryForZone,
  countryFromLanguages,
  currencyForCountry,
  type LocaleOptions,
  zoneForCountry,
  zoneIsInCountry,
} from "./locale-options";

/**
 * Creating a business (first-run onboarding and "Create business" in the switcher). Country, time zone
 * and currency start from the server's guess (`Accept-Language`), then the browser's time zone refines
 * them. On success: a toast and the new business's dashboard.
 */
export function CreateBusinessForm({
  options,
  defaults,
}: {
  options: LocaleOptions;
  defaults: { country: string; timeZone: string; currency: string };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [slugEdited, setSlugEdited] = useState(false);

  const form = useForm<BusinessFormValues, unknown, z.output<typeof createBusinessInput>>({
    resolver: zodResolver(createBusinessInput),
    defaultValues: {
      name: "",
      slug: "",
      category: null,
      description: "",
      phone: "",
      whatsappNumber: "",
      ...defaults,
    },
  });

  // Refine the region from the browser (its time zone says more than the language, e.g. en-US in India).
  useEffect(() => {
    const zones = new Set(options.timeZones.map((o) => o.value));
    const browserZone = canonicalZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC");
    const country =
      countryForZone(browserZone) ?? countryFromLanguages(navigator.languages) ?? defaults.country;
    const timeZone =
      zones.has(browserZone) && (zoneIsInCountry(browserZone, country) || !zoneForCountry(country))
        ? browserZone
        : (zoneForCountry(country) ?? defaults.timeZone);
    form.reset(
      {
        ...form.getValues(),
        country,
        timeZone: zones.has(timeZone) ? timeZone : defaults.timeZone,
        currency: currencyForCountry(country) ?? defaults.currency,
      },
      { keepDirtyValues: true },
    );
  }, [form, options.timeZones, defaults]);

  useSlugFromName(form, !slugEdited);

  const create = useMutation(
    trpc.business.create.mutationOptions({
      onSuccess: async (business) => {
        toast.success(`${business.name} is ready`, { description: "Your business dashboard is open." });
        await queryClient.invalidateQueries({ queryKey: trpc.business.list.queryKey() });
        router.push(`/b/${business.slug}`);
      },
      onError: (error) => {
        if (!applyFieldErrors(error, form.setError, businessFormFields)) toast.error(messageOf(error));
      },
    }),
  );

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit((values) => create.mutate(values))} noValidate className="grid gap-8">
        <BusinessFormFields options={options} onSlugEdited={() => setSlugEdited(true)} initialSameAsPhone />
        <div className="flex flex-col-reverse gap-2 border-t pt-6 sm:flex-row sm:justify-end">
          <Button type="submit" size="lg" loading={create.isPending || create.isSuccess}>
            Create business
          </Button>
        </div>
      </form>
    </Form>
  );
}
