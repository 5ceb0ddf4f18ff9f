import { MailIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Link } from "@/components/ui/link";

/** True when emails land in the local dev mailbox instead of being sent (development, e2e). */
export function devMailboxEnabled(): boolean {
  return process.env.NODE_ENV === "development" || process.env.MINI_CRM_DEV_MAILBOX === "true";
}

/** A note that points developers to `/dev/mailbox`. Render only when `devMailboxEnabled()`. */
export function DevMailboxHint() {
  return (
    <Alert role="status">
      <MailIcon aria-hidden="true" />
      <AlertTitle>Development mailbox</AlertTitle>
      <AlertDescription>
        <p>
          Emails are not sent on this server. Open the{" "}
          <Link href="/dev/mailbox" className="font-medium text-primary underline underline-offset-4">
            dev mailbox
          </Link>{" "}
          to read them.
        </p>
      </AlertDescription>
    </Alert>
  );
}
