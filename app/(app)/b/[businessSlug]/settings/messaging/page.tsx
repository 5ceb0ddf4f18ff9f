import type { Metadata } from "next";
import { EmailSettingsForm, WhatsappSettingsForm } from "@/components/messaging/messaging-settings-forms";
import { CopyField } from "@/components/messaging/settings-fields";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { serverApi } from "@/server/api/server";
import { devMailboxEnabled } from "@/server/email/config";
import { env } from "@/server/env";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Messaging settings" };

/**
 * Providers of the business's messages: Resend for email, Meta's Cloud API for WhatsApp, with the
 * webhook addresses to paste into each. The forms post to a server action, so they work before the
 * page's script loads; secrets are shown masked only. No loading.tsx on purpose: its Suspense boundary
 * would stream the forms in a hidden block that only JavaScript reveals.
 */
export default async function MessagingSettingsPage({
  params,
}: {
  params: Promise<{ businessSlug: string }>;
}) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "messaging.manage");
  const settings = await (await serverApi()).messagingSettings.get({ businessId: business.id });
  const appUrl = env.APP_URL.replace(/\/+$/, "");
  const props = { businessId: business.id, businessSlug: business.slug, settings };
  return (
    <div className="grid gap-6">
      <EmailSettingsForm {...props} />
      <WhatsappSettingsForm {...props} />
      <Card>
        <CardHeader>
          <CardTitle as="h2">Webhooks</CardTitle>
          <CardDescription>
            Paste these addresses into Resend (Webhooks) and Meta (WhatsApp → Configuration), so deliveries,
            opens, replies and opt-outs come back here.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <CopyField id="resend-webhook-url" label="Resend webhook" value={`${appUrl}/api/webhooks/resend`} />
          <CopyField
            id="whatsapp-webhook-url"
            label="WhatsApp callback URL"
            value={`${appUrl}/api/webhooks/whatsapp`}
          />
          <p className="text-sm text-muted-foreground">
            Templates approved in Meta are listed under{" "}
            <Link
              href={`/b/${business.slug}/whatsapp-templates`}
              className="font-medium underline underline-offset-4"
            >
              WhatsApp templates
            </Link>
            .
            {devMailboxEnabled() ? (
              <>
                {" "}
                Messages sent without a provider are in the{" "}
                <Link href="/dev/mailbox" className="font-medium underline underline-offset-4">
                  dev mailbox
                </Link>{" "}
                and the{" "}
                <Link href="/dev/whatsapp" className="font-medium underline underline-offset-4">
                  WhatsApp dev outbox
                </Link>
                .
              </>
            ) : null}
          </p>
        </CardContent>
      </Card>
    </div>
  );
}
