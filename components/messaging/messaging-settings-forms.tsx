"use client";

import { RefreshCwIcon, TriangleAlertIcon } from "lucide-react";
import { useActionState, useEffect, useRef } from "react";
import { saveMessagingSettings } from "@/app/(app)/b/[businessSlug]/settings/messaging/actions";
import { NativeSelect } from "@/components/settings/native-select";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { type MessagingSettingsView, messagingLimitLabels } from "@/server/domain/messaging-settings";
import { idleFormState } from "./form-state";
import {
  errorProps,
  FieldError,
  FormStatus,
  Hidden,
  SecretField,
  TextField,
  useAnswer,
} from "./settings-fields";

interface FormProps {
  businessId: string;
  businessSlug: string;
  settings: MessagingSettingsView;
}

/** Resend: API key, webhook signing secret, From, Reply-To, postal address, opt-in rule, rate. */
export function EmailSettingsForm({ businessId, businessSlug, settings }: FormProps) {
  const [state, action, pending] = useActionState(saveMessagingSettings, idleFormState);
  const formRef = useRef<HTMLFormElement>(null);
  useAnswer(state, formRef);
  const email = settings.email;
  return (
    <Card>
      <form ref={formRef} action={action} noValidate>
        <CardHeader>
          <CardTitle as="h2" className="flex flex-wrap items-center gap-2">
            Email (Resend)
            {email.configured ? (
              <Badge variant="success">Connected</Badge>
            ) : (
              <Badge variant="outline">Dev outbox</Badge>
            )}
          </CardTitle>
          <CardDescription>
            {email.configured
              ? "Campaign emails are sent through your Resend account."
              : "Without a Resend API key, campaign emails are delivered to the dev outbox on this machine."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Hidden businessId={businessId} businessSlug={businessSlug} intent="email" />
          <FormStatus state={state} />
          <SecretField
            name="resendApiKey"
            label="Resend API key"
            masked={email.apiKey}
            state={state}
            placeholder="re_…"
          />
          <SecretField
            name="resendWebhookSecret"
            label="Webhook signing secret"
            masked={email.webhookSecret}
            state={state}
            placeholder="whsec_…"
            hint="From the webhook you add in Resend, so opens, clicks and bounces are trusted."
          />
          <TextField
            name="emailFrom"
            label="From"
            defaultValue={email.from}
            state={state}
            placeholder={email.defaultFrom}
            hint="Name <address> on a domain verified in Resend. Empty: the app's default sender."
          />
          <TextField
            name="emailReplyTo"
            label="Reply-To"
            type="email"
            defaultValue={email.replyTo}
            state={state}
          />
          <div className="grid gap-2">
            <Label htmlFor="postalAddress">Postal address</Label>
            <Textarea
              id="postalAddress"
              name="postalAddress"
              rows={2}
              defaultValue={email.postalAddress ?? ""}
              {...errorProps(state, "postalAddress")}
            />
            <p className="text-sm text-muted-foreground">Printed in the footer of every marketing email.</p>
            <FieldError id="postalAddress-error" message={state.fieldErrors?.postalAddress} />
          </div>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="emailRequiresOptIn"
              defaultChecked={email.requiresOptIn}
              className="mt-0.5 size-4 accent-primary"
            />
            <span>Send marketing emails only to customers who opted in</span>
          </label>
          <TextField
            name="emailRatePerSecond"
            label="Requests per second"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            defaultValue={email.ratePerSecond}
            state={state}
            className="max-w-32"
            hint="Resend allows 2 per second unless your plan says otherwise."
          />
        </CardContent>
        <CardFooter className="mt-4">
          <Button type="submit" loading={pending}>
            Save email settings
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

/** WhatsApp Cloud API: ids, token, app secret, verify token, messaging limit, rate, opt-out words. */
export function WhatsappSettingsForm({ businessId, businessSlug, settings }: FormProps) {
  const [state, action, pending] = useActionState(saveMessagingSettings, idleFormState);
  const [limitState, limitAction, limitPending] = useActionState(saveMessagingSettings, idleFormState);
  const formRef = useRef<HTMLFormElement>(null);
  useAnswer(state, formRef);
  useEffect(() => {
    if (limitState.status === "saved" && limitState.message) toast.success(limitState.message);
  }, [limitState]);
  const wa = settings.whatsapp;
  const limitValue = wa.messagingLimit === null ? "unlimited" : String(wa.messagingLimit);
  return (
    <Card>
      <form ref={formRef} action={action} noValidate>
        <CardHeader>
          <CardTitle as="h2" className="flex flex-wrap items-center gap-2">
            WhatsApp (Cloud API)
            {wa.configured ? (
              <Badge variant="success">Connected</Badge>
            ) : (
              <Badge variant="outline">Dev outbox</Badge>
            )}
          </CardTitle>
          <CardDescription>
            {wa.configured
              ? "WhatsApp messages are sent from your business number through Meta's Cloud API."
              : "Without a phone number id and access token, WhatsApp messages are delivered to the dev outbox on this machine."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Hidden businessId={businessId} businessSlug={businessSlug} intent="whatsapp" />
          <FormStatus state={state} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              name="whatsappPhoneNumberId"
              label="Phone number id"
              inputMode="numeric"
              defaultValue={wa.phoneNumberId}
              state={state}
              hint="WhatsApp Manager → API setup."
            />
            <TextField
              name="whatsappWabaId"
              label="WhatsApp Business Account id"
              inputMode="numeric"
              defaultValue={wa.wabaId}
              state={state}
              hint="Needed to sync templates."
            />
          </div>
          <SecretField
            name="whatsappAccessToken"
            label="Access token"
            masked={wa.accessToken}
            state={state}
            placeholder="EAAG…"
            hint="A permanent system user token with whatsapp_business_messaging."
          />
          <SecretField
            name="whatsappAppSecret"
            label="App secret"
            masked={wa.appSecret}
            state={state}
            hint="Meta app → Settings → Basic. Verifies webhook signatures."
          />
          <SecretField
            name="whatsappVerifyToken"
            label="Webhook verify token"
            masked={wa.verifyTokenSet ? "••••" : null}
            state={state}
            hint="Any phrase of 8+ characters; type the same in Meta's webhook setup."
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="grid gap-2">
              <Label htmlFor="whatsappMessagingLimit">Messaging limit</Label>
              <NativeSelect
                id="whatsappMessagingLimit"
                name="whatsappMessagingLimit"
                defaultValue={limitValue}
                {...errorProps(state, "whatsappMessagingLimit")}
              >
                {Object.entries(messagingLimitLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </NativeSelect>
              <p className="text-sm text-muted-foreground">
                Unique customers per 24 hours outside the service window (Meta).
              </p>
              <FieldError
                id="whatsappMessagingLimit-error"
                message={state.fieldErrors?.whatsappMessagingLimit}
              />
            </div>
            <TextField
              name="whatsappRatePerSecond"
              label="Messages per second"
              type="number"
              inputMode="numeric"
              min={1}
              max={1000}
              defaultValue={wa.ratePerSecond}
              state={state}
              className="max-w-32"
              hint="Meta's default throughput is 80."
            />
          </div>
          <TextField
            name="optOutWords"
            label="Opt-out words"
            defaultValue={settings.optOutWords.join(", ")}
            state={state}
            hint="Separated by commas. A customer who replies with one of them is opted out of WhatsApp."
          />
        </CardContent>
        <CardFooter className="mt-4">
          <Button type="submit" loading={pending}>
            Save WhatsApp settings
          </Button>
        </CardFooter>
      </form>
      {wa.configured ? (
        <form action={limitAction} className="border-t px-6 pt-4">
          <Hidden businessId={businessId} businessSlug={businessSlug} intent="refresh-limit" />
          {limitState.status === "error" ? (
            <Alert variant="destructive" role="alert" className="mb-3">
              <TriangleAlertIcon aria-hidden="true" />
              <AlertDescription>{limitState.message}</AlertDescription>
            </Alert>
          ) : null}
          <Button type="submit" variant="outline" size="sm" loading={limitPending}>
            <RefreshCwIcon aria-hidden="true" />
            Read the messaging limit from Meta
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
