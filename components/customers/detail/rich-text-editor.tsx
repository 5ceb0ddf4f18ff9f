"use client";

import { BoldIcon, ItalicIcon, LinkIcon, ListIcon, ListOrderedIcon } from "lucide-react";
import { type KeyboardEvent, type RefObject, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/utils";

/** What a parent can do with the editor: read its HTML, know whether it is empty, clear and focus it. */
export interface RichTextHandle {
  html: () => string;
  isEmpty: () => boolean;
  clear: () => void;
  focus: () => void;
}

type Command = "bold" | "italic" | "insertUnorderedList" | "insertOrderedList";

/**
 * A small rich-text editor: a `contentEditable` box with Bold, Italic, bulleted and numbered list and Link
 * buttons, and Ctrl/⌘+B, Ctrl/⌘+I, Ctrl/⌘+K shortcuts (Ctrl/⌘+Enter calls `onSubmit`). It produces HTML
 * that the server sanitises (allow-listed tags, checked links), so no sanitising happens here.
 */
export function RichTextEditor({
  handleRef,
  label,
  initialHtml = "",
  placeholder,
  onSubmit,
  onEmptyChange,
  invalid,
  describedBy,
  className,
}: {
  handleRef: RefObject<RichTextHandle | null>;
  /** Accessible name of the editing box. */
  label: string;
  initialHtml?: string;
  placeholder?: string;
  onSubmit?: () => void;
  onEmptyChange?: (empty: boolean) => void;
  invalid?: boolean;
  describedBy?: string;
  className?: string;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const savedRange = useRef<Range | null>(null);
  const [empty, setEmpty] = useState(!initialHtml);
  const [active, setActive] = useState<Record<Command, boolean>>({
    bold: false,
    italic: false,
    insertUnorderedList: false,
    insertOrderedList: false,
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkUrl, setLinkUrl] = useState("https://");
  const [linkError, setLinkError] = useState<string | null>(null);
  const linkInputId = useId();

  const checkEmpty = () => {
    const box = boxRef.current;
    const isEmpty = !box || (box.textContent ?? "").trim() === "";
    setEmpty(isEmpty);
    onEmptyChange?.(isEmpty);
    return isEmpty;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: set the initial HTML once; the box is uncontrolled
  useEffect(() => {
    if (boxRef.current) boxRef.current.innerHTML = initialHtml;
    checkEmpty();
  }, []);

  handleRef.current = {
    html: () => boxRef.current?.innerHTML ?? "",
    isEmpty: () => (boxRef.current?.textContent ?? "").trim() === "",
    clear: () => {
      if (boxRef.current) boxRef.current.innerHTML = "";
      checkEmpty();
    },
    focus: () => boxRef.current?.focus(),
  };

  const refreshActive = () => {
    if (typeof document === "undefined") return;
    try {
      setActive({
        bold: document.queryCommandState("bold"),
        italic: document.queryCommandState("italic"),
        insertUnorderedList: document.queryCommandState("insertUnorderedList"),
        insertOrderedList: document.queryCommandState("insertOrderedList"),
      });
    } catch {}
  };

  const exec = (command: Command | "createLink", value?: string) => {
    boxRef.current?.focus();
    document.execCommand(command, false, value);
    refreshActive();
    checkEmpty();
  };

  const openLink = () => {
    const selection = window.getSelection();
    savedRange.current =
      selection && selection.rangeCount > 0 && boxRef.current?.contains(selection.anchorNode)
        ? selection.getRangeAt(0).cloneRange()
        : null;
    setLinkUrl("https://");
    setLinkError(null);
    setLinkOpen(true);
  };

  const applyLink = () => {
    const url = linkUrl.trim();
    if (!/^(https?:\/\/[^\s]+|mailto:[^\s]+|tel:[+\d][\d\s-]*)$/i.test(url)) {
      setLinkError("Enter a web address starting with https://, or a mailto: or tel: link.");
      return;
    }
    const box = boxRef.current;
    if (!box) return;
    box.focus();
    const selection = window.getSelection();
    if (savedRange.current && selection) {
      selection.removeAllRanges();
      selection.addRange(savedRange.current);
    }
    if (!selection || selection.isCollapsed) {
      // Nothing selected: insert the address itself as the link text.
      document.execCommand("insertHTML", false, `<a href="${encodeURI(url)}">${escapeHtml(url)}</a>&nbsp;`);
    } else {
      document.execCommand("createLink", false, url);
    }
    setLinkOpen(false);
    checkEmpty();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod) return;
    const key = e.key.toLowerCase();
    if (key === "b") {
      e.preventDefault();
      exec("bold");
    } else if (key === "i") {
      e.preventDefault();
      exec("italic");
    } else if (key === "k") {
      e.preventDefault();
      openLink();
    } else if (key === "enter" && onSubmit) {
      e.preventDefault();
      onSubmit();
    }
  };

  const tools: { command: Command; label: string; shortcut?: string; icon: typeof BoldIcon }[] = [
    { command: "bold", label: "Bold", shortcut: "Ctrl+B", icon: BoldIcon },
    { command: "italic", label: "Italic", shortcut: "Ctrl+I", icon: ItalicIcon },
    { command: "insertUnorderedList", label: "Bulleted list", icon: ListIcon },
    { command: "insertOrderedList", label: "Numbered list", icon: ListOrderedIcon },
  ];

  return (
    <div
      className={cn(
        "min-w-0 rounded-md border border-input shadow-xs dark:bg-input/30",
        "focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/40",
        invalid && "border-destructive",
        className,
      )}
    >
      <div role="toolbar" aria-label="Formatting" className="flex flex-wrap items-center gap-1 border-b p-1">
        {tools.map((t) => (
          <Button
            key={t.command}
            type="button"
            variant="ghost"
            size="icon-sm"
            aria-label={t.label}
            aria-pressed={active[t.command]}
            title={t.shortcut ? `${t.label} (${t.shortcut})` : t.label}
            className="aria-pressed:bg-accent aria-pressed:text-accent-foreground"
            // Keep the selection in the editor when clicking a button.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => exec(t.command)}
          >
            <t.icon aria-hidden="true" />
          </Button>
        ))}
        <Button
          type="button"
          variant="ghost"
          size="icon-sm"
          aria-label="Link"
          aria-expanded={linkOpen}
          title="Link (Ctrl+K)"
          onMouseDown={(e) => e.preventDefault()}
          onClick={openLink}
        >
          <LinkIcon aria-hidden="true" />
        </Button>
      </div>
      {linkOpen ? (
        <div className="grid gap-1 border-b p-2">
          <label htmlFor={linkInputId} className="text-xs font-medium">
            Link address
          </label>
          <div className="flex min-w-0 flex-wrap gap-2">
            <Input
              id={linkInputId}
              autoFocus
              type="url"
              inputMode="url"
              value={linkUrl}
              className="h-8 min-w-0 flex-1 basis-40"
              aria-invalid={linkError ? true : undefined}
              onChange={(e) => setLinkUrl(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  applyLink();
                } else if (e.key === "Escape") {
                  e.preventDefault();
                  setLinkOpen(false);
                  boxRef.current?.focus();
                }
              }}
            />
            <Button type="button" size="sm" onClick={applyLink}>
              Apply
            </Button>
            <Button
              type="button"
              size="sm"
              variant="ghost"
              onClick={() => {
                setLinkOpen(false);
                boxRef.current?.focus();
              }}
            >
              Cancel
            </Button>
          </div>
          {linkError ? <p className="text-xs text-destructive">{linkError}</p> : null}
        </div>
      ) : null}
      {/* biome-ignore lint/a11y/useSemanticElements: a rich-text box has no native element */}
      <div
        ref={boxRef}
        role="textbox"
        tabIndex={0}
        aria-multiline="true"
        aria-label={label}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        contentEditable
        suppressContentEditableWarning
        data-empty={empty || undefined}
        data-placeholder={placeholder}
        onInput={checkEmpty}
        onKeyDown={onKeyDown}
        onKeyUp={refreshActive}
        onMouseUp={refreshActive}
        onFocus={refreshActive}
        className={cn(
          noteBodyClassName,
          "max-h-80 min-h-24 overflow-y-auto px-3 py-2 text-base outline-none md:text-sm",
          "data-empty:before:pointer-events-none data-empty:before:text-muted-foreground data-empty:before:content-[attr(data-placeholder)]",
        )}
      />
    </div>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Classes that style sanitised note HTML (lists, links, headings) inside a note or the editor. */
export const noteBodyClassName = cn(
  "min-w-0 text-sm break-words",
  "[&_a]:text-primary [&_a]:underline [&_a]:underline-offset-4",
  "[&_ul]:list-disc [&_ol]:list-decimal [&_ul,&_ol]:my-1 [&_ul,&_ol]:pl-5",
  "[&_p]:my-1 [&_blockquote]:border-l-2 [&_blockquote]:pl-3 [&_blockquote]:text-muted-foreground",
  "[&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-muted [&_pre]:p-2 [&_code]:rounded [&_code]:bg-muted [&_code]:px-1",
  "[&_h1]:text-lg [&_h1]:font-semibold [&_h2]:text-base [&_h2]:font-semibold [&_h3]:font-semibold",
);
