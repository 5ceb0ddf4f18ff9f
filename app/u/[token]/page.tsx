import { CircleCheckIcon, MailXIcon, TimerIcon } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Heading, Shell } from "@/components/messaging/unsubscribe-shell";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { isAppError } from "@/server/errors";
import { chargeUnsubscribeRequest } from "@/server/http/unsubscribe-limit";
import type { UnsubscribeChannel } from "@/server/messaging/unsubscribe";
import { describeUnsubscribe, type UnsubscribeView } from "@/server/services/unsubscribe";

/*
 * The page an unsubscribe link opens (GET /u/{token}): no sign-in, the business's name, one button in
 * a plain HTML form that POSTs to the same URL (proxy.ts hands POSTs to app/api/unsubscribe/[token]),
 * so it works without JavaScript; after it, the done state with a way back ("Subscribe again").
 */

export const metadata: Metadata = {
  title: "Unsubscribe",
  // The token in the URL must not leak to other sites or search engines.
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

const channelWords: Record<UnsubscribeChannel, string> = {
  email: "emails",
  whatsapp: "WhatsApp messages",
  sms: "text messages",
};

function ActionForm({
  token,
  action,
  children,
  variant,
}: {
  token: string;
  action: "unsubscribe" | "resubscribe";
  children: ReactNode;
  variant?: "default" | "outline";
}) {
  return (
    <form method="post" action={`/u/${encodeURIComponent(token)}`} className="grid">
      <input type="hidden" name="action" value={action} />
      <Button type="submit" variant={variant} className="w-full">
        {children}
      </Button>
    </form>
  );
}

function View({ token, view, done }: { token: string; view: UnsubscribeView; done: string | undefined }) {
  const what = channelWords[view.channel];
  const to = view.maskedAddress ? (
    <>
      {" "}
      at <strong className="break-words text-foreground">{view.maskedAddress}</strong>
    </>
  ) : null;

  if (view.unsubscribed) {
    return (
      <Card>
        <CardHeader className="justify-items-center text-center">
          <Heading icon={<CircleCheckIcon className="size-6" />} tone="success">
            You are unsubscribed
          </Heading>
          <CardDescription className="text-balance" role="status">
            <strong className="text-foreground">{view.businessName}</strong> will not send you marketing{" "}
            {what}
            {to} any more. Messages you ask for, such as receipts, may still arrive.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-2 text-center">
          <p className="text-sm text-muted-foreground">Unsubscribed by mistake?</p>
          <ActionForm token={token} action="resubscribe" variant="outline">
            Subscribe again
          </ActionForm>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader className="justify-items-center text-center">
        <Heading icon={<MailXIcon className="size-6" />} tone="primary">
          Unsubscribe from {view.businessName}
        </Heading>
        <CardDescription className="text-balance">
          {done === "resubscribed" ? (
            <span role="status" className="mb-2 block font-medium text-foreground">
              You are subscribed again. Thank you!
            </span>
          ) : null}
          Stop receiving marketing {what} from{" "}
          <strong className="text-foreground">{view.businessName}</strong>
          {to}.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm token={token} action="unsubscribe">
          Unsubscribe
        </ActionForm>
      </CardContent>
    </Card>
  );
}

export default async function UnsubscribePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ done?: string | string[] }>;
}) {
  const [{ token }, query] = await Promise.all([params, searchParams]);
  const done = typeof query.done === "string" ? query.done : undefined;

  const wait = await chargeUnsubscribeRequest(await headers());
  if (wait > 0) {
    return (
      <Shell>
        <Card>
          <CardHeader className="justify-items-center text-center">
            <Heading icon={<TimerIcon className="size-6" />} tone="primary">
              Too many requests
            </Heading>
            <CardDescription role="status">
              Please try again in {wait} {wait === 1 ? "second" : "seconds"}.
            </CardDescription>
          </CardHeader>
        </Card>
      </Shell>
    );
  }

  let view: UnsubscribeView;
  try {
    view = await describeUnsubscribe(await getDb(), token);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  return (
    <Shell>
      <View token={token} view={view} done={done} />
    </Shell>
  );
}
