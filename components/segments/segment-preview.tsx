"use client";

import { useFormatPhone } from "@/components/customers/phone-display";
import { useBusiness } from "@/components/layout/business-context";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { Spinner } from "@/components/ui/spinner";
import type { CustomerOutput } from "@/server/domain/customers";
import { formatCount } from "@/server/domain/format";

/** What the preview shows: the last count and sample the server gave. */
export interface PreviewResult {
  count: number;
  sample: CustomerOutput[];
}

/**
 * The live audience of the rules being built: how many customers match now and the first 20 (newest
 * first), each linking to the customer. While a new count runs, a spinner shows beside the last result
 * (which stays); `message` explains what is not counted (unfinished rows, an error about the rules).
 */
export function SegmentPreview({
  result,
  counting,
  message,
}: {
  result: PreviewResult | null;
  counting: boolean;
  message?: string;
}) {
  const business = useBusiness();
  const formatPhone = useFormatPhone();
  const sampleSize = result?.sample.length ?? 0;
  return (
    <Card className="min-w-0 gap-4" aria-busy={counting}>
      <CardHeader>
        <CardTitle as="h2">Who matches</CardTitle>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-3">
        <div className="flex min-h-8 items-center gap-2">
          <p className="text-2xl font-semibold tabular-nums" aria-live="polite" aria-atomic="true">
            {result ? (
              <>
                {formatCount(result.count)}
                <span className="text-base font-normal text-muted-foreground">
                  {" "}
                  customer{result.count === 1 ? "" : "s"}
                </span>
              </>
            ) : (
              <span className="text-base font-normal text-muted-foreground">Counting…</span>
            )}
          </p>
          {counting ? <Spinner label="Counting customers" className="text-muted-foreground" /> : null}
        </div>
        {message ? <p className="text-sm text-muted-foreground">{message}</p> : null}
        {result && sampleSize ? (
          <>
            <p className="text-xs text-muted-foreground">
              {result.count > sampleSize ? `The newest ${sampleSize}:` : "Newest first:"}
            </p>
            <ul className="grid min-w-0 divide-y text-sm" aria-label="Matching customers">
              {result.sample.map((c) => {
                const contact = c.email ?? formatPhone(c.phone ?? c.whatsapp);
                return (
                  <li key={c.id} className="grid min-w-0 py-2">
                    <Link
                      href={`/b/${business.slug}/customers/${c.id}`}
                      className="truncate font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                    >
                      {c.name}
                    </Link>
                    {contact ? <span className="truncate text-muted-foreground">{contact}</span> : null}
                  </li>
                );
              })}
            </ul>
          </>
        ) : result ? (
          <p className="text-sm text-muted-foreground">No customers match these rules yet.</p>
        ) : null}
      </CardContent>
    </Card>
  );
}
