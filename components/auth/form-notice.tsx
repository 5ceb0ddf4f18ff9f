import { AlertCircleIcon, MailCheckIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/**
 * What a form posted without JavaScript came back with (`?error=` or `?sent=` on the page's URL): the
 * problem to fix, or that the email went out. Renders nothing when there is neither.
 */
export function FormNotice({ error, sent }: { error?: string; sent?: string }) {
  if (error)
    return (
      <Alert variant="destructive" role="alert">
        <AlertCircleIcon aria-hidden="true" />
        <AlertTitle>Check the form</AlertTitle>
        <AlertDescription>{error.slice(0, 300)}</AlertDescription>
      </Alert>
    );
  if (sent)
    return (
      <Alert role="status">
        <MailCheckIcon aria-hidden="true" />
        <AlertTitle>Check your inbox</AlertTitle>
        <AlertDescription>
          If {sent.slice(0, 254)} has an account, a link to set a new password is on its way.
        </AlertDescription>
      </Alert>
    );
  return null;
}
