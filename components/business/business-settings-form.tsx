"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { toast } from "@/components/ui/toast";
import { businessCategories, updateBusinessInput } from "@/server/domain/business";
import { formatPhoneForDisplay } from "@/server/domain/phone";
import type { BusinessProfile } from "./business-details";
import { BusinessFormFields, type BusinessFormValues, businessFormFields } from "./business-form-fields";
import type { LocaleOptions } from "./locale-options";

function toFormValues(b: BusinessProfile): BusinessFormValues {
  return {
    name: b.name,
    slug: b.slug,
    category: businessCategories.find((c) => c === b.category) ?? null,
    description: b.description ?? "",
    phone: formatPhoneForDisplay(b.phone, b.country),
    whatsappNumber: formatPhoneForDisplay(b.whatsappNumber, b.country),
    country: b.country,
    timeZone: b.timeZone,
    currency: b.currency,
  };
}

/**
 * Editing the business profile (roles with business.update). Sends only the fields that changed;
 * a new address moves the page to the new URL.
 */
export function BusinessSettingsForm({
  business,
  options,
}: {
  business: BusinessProfile;
  options: LocaleOptions;
}) {
  const { id: businessId } = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const form = useForm<z.input<typeof updateBusinessInput>, unknown, z.output<typeof updateBusinessInput>>({
    resolver: zodResolver(updateBusinessInput),
    defaultValues: toFormValues(business),
  });

  const update = useMutation(
    trpc.business.update.mutationOptions({
      onSuccess: async (saved) => {
        toast.success("Business details saved");
        form.reset(toFormValues(saved));
        await queryClient.invalidateQueries({ queryKey: trpc.business.pathKey() });
        if (saved.slug !== business.slug) router.replace(`/b/${saved.slug}/settings/business`);
        else router.refresh();
      },
      onError: (error) => {
        if (!applyFieldErrors(error, form.setError, businessFormFields)) toast.error(messageOf(error));
      },
    }),
  );

  function onSubmit(values: z.output<typeof updateBusinessInput>) {
    const dirty = form.formState.dirtyFields;
    const changed = Object.fromEntries(
      Object.entries(values).filter(([key]) => dirty[key as keyof typeof dirty]),
    ) as typeof values;
    if (Object.keys(changed).length === 0) return;
    update.mutate({ businessId, ...changed });
  }

  const isDirty = form.formState.isDirty;
  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-8">
        <BusinessFormFields
          options={options}
          currentSlug={business.slug}
          initialSameAsPhone={Boolean(business.phone) && business.phone === business.whatsappNumber}
        />
        <div className="flex flex-col-reverse gap-2 border-t pt-6 sm:flex-row sm:justify-end">
          <Button
            type="button"
            variant="outline"
            disabled={!isDirty || update.isPending}
            onClick={() => form.reset()}
          >
            Discard changes
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!isDirty}>
            Save changes
          </Button>
        </div>
      </form>
    </Form>
  );
}
