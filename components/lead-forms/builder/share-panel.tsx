"use client";

import { ExternalLinkIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { embedSnippets } from "@/server/domain/lead-form-contracts";
import type { LeadFormStatus } from "@/server/domain/lead-forms";
import { CopyButton } from "../copy-button";

/** One snippet: a title, what it does, the code and a copy button. */
function Snippet({ id, title, about, code }: { id: string; title: string; about: string; code: string }) {
  return (
    <section aria-labelledby={`${id}-title`} className="grid min-w-0 gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`${id}-title`} className="font-medium">
          {title}
        </h3>
        <CopyButton text={code} ariaLabel={`Copy: ${title}`} />
      </div>
      <p className="text-sm text-muted-foreground">{about}</p>
      <textarea
        readOnly
        aria-label={`${title} code`}
        data-snippet={id}
        rows={Math.min(4, Math.ceil(code.length / 80))}
        value={code}
        onFocus={(e) => e.currentTarget.select()}
        spellCheck={false}
        className="w-full max-w-full resize-none rounded-md border bg-muted p-3 font-mono text-xs outline-none focus-visible:ring-2 focus-visible:ring-ring"
      />
    </section>
  );
}

/**
 * Where the form goes: its hosted link, the one-line embed, the popup button and the iframe, each with a
 * copy button. Before the first publish (or while closed) it says so: the codes work once it is live.
 */
export function SharePanel({
  formId,
  appUrl,
  status,
  allowedDomains,
}: {
  formId: string;
  appUrl: string;
  status: LeadFormStatus;
  allowedDomains: readonly string[];
}) {
  const s = embedSnippets(appUrl, formId);
  return (
    <div className="grid min-w-0 gap-6">
      {status !== "published" ? (
        <Alert>
          <AlertTitle>{status === "draft" ? "Not published yet" : "This form is closed"}</AlertTitle>
          <AlertDescription>
            {status === "draft"
              ? "Publish the form and these codes show it. You can paste them into your site now."
              : "Visitors are told it is closed. Reopen or publish it to take submissions again."}
          </AlertDescription>
        </Alert>
      ) : null}
      <section aria-labelledby="share-link-title" className="grid min-w-0 gap-2">
        <h3 id="share-link-title" className="font-medium">
          Link
        </h3>
        <p className="text-sm text-muted-foreground">
          A page of its own, for social media, WhatsApp or a QR code. Add <code>?source=instagram</code> or
          UTM parameters to see where people come from.
        </p>
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <code
            data-snippet="link"
            className="min-w-0 rounded-md border bg-muted px-3 py-2 text-xs break-all"
          >
            {s.hosted}
          </code>
          <CopyButton text={s.hosted} ariaLabel="Copy the link" />
          <Button asChild variant="ghost" size="sm">
            <a href={s.hosted} target="_blank" rel="noreferrer">
              <ExternalLinkIcon aria-hidden="true" />
              Open
            </a>
          </Button>
        </div>
      </section>
      <Snippet
        id="inline"
        title="Embed on your website"
        about="Paste this one line where the form should appear (WordPress: a Custom HTML block). It loads after your page, so your site stays fast."
        code={s.inline}
      />
      <Snippet
        id="popup"
        title="Popup"
        about="Adds a button that opens the form over your page."
        code={s.popup}
      />
      <Snippet
        id="iframe"
        title="Iframe"
        about="For site builders that only take an iframe."
        code={s.iframe}
      />
      <p className="text-sm text-muted-foreground">
        {allowedDomains.length
          ? `Embeds work on ${allowedDomains.join(", ")} (and their subdomains).`
          : "Embeds work only on the websites you list under Settings → Limits; the link works everywhere."}
      </p>
    </div>
  );
}
