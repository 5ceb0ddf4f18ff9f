"use client";

import { useQueryClient } from "@tanstack/react-query";
import { type ReactElement, useState } from "react";
import { LazyCustomerForm } from "@/components/customers/lazy-customer-form";
import { useTRPC } from "@/components/providers/trpc-provider";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import type { CustomerOutput } from "@/server/domain/customers";

// Apart from its button (`EditCustomerButton` in customer-header.tsx): the dialog's code loads when the
// user first reaches for Edit, not with every customer's page.

/**
 * The customer's edit dialog with the customer form, open from the start around its `trigger` (the
 * header's Edit button). Closes when the form is saved (then refreshes the customer, its timeline and
 * the list) or cancelled; focus goes back to the button.
 */
export default function EditCustomerDialog({
  customer,
  trigger,
}: {
  customer: CustomerOutput;
  trigger: ReactElement;
}) {
  const [open, setOpen] = useState(true);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit {customer.name}</DialogTitle>
          <DialogDescription>Changes show on the timeline.</DialogDescription>
        </DialogHeader>
        <LazyCustomerForm
          customer={customer}
          onCancel={() => setOpen(false)}
          onSaved={async () => {
            setOpen(false);
            await Promise.all([
              queryClient.invalidateQueries({ queryKey: trpc.customers.get.pathKey() }),
              queryClient.invalidateQueries({ queryKey: trpc.customers.timeline.pathKey() }),
              queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() }),
            ]);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
