"use client";

import { MonitorIcon, SmartphoneIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/utils";
import type { PublicLeadFormDefinition } from "@/server/domain/lead-forms";
import { PublicLeadForm } from "../public-form";

const FRAME_DOC =
  '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="margin:0"></body></html>';

/**
 * The form as visitors will see it, live as it is edited: the public form component rendered inside an
 * iframe (so its own width rules apply: 360 px for a phone, the panel's width, at least 600 px, for a
 * desktop) that grows to the form's height. Nothing can be sent from it.
 */
export function BuilderPreview({ definition }: { definition: PublicLeadFormDefinition }) {
  const [device, setDevice] = useState<"phone" | "desktop">("phone");
  const [iframe, setIframe] = useState<HTMLIFrameElement | null>(null);
  const [body, setBody] = useState<HTMLElement | null>(null);
  const [height, setHeight] = useState(480);

  useEffect(() => {
    if (!iframe) return;
    const ready = () => {
      const doc = iframe.contentDocument;
      if (doc?.body) setBody(doc.body);
    };
    // The srcdoc document may have loaded before this ran (the first about:blank one does not count).
    const doc = iframe.contentDocument;
    if (doc?.URL === "about:srcdoc" && doc.readyState === "complete") ready();
    iframe.addEventListener("load", ready);
    return () => iframe.removeEventListener("load", ready);
  }, [iframe]);

  useEffect(() => {
    const win = iframe?.contentWindow as (Window & typeof globalThis) | null | undefined;
    if (!body || !win?.ResizeObserver) return;
    const observer = new win.ResizeObserver(() => setHeight(Math.max(200, body.scrollHeight)));
    observer.observe(body);
    return () => observer.disconnect();
  }, [body, iframe]);

  return (
    <div className="grid min-w-0 gap-3">
      <fieldset className="flex flex-wrap gap-2">
        <legend className="sr-only">Preview width</legend>
        <Button
          type="button"
          size="sm"
          variant={device === "phone" ? "secondary" : "ghost"}
          aria-pressed={device === "phone"}
          onClick={() => setDevice("phone")}
        >
          <SmartphoneIcon aria-hidden="true" />
          Phone
        </Button>
        <Button
          type="button"
          size="sm"
          variant={device === "desktop" ? "secondary" : "ghost"}
          aria-pressed={device === "desktop"}
          onClick={() => setDevice("desktop")}
        >
          <MonitorIcon aria-hidden="true" />
          Desktop
        </Button>
      </fieldset>
      <div className="min-w-0 overflow-x-auto rounded-md border bg-muted/40 p-2">
        <iframe
          ref={setIframe}
          title={`Form preview at ${device} width`}
          srcDoc={FRAME_DOC}
          data-device={device}
          style={{ height }}
          className={cn(
            "mx-auto block border-0 bg-white",
            device === "phone" ? "w-[360px] max-w-none" : "w-full min-w-[600px]",
          )}
        />
        {body
          ? createPortal(<PublicLeadForm definition={definition} preview idPrefix="preview" />, body)
          : null}
      </div>
    </div>
  );
}
