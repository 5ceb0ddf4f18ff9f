import { MailXIcon } from "lucide-react";
import type { Metadata } from "next";
import { Heading, Shell } from "@/components/messaging/unsubscribe-shell";
import { Card, CardDescription, CardHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Unsubscribe (preview)", robots: { index: false } };

/**
 * Where the unsubscribe link of a template preview or a test email leads: it says what a customer
 * would get there, and unsubscribes nobody (a sent campaign email carries a signed `/u/{token}` link).
 */
export default function UnsubscribePreviewPage() {
  return (
    <Shell>
      <Card>
        <CardHeader className="justify-items-center text-center">
          <Heading icon={<MailXIcon className="size-6" />} tone="primary">
            Unsubscribe link (preview)
          </Heading>
          <CardDescription>
            In a sent email this link opens a page where the customer unsubscribes with one press. In a
            preview or a test email it changes nothing.
          </CardDescription>
        </CardHeader>
      </Card>
    </Shell>
  );
}
