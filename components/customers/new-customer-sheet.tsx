"use client";

import { useRef } from "react";
import { LazyCustomerForm } from "@/components/customers/lazy-customer-form";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";

/**
 * The "New customer" sheet (full width on phones) with the customer form. Controlled: `open` and
 * `onOpenChange`; closes itself when the customer is saved or the form is cancelled, and gives focus
 * back to the button that opened it (the sheet has no trigger of its own for Radix to return to). Loaded
 * when it is first opened (`React.lazy` in the list), with the sheet's code.
 */
export default function NewCustomerSheet({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const opener = useRef<HTMLElement | null>(null);
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent
        side="right"
        className="w-full gap-0 sm:max-w-xl"
        onOpenAutoFocus={() => {
          opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        }}
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          opener.current?.focus();
        }}
      >
        <SheetHeader className="border-b">
          <SheetTitle>New customer</SheetTitle>
          <SheetDescription>Only the name is required.</SheetDescription>
        </SheetHeader>
        <div className="p-4 pb-0">
          {open ? (
            <LazyCustomerForm onSaved={() => onOpenChange(false)} onCancel={() => onOpenChange(false)} />
          ) : null}
        </div>
      </SheetContent>
    </Sheet>
  );
}
