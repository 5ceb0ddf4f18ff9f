"use client";

import { useActionState, useRef } from "react";
import { savePaymentAccount } from "@/app/(app)/b/[businessSlug]/settings/billing/actions";
import { idleFormState, type MessagingFormState } from "@/components/messaging/form-state";
import {
  CopyField,
  FormStatus,
  Hidden,
  SecretField,
  TextField,
  useAnswer,
} from "@/components/messaging/settings-fields";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import type { PaymentAccountView } from "@/server/services/payments";

interface Props {
  businessId: string;
  businessSlug: string;
  account: PaymentAccountView;
}

function Connected({ on }: { on: boolean }) {
  return on ? <Badge variant="success">Connected</Badge> : <Badge variant="outline">Not connected</Badge>;
}

/**
 * One provider's keys form: posts to the `savePaymentAccount` action (works before the script loads),
 * shows whether it is connected, the answer of the last post, `fields(state)` and a Save button.
 */
function ProviderForm({
  businessId,
  businessSlug,
  account,
  title,
  description,
  fields,
}: Props & {
  title: string;
  description: string;
  fields: (state: MessagingFormState) => React.ReactNode;
}) {
  const [state, action, pending] = useActionState(savePaymentAccount, idleFormState);
  const formRef = useRef<HTMLFormElement>(null);
  useAnswer(state, formRef);
  const name = account.provider === "stripe" ? "Stripe" : "Razorpay";
  return (
    <Card>
      <form ref={formRef} action={action} noValidate>
        <CardHeader>
          <CardTitle as="h3" className="flex flex-wrap items-center gap-2">
            {title} <Connected on={account.configured} />
          </CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Hidden businessId={businessId} businessSlug={businessSlug} intent={account.provider} />
          <FormStatus state={state} />
          {fields(state)}
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={pending}>
            Save {name} keys
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

/** Stripe: the secret key and the webhook endpoint's signing secret; the address to give Stripe. */
export function StripeAccountForm(props: Props) {
  const { account } = props;
  return (
    <ProviderForm
      {...props}
      title="Cards (Stripe)"
      description="Your customers pay on Stripe's checkout page from the invoice link; the invoice turns Paid when Stripe tells us."
      fields={(state) => (
        <>
          <SecretField
            name="stripeSecretKey"
            label="Secret key"
            masked={account.secretKey}
            state={state}
            placeholder="sk_live_…"
          />
          <CopyField
            id="stripeWebhookUrl"
            label="Webhook endpoint (add it in Stripe → Developers → Webhooks)"
            value={account.webhookUrl}
          />
          <SecretField
            name="stripeWebhookSecret"
            label="Signing secret"
            masked={account.webhookSecret}
            state={state}
            placeholder="whsec_…"
            hint="Send the events checkout.session.completed, checkout.session.async_payment_succeeded and checkout.session.expired."
          />
        </>
      )}
    />
  );
}

/** Razorpay: key id and secret, the webhook secret; the address to give Razorpay. */
export function RazorpayAccountForm(props: Props) {
  const { account } = props;
  return (
    <ProviderForm
      {...props}
      title="UPI, cards and netbanking (Razorpay)"
      description="Your customers pay on a Razorpay payment link from the invoice link; the invoice turns Paid when Razorpay tells us."
      fields={(state) => (
        <>
          <TextField
            name="razorpayKeyId"
            label="Key id"
            defaultValue={account.keyId}
            state={state}
            placeholder="rzp_live_…"
            autoComplete="off"
          />
          <SecretField name="razorpayKeySecret" label="Key secret" masked={account.secretKey} state={state} />
          <CopyField
            id="razorpayWebhookUrl"
            label="Webhook URL (add it in Razorpay → Settings → Webhooks)"
            value={account.webhookUrl}
          />
          <SecretField
            name="razorpayWebhookSecret"
            label="Webhook secret"
            masked={account.webhookSecret}
            state={state}
            hint="The secret you set on that webhook, with the events payment_link.paid and payment_link.expired."
          />
        </>
      )}
    />
  );
}
