"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { MonitorIcon, SmartphoneIcon, TriangleAlertIcon, XIcon } from "lucide-react";
import { useId, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useDebounced } from "@/components/customers/list/list-url";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/components/ui/utils";
import type { EmailContent } from "@/server/domain/email-blocks";

/** Who the preview renders as: a chosen customer, or the sample customer (null). */
export interface PreviewCustomer {
  id: string;
  name: string;
}

/**
 * The live preview: the server renders the email being edited as the chosen customer (or a sample one)
 * 400 ms after the last change, exactly as a campaign sends it; it shows in a sandboxed iframe (no
 * scripts, no access to this page) at phone width (360 px) or desktop width. The last good rendering stays
 * while a new one runs or when the content has a mistake (`problem` says which).
 */
export function EmailPreview({ content }: { content: EmailContent }) {
  const business = useBusiness();
  const client = useTRPCClient();
  const [device, setDevice] = useState<"phone" | "desktop">("phone");
  const [customer, setCustomer] = useState<PreviewCustomer | null>(null);
  const sent = useDebounced(content, 400);
  const preview = useQuery({
    queryKey: ["templates.preview", business.id, sent, customer?.id ?? null],
    queryFn: () =>
      client.templates.preview.mutate({ businessId: business.id, content: sent, customerId: customer?.id }),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
  const waiting = sent !== content;
  const html = preview.data?.html;

  return (
    <Card className="min-w-0 gap-4" aria-busy={preview.isFetching || waiting}>
      <CardHeader className="gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle as="h2" className="mr-auto">
            Preview
          </CardTitle>
          {preview.isFetching || waiting ? <Spinner label="Updating the preview" /> : null}
          <fieldset className="flex rounded-md border p-0.5">
            <legend className="sr-only">Preview width</legend>
            <Button
              type="button"
              size="sm"
              variant={device === "phone" ? "secondary" : "ghost"}
              aria-pressed={device === "phone"}
              onClick={() => setDevice("phone")}
            >
              <SmartphoneIcon aria-hidden="true" />
              Phone
            </Button>
            <Button
              type="button"
              size="sm"
              variant={device === "desktop" ? "secondary" : "ghost"}
              aria-pressed={device === "desktop"}
              onClick={() => setDevice("desktop")}
            >
              <MonitorIcon aria-hidden="true" />
              Desktop
            </Button>
          </fieldset>
        </div>
        <CustomerPicker value={customer} onChange={setCustomer} />
      </CardHeader>
      <CardContent className="grid min-w-0 gap-3">
        {preview.isError ? (
          <p role="status" className="flex items-start gap-2 text-sm text-muted-foreground">
            <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
            <span>
              {html ? "Preview paused: " : "No preview yet: "}
              {Object.values(fieldErrorsOf(preview.error))[0] ?? messageOf(preview.error)}
            </span>
          </p>
        ) : null}
        {preview.data ? (
          <p className="min-w-0 truncate text-sm">
            <span className="text-muted-foreground">Subject: </span>
            <span data-testid="preview-subject">{preview.data.subject}</span>
          </p>
        ) : null}
        <div className="min-w-0 overflow-x-auto rounded-md border bg-muted/40 p-2">
          {html ? (
            <iframe
              title="Email preview"
              sandbox=""
              srcDoc={html}
              className={cn(
                "mx-auto block h-[640px] border-0 bg-white",
                device === "phone" ? "w-[360px]" : "w-full min-w-[600px]",
              )}
            />
          ) : preview.isPending ? (
            <div className="grid h-40 place-items-center text-sm text-muted-foreground">Rendering…</div>
          ) : (
            <div className="grid h-40 place-items-center text-sm text-muted-foreground">
              Fill in the blocks to see the email.
            </div>
          )}
        </div>
      </CardContent>
    </Card>
  );
}

/**
 * "Preview as": search the business's customers by name, email or phone (300 ms after typing) and pick
 * one; "Sample customer" goes back to made-up values.
 */
function CustomerPicker({
  value,
  onChange,
}: {
  value: PreviewCustomer | null;
  onChange: (c: PreviewCustomer | null) => void;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const id = useId();
  const [search, setSearch] = useState("");
  const query = useDebounced(search.trim(), 300);
  const results = useQuery({
    ...trpc.customers.list.queryOptions({ businessId: business.id, filter: { search: query }, limit: 6 }),
    enabled: query.length > 0,
  });
  if (value) {
    return (
      <div className="flex min-w-0 items-center gap-2 text-sm">
        <span className="text-muted-foreground">Preview as</span>
        <span className="truncate font-medium" data-testid="preview-customer">
          {value.name}
        </span>
        <Button type="button" variant="ghost" size="sm" onClick={() => onChange(null)}>
          <XIcon aria-hidden="true" />
          Sample customer
        </Button>
      </div>
    );
  }
  const rows = (results.data?.data ?? []) as { id: string; name: string; email: string | null }[];
  return (
    <div className="grid min-w-0 gap-1.5">
      <Label htmlFor={`${id}-search`}>Preview as a customer</Label>
      <Input
        id={`${id}-search`}
        type="search"
        placeholder="Search by name, email or phone (a sample customer until you pick one)"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        aria-controls={`${id}-results`}
      />
      <ul id={`${id}-results`} aria-label="Matching customers" className="grid gap-1">
        {query && results.isFetching ? <li className="text-sm text-muted-foreground">Searching…</li> : null}
        {query && results.isSuccess && rows.length === 0 ? (
          <li className="text-sm text-muted-foreground">No customer matches.</li>
        ) : null}
        {rows.map((c) => (
          <li key={c.id}>
            <Button
              type="button"
              variant="ghost"
              size="sm"
              className="w-full min-w-0 justify-start"
              onClick={() => {
                onChange({ id: c.id, name: c.name });
                setSearch("");
              }}
            >
              <span className="truncate">{c.name}</span>
              {c.email ? <span className="truncate text-muted-foreground">{c.email}</span> : null}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
