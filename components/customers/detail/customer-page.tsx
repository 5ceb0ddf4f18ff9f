"use client";

import { useQuery } from "@tanstack/react-query";
import { appCodeOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ConsentHistory } from "./consent-history";
import { CustomerDetails } from "./customer-details";
import { CustomerHeader } from "./customer-header";
import { CustomerInvoices } from "./customer-invoices";
import { CustomerNotFound } from "./customer-not-found";
import { CustomerPageSkeleton } from "./customer-page-skeleton";
import { CustomerTasks } from "./customer-tasks";
import { NotesPanel } from "./notes-panel";
import { CustomerTimeline } from "./timeline";
import { WhatsappPanel } from "./whatsapp-panel";

/**
 * One customer on one page: the header with quick actions, then WhatsApp (for those who may edit the
 * customer), notes and the timeline beside the
 * details (custom fields) and tasks. Columns stack on phones (tasks before notes there).
 * Every panel, the timeline too, comes with the page's code, so the server renders the page in one pass
 * and closes the response: a panel loaded apart (`next/dynamic`) streams after the rest, keeping the
 * server busy while the browser still waits for the stylesheet, and React reveals it only after its
 * 300 ms throttle.
 */
export function CustomerPage({ customerId }: { customerId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const canMessage = useCan("customers.write");
  const customer = useQuery(trpc.customers.get.queryOptions({ businessId: business.id, customerId }));

  if (customer.isPending) return <CustomerPageSkeleton />;
  if (customer.isError) {
    if (appCodeOf(customer.error) === "NOT_FOUND" || customer.error.data?.httpStatus === 404) {
      return <CustomerNotFound />;
    }
    return (
      <QueryError
        error={customer.error}
        title="Could not load this customer"
        onRetry={() => customer.refetch()}
      />
    );
  }

  const c = customer.data;
  const readOnly = Boolean(c.deletedAt);
  return (
    <div className="grid min-w-0 gap-6">
      <CustomerHeader customer={c} />
      {/*
       * The side column comes first in the page, as phones show it: a browser may paint the page before
       * all of it has arrived, and a column arriving later must not push what is already shown down.
       * From `lg` the columns sit side by side, the main one on the left.
       */}
      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        {/*
         * Panels that start below a phone's first screen are laid out and painted when they come near it
         * (`content-visibility: auto`, with the size they had last or an estimate until then), so the
         * first paint does not wait for them.
         */}
        <div className="grid min-w-0 content-start gap-6 lg:col-start-2 lg:row-start-1">
          <CustomerTasks customerId={c.id} readOnly={readOnly} />
          <CustomerInvoices customerId={c.id} readOnly={readOnly} />
          <div className="[contain-intrinsic-size:auto_24rem] [content-visibility:auto]">
            <CustomerDetails customer={c} />
          </div>
          <div className="[contain-intrinsic-size:auto_12rem] [content-visibility:auto]">
            <ConsentHistory customerId={c.id} />
          </div>
        </div>
        <div className="grid min-w-0 content-start gap-6 lg:col-start-1 lg:row-start-1">
          {canMessage && !readOnly ? (
            <div className="[contain-intrinsic-size:auto_20rem] [content-visibility:auto]">
              <WhatsappPanel customerId={c.id} />
            </div>
          ) : null}
          <div className="[contain-intrinsic-size:auto_16rem] [content-visibility:auto]">
            <NotesPanel customerId={c.id} readOnly={readOnly} />
          </div>
          <div className="[contain-intrinsic-size:auto_18rem] [content-visibility:auto]">
            <CustomerTimeline customerId={c.id} />
          </div>
        </div>
      </div>
    </div>
  );
}
