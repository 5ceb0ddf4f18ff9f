"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { XIcon } from "lucide-react";
import { type KeyboardEvent, useEffect, useId, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { fieldClassName } from "@/components/ui/input";
import { cn } from "@/components/ui/utils";
import { CUSTOMER_LIMITS, normalizeTags } from "@/server/domain/customer-values";
import { formatCount } from "@/server/domain/format";

/**
 * The business's tags that start with `draft` (debounced 200 ms), most used first, as datalist options
 * labelled with their customer counts ("1,204 customers", "10,000+ customers"). Empty when disabled.
 */
function useTagSuggestions(draft: string, enabled: boolean): { tag: string; label?: string }[] {
  const business = useBusiness();
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  useEffect(() => {
    const t = setTimeout(() => setQuery(draft.trim()), 200);
    return () => clearTimeout(t);
  }, [draft]);
  const q = useQuery({
    ...trpc.customers.tagSuggestions.queryOptions({ businessId: business.id, query }),
    enabled,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  if (!enabled) return [];
  return (q.data ?? []).map((s) => ({
    tag: s.tag,
    label: `${formatCount(s.count)}${s.countIsExact ? "" : "+"} customer${s.count === 1 ? "" : "s"}`,
  }));
}

/**
 * A token input for tags: type and press Enter or comma to add; Backspace in the empty box removes the
 * last tag; each tag has a remove button. Pasted "a, b" becomes two tags.
 */
export function TagInput({
  value,
  onChange,
  id,
  placeholder = "Add a tag",
  suggestions: given,
  suggestFromBusiness = true,
  invalid,
  describedBy,
  className,
}: {
  value: string[];
  onChange: (tags: string[]) => void;
  id?: string;
  placeholder?: string;
  /** Fixed suggestions; by default the business's own tags are suggested as the user types. */
  suggestions?: string[];
  /** Suggest the business's tags matching what is typed, most used first, with their counts. */
  suggestFromBusiness?: boolean;
  invalid?: boolean;
  describedBy?: string;
  className?: string;
}) {
  const [draft, setDraft] = useState("");
  const listId = useId();
  const fromBusiness = useTagSuggestions(draft, suggestFromBusiness && !given);
  const suggestions = (
    given?.map((tag) => ({ tag, label: undefined as string | undefined })) ?? fromBusiness
  ).filter((s) => !value.some((v) => v.toLowerCase() === s.tag.toLowerCase()));

  function commit(text: string) {
    const parts = text
      .split(",")
      .map((t) => t.trim().slice(0, CUSTOMER_LIMITS.tag))
      .filter(Boolean);
    if (parts.length) onChange(normalizeTags([...value, ...parts]).slice(0, CUSTOMER_LIMITS.tags));
    setDraft("");
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" || e.key === ",") {
      if (draft.trim()) {
        e.preventDefault();
        commit(draft);
      } else if (e.key === ",") e.preventDefault();
    } else if (e.key === "Backspace" && !draft && value.length) {
      onChange(value.slice(0, -1));
    }
  }

  return (
    <div
      className={cn(
        fieldClassName,
        "flex min-h-9 flex-wrap items-center gap-1.5 px-2 py-1.5 focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/40",
        invalid && "border-destructive",
        className,
      )}
    >
      {value.map((tag) => (
        <Badge key={tag} variant="secondary" className="max-w-full gap-1 pr-1">
          <span className="truncate">{tag}</span>
          <button
            type="button"
            className="rounded-sm p-0.5 outline-none hover:bg-foreground/10 focus-visible:ring-2 focus-visible:ring-ring"
            aria-label={`Remove tag ${tag}`}
            onClick={() => onChange(value.filter((t) => t !== tag))}
          >
            <XIcon className="size-3" aria-hidden="true" />
          </button>
        </Badge>
      ))}
      <input
        id={id}
        value={draft}
        onChange={(e) => {
          const v = e.target.value;
          if (v.includes(",")) commit(v);
          else setDraft(v);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => draft.trim() && commit(draft)}
        placeholder={value.length ? "" : placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        list={suggestions?.length ? listId : undefined}
        enterKeyHint="done"
        className="min-w-24 flex-1 bg-transparent px-1 text-base outline-none placeholder:text-muted-foreground md:text-sm"
      />
      {suggestions?.length ? (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s.tag} value={s.tag} label={s.label} />
          ))}
        </datalist>
      ) : null}
    </div>
  );
}
