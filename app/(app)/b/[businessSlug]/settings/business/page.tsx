import { InfoIcon } from "lucide-react";
import type { Metadata } from "next";
import { BusinessDetails, type BusinessProfile } from "@/components/business/business-details";
import { BusinessSettingsForm } from "@/components/business/business-settings-form";
import { localeOptions } from "@/components/business/locale-options";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/server/auth/permissions";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Business settings" };

/** The business profile: a form for owners and admins, read-only for members. */
export default async function BusinessSettingsPage({
  params,
}: {
  params: Promise<{ businessSlug: string }>;
}) {
  const { businessSlug } = await params;
  const { business, role } = await loadBusinessWith(businessSlug, "business.read");
  const profile: BusinessProfile = {
    name: business.name,
    slug: business.slug,
    category: business.category,
    description: business.description,
    phone: business.phone,
    whatsappNumber: business.whatsappNumber,
    country: business.country,
    timeZone: business.timeZone,
    currency: business.currency,
  };
  const editable = can(role, "business.update");

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Business</CardTitle>
        <CardDescription>
          {editable
            ? "Your business's name, address, contact numbers and region."
            : "Your business's details, as the owners and admins set them."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {editable ? (
          <BusinessSettingsForm business={profile} options={localeOptions({ timeZone: business.timeZone })} />
        ) : (
          <>
            <Alert role="status">
              <InfoIcon aria-hidden="true" />
              <AlertDescription>Only owners and admins can change these details.</AlertDescription>
            </Alert>
            <BusinessDetails business={profile} />
          </>
        )}
      </CardContent>
    </Card>
  );
}
