"use client";

import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ChevronDownIcon, GripVerticalIcon, Trash2Icon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/utils";
import { customerFieldLabel } from "@/server/domain/customer-fields";
import type { MappableCustomField } from "@/server/domain/lead-form-mapping";
import type { LeadFormField } from "@/server/domain/lead-forms";
import { type BuilderItem, errorAt, fieldTypeLabels } from "./builder-state";
import { FieldEditor } from "./field-editor";

/** The customer field a form field fills, by its label. */
function targetLabel(mapTo: string, customFields: readonly MappableCustomField[]): string {
  if (!mapTo.startsWith("custom.")) return customerFieldLabel(mapTo);
  return customFields.find((c) => `custom.${c.key}` === mapTo)?.label ?? mapTo;
}

/** What a field is called in announcements and labels. */
const nameOf = (f: LeadFormField, i: number) => f.label.trim() || `Field ${i + 1}`;

/**
 * The form's fields in order. Each row has a handle to reorder it by dragging (pointer or touch) or by
 * keyboard (focus the handle, Space to pick it up, the arrow keys to move, Space to drop, Escape to
 * cancel; @dnd-kit's keyboard sensor, with the moves announced by field name), a button that opens its
 * settings below it (closed while a field is being moved), and a remove button.
 */
export function FieldList({
  items,
  errors,
  customFields,
  openUid,
  onOpen,
  onChange,
  onMove,
  onRemove,
}: {
  items: BuilderItem[];
  errors: Record<string, string>;
  customFields: readonly MappableCustomField[];
  openUid: string | null;
  onOpen: (uid: string | null) => void;
  onChange: (uid: string, field: LeadFormField) => void;
  onMove: (from: number, to: number) => void;
  onRemove: (uid: string) => void;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const indexOf = (id: string | number) => items.findIndex((i) => i.uid === id);
  const label = (id: string | number) => {
    const i = indexOf(id);
    return i >= 0 ? `“${nameOf(items[i]!.field, i)}”` : "the field";
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up ${label(active.id)}, position ${indexOf(active.id) + 1} of ${items.length}.`,
    onDragOver: ({ active, over }) =>
      over ? `${label(active.id)} moved to position ${indexOf(over.id) + 1} of ${items.length}.` : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? `${label(active.id)} dropped at position ${indexOf(over.id) + 1} of ${items.length}.`
        : undefined,
    onDragCancel: ({ active }) => `Moving ${label(active.id)} was cancelled.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onMove(indexOf(active.id), indexOf(over.id));
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragStart={() => onOpen(null)}
      onDragEnd={onDragEnd}
      // Panels close as a drag starts, which moves the rows below: measure them while dragging.
      measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            "To move a field, press Space to pick it up, the up and down arrow keys to move it, Space again to drop it, or Escape to cancel.",
        },
      }}
    >
      <SortableContext items={items.map((i) => i.uid)} strategy={verticalListSortingStrategy}>
        <ol aria-label="Fields" className="grid gap-2">
          {items.map((item, index) => (
            <FieldRow
              key={item.uid}
              item={item}
              index={index}
              open={openUid === item.uid}
              hasError={Boolean(errorAt(errors, `definition.fields.${index}`))}
              errors={errors}
              customFields={customFields}
              onToggle={() => onOpen(openUid === item.uid ? null : item.uid)}
              onChange={(field) => onChange(item.uid, field)}
              onRemove={() => onRemove(item.uid)}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function FieldRow({
  item,
  index,
  open,
  hasError,
  errors,
  customFields,
  onToggle,
  onChange,
  onRemove,
}: {
  item: BuilderItem;
  index: number;
  open: boolean;
  hasError: boolean;
  errors: Record<string, string>;
  customFields: readonly MappableCustomField[];
  onToggle: () => void;
  onChange: (field: LeadFormField) => void;
  onRemove: () => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: item.uid });
  const f = item.field;
  const name = nameOf(f, index);
  const panelId = `field-panel-${item.uid}`;
  return (
    <li
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn(
        "min-w-0 rounded-lg border bg-card",
        isDragging && "relative z-10 shadow-lg",
        hasError && "border-destructive",
      )}
      data-field-key={f.key}
    >
      {/* The row's head is what is measured and sorted: an open panel never makes it a tall target. */}
      <div ref={setNodeRef} className="flex min-w-0 items-center gap-1 p-2">
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={`Reorder ${name}`}
          className="inline-flex size-9 shrink-0 cursor-grab touch-none items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring active:cursor-grabbing"
        >
          <GripVerticalIcon aria-hidden="true" className="size-4" />
        </button>
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={open}
          aria-controls={panelId}
          className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-1 rounded-md px-2 py-1.5 text-left outline-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring"
        >
          <span className="min-w-0 truncate font-medium">
            {name}
            {f.required ? (
              <>
                <span aria-hidden="true"> *</span>
                <span className="sr-only"> (required)</span>
              </>
            ) : null}
          </span>
          <span className="text-xs text-muted-foreground">{fieldTypeLabels[f.type]}</span>
          {f.mapTo ? (
            <Badge variant="outline" className="font-normal">
              → {targetLabel(f.mapTo, customFields)}
            </Badge>
          ) : null}
          {hasError ? <span className="text-xs font-medium text-destructive">Needs attention</span> : null}
          <ChevronDownIcon
            aria-hidden="true"
            className={cn("ml-auto size-4 shrink-0 transition-transform", open && "rotate-180")}
          />
        </button>
        <Button type="button" variant="ghost" size="icon-sm" aria-label={`Remove ${name}`} onClick={onRemove}>
          <Trash2Icon aria-hidden="true" />
        </Button>
      </div>
      {open ? (
        <div id={panelId} className="border-t p-4">
          <FieldEditor
            index={index}
            field={f}
            errors={errors}
            customFields={customFields}
            onChange={onChange}
          />
        </div>
      ) : null}
    </li>
  );
}
