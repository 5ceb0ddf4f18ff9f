"use client";

import { PlusIcon } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { customFieldTypeLabels } from "@/server/domain/custom-fields";
import type { MappableCustomField } from "@/server/domain/lead-form-mapping";
import { type LeadFormFieldType, leadFormFieldTypeSchema } from "@/server/domain/lead-forms";
import { fieldTypeLabels } from "./builder-state";

/**
 * "Add field": every field type, then each of the business's custom fields (added as a field of the type
 * that fits, filling that custom field). Disabled at the limit of fields.
 */
export function AddFieldMenu({
  customFields,
  disabled,
  onAdd,
  onAddCustom,
  afterAdd,
}: {
  customFields: readonly MappableCustomField[];
  disabled?: boolean;
  onAdd: (type: LeadFormFieldType) => void;
  onAddCustom: (field: MappableCustomField) => void;
  /** Called once the menu has closed after adding a field (to move focus to it). */
  afterAdd?: () => void;
}) {
  // A field was added: focus goes to its label (the builder moves it there), not back to this button.
  const added = useRef(false);
  const add = (fn: () => void) => {
    added.current = true;
    fn();
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button type="button" variant="outline" disabled={disabled}>
          <PlusIcon aria-hidden="true" />
          Add field
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent
        align="start"
        className="max-h-[min(28rem,var(--radix-dropdown-menu-content-available-height))] w-64 overflow-y-auto"
        onCloseAutoFocus={(e) => {
          if (!added.current) return;
          added.current = false;
          e.preventDefault();
          afterAdd?.();
        }}
      >
        <DropdownMenuGroup>
          <DropdownMenuLabel>Field types</DropdownMenuLabel>
          {leadFormFieldTypeSchema.options.map((type) => (
            <DropdownMenuItem key={type} onSelect={() => add(() => onAdd(type))}>
              {fieldTypeLabels[type]}
            </DropdownMenuItem>
          ))}
        </DropdownMenuGroup>
        {customFields.length ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuGroup>
              <DropdownMenuLabel>Your custom fields</DropdownMenuLabel>
              {customFields.map((f) => (
                <DropdownMenuItem key={f.key} onSelect={() => add(() => onAddCustom(f))}>
                  <span className="min-w-0 truncate">{f.label}</span>
                  <span className="ml-auto text-xs text-muted-foreground">
                    {customFieldTypeLabels[f.type]}
                  </span>
                </DropdownMenuItem>
              ))}
            </DropdownMenuGroup>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
