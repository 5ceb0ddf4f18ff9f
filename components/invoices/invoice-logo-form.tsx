"use client";

import { useActionState, useRef } from "react";
import { saveInvoiceLogo } from "@/app/(app)/b/[businessSlug]/settings/billing/actions";
import { idleFormState } from "@/components/messaging/form-state";
import { FormStatus, useAnswer } from "@/components/messaging/settings-fields";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";

/**
 * The logo printed at the top of invoices, quotes and credit notes: shows the current one, takes a PNG
 * or JPEG of at most 512 KB, or removes it. A plain form (multipart) posted to a server action, so it
 * works before the page's script loads.
 */
export function InvoiceLogoForm({
  businessId,
  businessSlug,
  logoDataUrl,
}: {
  businessId: string;
  businessSlug: string;
  /** The current logo as a data: URL, or null. */
  logoDataUrl: string | null;
}) {
  const [state, action, pending] = useActionState(saveInvoiceLogo, idleFormState);
  const formRef = useRef<HTMLFormElement>(null);
  useAnswer(state, formRef);
  return (
    <Card>
      <form ref={formRef} action={action} encType="multipart/form-data" noValidate>
        <CardHeader>
          <CardTitle as="h2">Logo</CardTitle>
          <CardDescription>Printed at the top of your invoices, quotes and credit notes.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <input type="hidden" name="businessId" value={businessId} />
          <input type="hidden" name="businessSlug" value={businessSlug} />
          <FormStatus state={state} />
          {logoDataUrl ? (
            // A data: URL of the business's own upload: nothing for next/image to optimise.
            // biome-ignore lint/performance/noImgElement: see above
            <img src={logoDataUrl} alt="Your logo" className="h-12 w-auto max-w-48 object-contain" />
          ) : (
            <p className="text-sm text-muted-foreground">No logo yet.</p>
          )}
          <div className="grid gap-1.5">
            <Label htmlFor="invoice-logo">{logoDataUrl ? "Replace with" : "Image"}</Label>
            <input
              id="invoice-logo"
              name="logo"
              type="file"
              accept="image/png,image/jpeg"
              aria-invalid={!!state.fieldErrors?.logo}
              aria-describedby="invoice-logo-help"
              className="text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1.5"
            />
            <p
              id="invoice-logo-help"
              className={
                state.fieldErrors?.logo ? "text-sm text-destructive" : "text-xs text-muted-foreground"
              }
            >
              {state.fieldErrors?.logo ??
                "PNG or JPEG, at most 512 KB. A wide logo on a transparent background prints best."}
            </p>
          </div>
        </CardContent>
        <CardFooter className="flex flex-wrap gap-2">
          <Button type="submit" name="intent" value="save" loading={pending}>
            Save logo
          </Button>
          {logoDataUrl ? (
            <Button type="submit" name="intent" value="remove" variant="outline" disabled={pending}>
              Remove
            </Button>
          ) : null}
        </CardFooter>
      </form>
    </Card>
  );
}
