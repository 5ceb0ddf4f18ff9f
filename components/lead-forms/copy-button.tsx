"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

/**
 * Copies `text` and says so on the button for two seconds (announced politely). `label` is the visible
 * text; `ariaLabel` names what is copied when the label alone would be ambiguous in a list.
 */
export function CopyButton({
  text,
  label = "Copy",
  ariaLabel,
  variant = "outline",
}: {
  text: string;
  label?: string;
  ariaLabel?: string;
  variant?: "outline" | "ghost" | "secondary";
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      toast.error("Could not copy. Select the text and copy it yourself.");
    }
  }
  return (
    <Button
      type="button"
      variant={variant}
      size="sm"
      onClick={copy}
      aria-label={ariaLabel}
      aria-live="polite"
    >
      {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
      {copied ? "Copied" : label}
    </Button>
  );
}
