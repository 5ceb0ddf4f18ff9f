"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { appCodeOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Skeleton } from "@/components/ui/skeleton";
import { CustomerDetails } from "./customer-details";
import { CustomerHeader } from "./customer-header";
import { CustomerNotFound } from "./customer-not-found";
import { CustomerPageSkeleton } from "./customer-page-skeleton";
import { CustomerTasks } from "./customer-tasks";
import { NotesPanel } from "./notes-panel";
import { WhatsappPanel } from "./whatsapp-panel";

/*
 * The panels people read more than they press (the timeline, invoices, consent history) come in code
 * of their own. They are still rendered on the server (the page arrives whole, its links work at once),
 * but each is made interactive on its own once its code is there, so the phone is never busy for long at
 * once. The panels people act on first (WhatsApp, notes, tasks) come with the page. On a later visit, a
 * skeleton of the panel's size holds its place while its code loads.
 */
const panel = (className: string) => () => <Skeleton aria-hidden="true" className={className} />;
const CustomerTimeline = dynamic(() => import("./timeline").then((m) => m.CustomerTimeline), {
  loading: panel("h-72 rounded-xl"),
});
const CustomerInvoices = dynamic(() => import("./customer-invoices").then((m) => m.CustomerInvoices), {
  loading: panel("h-32 rounded-xl"),
});
const ConsentHistory = dynamic(() => import("./consent-history").then((m) => m.ConsentHistory), {
  loading: panel("h-32 rounded-xl"),
});

/**
 * One customer on one page: the header with quick actions, then WhatsApp (for those who may edit the
 * customer), notes and the timeline beside the
 * details (custom fields) and tasks. Columns stack on phones (tasks before notes there).
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
      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        <div className="order-2 grid min-w-0 content-start gap-6 lg:order-1">
          {canMessage && !readOnly ? <WhatsappPanel customerId={c.id} /> : null}
          <NotesPanel customerId={c.id} readOnly={readOnly} />
          <CustomerTimeline customerId={c.id} />
        </div>
        <div className="order-1 grid min-w-0 content-start gap-6 lg:order-2">
          <CustomerTasks customerId={c.id} readOnly={readOnly} />
          <CustomerInvoices customerId={c.id} readOnly={readOnly} />
          <CustomerDetails customer={c} />
          <ConsentHistory customerId={c.id} />
        </div>
      </div>
    </div>
  );
}
