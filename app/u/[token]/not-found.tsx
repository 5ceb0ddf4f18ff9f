import { LinkIcon } from "lucide-react";
import type { Metadata } from "next";

export const metadata: Metadata = {
  title: "Link not valid",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

/** An unsubscribe link that does not verify (altered, cut short) or whose customer is gone: 404. */
export default function UnsubscribeLinkNotFound() {
  return (
    <div className="flex min-h-dvh flex-col bg-muted/40 dark:bg-background">
      <main id="main" className="flex flex-1 justify-center px-4 pt-10 pb-12 sm:items-center sm:pt-8">
        <div className="grid w-full max-w-md min-w-0 justify-items-center gap-3 rounded-xl border bg-card p-6 text-center">
          <div
            aria-hidden="true"
            className="grid size-12 place-items-center rounded-full bg-muted text-muted-foreground"
          >
            <LinkIcon className="size-6" />
          </div>
          <h1 className="text-xl leading-tight font-semibold tracking-tight">This link does not work</h1>
          <p className="text-sm text-balance text-muted-foreground">
            The unsubscribe link is incomplete or not valid. Open it again from the email, or use the
            Unsubscribe button your mail app shows above the message.
          </p>
        </div>
      </main>
    </div>
  );
}
