"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ContactIcon, XIcon } from "lucide-react";
import { type KeyboardEvent, useEffect, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/components/ui/utils";
import { formatPhoneForDisplay } from "@/server/domain/phone";

/** A customer chosen in the picker. */
export interface PickedCustomer {
  id: string;
  name: string;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const handle = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(handle);
  }, [value, ms]);
  return debounced;
}

/**
 * Picks a customer of the current business: a combobox (ARIA 1.2 pattern) that searches the customers
 * list as you type (debounced 250 ms; name, email or phone), showing the most recently active customers
 * before you type. Arrow keys move through the suggestions, Enter picks (with nothing highlighted it
 * submits the form, but not while the typed text is still being searched), Escape closes the list; the
 * clear button unlinks. The suggestions render in the page flow, so they work in dialogs and on phones.
 */
export function CustomerPicker({
  id,
  value,
  onChange,
  invalid,
  describedBy,
  disabled,
}: {
  /** The input's id (for its `<label htmlFor>`). */
  id: string;
  value: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const [text, setText] = useState(value?.name ?? "");
  const [open, setOpen] = useState(false);
  /** The highlighted suggestion; -1 until the user types or moves with the arrow keys. */
  const [active, setActive] = useState(-1);
  const term = value && text === value.name ? "" : text.trim();
  const search = useDebounced(term, 250);
  const listId = `${id}-listbox`;
  const statusId = `${id}-status`;

  const results = useQuery({
    ...trpc.customers.list.queryOptions({
      businessId: business.id,
      filter: search ? { search } : {},
      sort: search ? { field: "name", direction: "asc" } : { field: "lastActivityAt", direction: "desc" },
      limit: 8,
    }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const items = results.data?.data ?? [];
  // The suggestions of the previous text stay on screen while the typed text is searched; none of them
  // can be highlighted or picked then, so a quick Enter never links a customer the text does not match.
  const stale = search !== term || results.isPlaceholderData;
  const searching = open && (results.isFetching || search !== term);
  const optionId = (customerId: string) => `${id}-option-${customerId}`;
  const activeItem =
    open && !stale && active >= 0 && items.length > 0 ? items[Math.min(active, items.length - 1)] : undefined;

  const activeOptionId = activeItem ? optionId(activeItem.id) : undefined;
  // When the suggestions appear, bring them into view: at the foot of a tall dialog on a phone they
  // would otherwise open below the fold.
  const showList = open && items.length > 0;
  useEffect(() => {
    if (showList) document.getElementById(listId)?.scrollIntoView({ block: "nearest" });
  }, [showList, listId]);
  useEffect(() => {
    if (activeOptionId) document.getElementById(activeOptionId)?.scrollIntoView({ block: "nearest" });
  }, [activeOptionId]);

  const pick = (customer: PickedCustomer) => {
    onChange({ id: customer.id, name: customer.name });
    setText(customer.name);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (open ? Math.min(i + 1, Math.max(items.length - 1, 0)) : 0));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === "Enter" && activeItem) {
      e.preventDefault();
      pick(activeItem);
    } else if (e.key === "Enter" && open && term && stale) {
      // The typed text is still being searched: wait for its suggestions rather than submit without them.
      e.preventDefault();
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      setOpen(false);
    }
  };

  let status: string | null = null;
  if (open) {
    if (results.isError) status = `Could not search customers: ${messageOf(results.error)}`;
    else if (searching && items.length === 0) status = "Searching…";
    else if (items.length === 0) status = term ? "No customers match." : "No customers yet.";
  }

  return (
    <div className="grid min-w-0 gap-1">
      <div className="relative min-w-0">
        <ContactIcon
          aria-hidden="true"
          className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
        />
        <Input
          id={id}
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeOptionId}
          aria-invalid={invalid || undefined}
          aria-describedby={[describedBy, open ? statusId : undefined].filter(Boolean).join(" ") || undefined}
          className="pr-10 pl-9"
          placeholder="Search customers by name, email or phone"
          value={text}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(e.target.value.trim() ? 0 : -1);
            if (value && e.target.value !== value.name) onChange(null);
          }}
          onFocus={() => {
            if (!value) setOpen(true);
          }}
          onClick={() => {
            if (!value) setOpen(true);
          }}
          onBlur={() => {
            setOpen(false);
            if (!value) setText("");
          }}
          onKeyDown={onKeyDown}
        />
        {searching ? (
          <Spinner
            aria-hidden="true"
            className="absolute top-1/2 right-10 size-4 -translate-y-1/2 text-muted-foreground"
          />
        ) : null}
        {value || text ? (
          <Button
            type="button"
            variant="ghost"
            size="icon-sm"
            className="absolute top-1/2 right-0.5 -translate-y-1/2"
            aria-label={value ? `Unlink ${value.name}` : "Clear the search"}
            disabled={disabled}
            onClick={() => {
              onChange(null);
              setText("");
              setOpen(false);
              document.getElementById(id)?.focus();
            }}
          >
            <XIcon aria-hidden="true" />
          </Button>
        ) : null}
      </div>
      <div
        id={listId}
        role="listbox"
        aria-label="Customers"
        hidden={!showList}
        aria-busy={stale || undefined}
        className={cn(
          "max-h-56 min-w-0 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-sm transition-opacity",
          stale && "opacity-60",
        )}
      >
        {items.map((c) => {
          const selected = activeItem?.id === c.id;
          const secondary = c.email ?? (formatPhoneForDisplay(c.phone, business.country) || c.company);
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys (aria-activedescendant)
            <div
              key={c.id}
              id={optionId(c.id)}
              role="option"
              tabIndex={-1}
              aria-selected={selected}
              className={cn(
                "grid cursor-pointer gap-0.5 rounded-sm px-2 py-1.5 text-sm",
                selected && "bg-accent text-accent-foreground",
              )}
              // Keep focus in the input so its blur does not close the list before the click lands.
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => setActive(items.indexOf(c))}
              onClick={() => pick(c)}
            >
              <span className="truncate font-medium">{c.name}</span>
              {secondary ? <span className="truncate text-xs text-muted-foreground">{secondary}</span> : null}
            </div>
          );
        })}
      </div>
      <p
        id={statusId}
        role="status"
        aria-live="polite"
        className={cn(
          "text-xs text-muted-foreground",
          results.isError && open && "text-destructive",
          !status && "sr-only",
        )}
      >
        {status ?? (open ? `${items.length} ${items.length === 1 ? "customer" : "customers"} found.` : "")}
      </p>
    </div>
  );
}
