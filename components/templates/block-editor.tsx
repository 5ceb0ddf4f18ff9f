"use client";

import { ArrowDownIcon, ArrowUpIcon, Trash2Icon } from "lucide-react";
import type { ChangeEvent, FocusEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { blockLabel, type DraftBlock, fieldId } from "./editor-state";

/** Fields to change in a block; `undefined` removes an optional one. */
export type BlockPatch = { [K in string]?: string | number };

/** Remembers the text field last focused, so "Insert variable" knows where to write. */
export type TrackField = (el: HTMLInputElement | HTMLTextAreaElement, set: (value: string) => void) => void;

/**
 * One labelled text field with its error under it (`aria-invalid`, `aria-describedby`); `multiline` gives
 * a growing textarea. Focusing it makes it the target of "Insert variable".
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  multiline,
  track,
  placeholder,
  inputMode,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  multiline?: boolean;
  track?: TrackField;
  placeholder?: string;
  inputMode?: "url" | "text";
}) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  const common = {
    id,
    value,
    placeholder,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
    onFocus: (e: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => track?.(e.currentTarget, onChange),
  };
  return (
    <div className="grid min-w-0 gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {multiline ? (
        <Textarea {...common} rows={4} />
      ) : (
        <Input {...common} inputMode={inputMode} type="text" autoComplete="off" />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * One block of the email in the editor: its kind, its fields edited in place, and buttons to move it up,
 * down or remove it (each named with the block's number, so a screen reader says which).
 */
export function BlockEditor({
  draft,
  index,
  count,
  errors,
  onPatch,
  onMove,
  onRemove,
  track,
}: {
  draft: DraftBlock;
  index: number;
  count: number;
  /** Field errors of this block, by field name (`text`, `url` …). */
  errors: Record<string, string>;
  /** Changes some of the block's fields (applied to its latest state). */
  onPatch: (patch: BlockPatch) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  track: TrackField;
}) {
  const { block, id } = draft;
  const n = index + 1;
  const name = `${blockLabel(block.type)} block ${n}`;
  const field = (key: string) => fieldId(id, key);
  return (
    <li className="grid min-w-0 gap-3 rounded-lg border bg-card p-3 sm:p-4" aria-label={name}>
      <div className="flex min-w-0 items-center gap-2">
        <span className="mr-auto text-sm font-medium">
          {blockLabel(block.type)}
          <span className="ml-2 text-xs text-muted-foreground tabular-nums">#{n}</span>
        </span>
        <Button
          id={`${id}-up`}
          type="button"
          variant="ghost"
          size="icon-sm"
          aria-label={`Move ${name} up`}
          disabled={index === 0}
          onClick={() => onMove(-1)}
        >
          <ArrowUpIcon aria-hidden="true" />
        </Button>
        <Button
          id={`${id}-down`}
          type="button"
          variant="ghost"
          size="icon-sm"
          aria-label={`Move ${name} down`}
          disabled={index === count - 1}
          onClick={() => onMove(1)}
        >
          <ArrowDownIcon aria-hidden="true" />
        </Button>
        <Button type="button" variant="ghost" size="icon-sm" aria-label={`Remove ${name}`} onClick={onRemove}>
          <Trash2Icon aria-hidden="true" />
        </Button>
      </div>
      {block.type === "heading" ? (
        <div className="grid min-w-0 gap-3 sm:grid-cols-[1fr_8rem]">
          <TextField
            id={field("text")}
            label="Heading"
            value={block.text}
            error={errors.text}
            track={track}
            onChange={(text) => onPatch({ text })}
          />
          <div className="grid gap-1.5">
            <Label htmlFor={field("level")}>Size</Label>
            <Select
              value={String(block.level)}
              onValueChange={(v) => onPatch({ level: Number(v) as 1 | 2 | 3 })}
            >
              <SelectTrigger id={field("level")} className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="1">Large</SelectItem>
                <SelectItem value="2">Medium</SelectItem>
                <SelectItem value="3">Small</SelectItem>
              </SelectContent>
            </Select>
          </div>
        </div>
      ) : block.type === "text" ? (
        <TextField
          id={field("text")}
          label="Text"
          multiline
          value={block.text}
          error={errors.text}
          track={track}
          hint="**bold**, *italic*, [link text](https://…); a blank line starts a new paragraph; “- ” starts a bullet."
          onChange={(text) => onPatch({ text })}
        />
      ) : block.type === "button" ? (
        <div className="grid min-w-0 gap-3 sm:grid-cols-2">
          <TextField
            id={field("label")}
            label="Button text"
            value={block.label}
            error={errors.label}
            track={track}
            onChange={(label) => onPatch({ label })}
          />
          <TextField
            id={field("url")}
            label="Link"
            inputMode="url"
            value={block.url}
            error={errors.url}
            track={track}
            placeholder="https://"
            onChange={(url) => onPatch({ url })}
          />
        </div>
      ) : block.type === "image" ? (
        <div className="grid min-w-0 gap-3 sm:grid-cols-2">
          <TextField
            id={field("url")}
            label="Image address (https)"
            inputMode="url"
            value={block.url}
            error={errors.url}
            track={track}
            placeholder="https://"
            onChange={(url) => onPatch({ url })}
          />
          <TextField
            id={field("alt")}
            label="Description (for screen readers and blocked images)"
            value={block.alt ?? ""}
            error={errors.alt}
            track={track}
            onChange={(alt) => onPatch({ alt })}
          />
          <TextField
            id={field("href")}
            label="Opens when tapped (optional)"
            inputMode="url"
            value={block.href ?? ""}
            error={errors.href}
            track={track}
            placeholder="https://"
            onChange={(href) => onPatch({ href: href.trim() ? href : undefined })}
          />
        </div>
      ) : block.type === "footer" ? (
        <TextField
          id={field("text")}
          label="Footer note (optional)"
          multiline
          value={block.text ?? ""}
          error={errors.text}
          track={track}
          hint="Your business's name, postal address and an unsubscribe link are always added here."
          onChange={(text) => onPatch({ text })}
        />
      ) : (
        <p className="text-sm text-muted-foreground">A line across the email.</p>
      )}
      {errors[""] ? <p className="text-sm text-destructive">{errors[""]}</p> : null}
    </li>
  );
}
