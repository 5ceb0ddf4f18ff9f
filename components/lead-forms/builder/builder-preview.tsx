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

/** The width each preview renders at, in CSS pixels (a small phone; a laptop). */
const deviceWidths = { phone: 360, desktop: 1024 } as const;

/**
 * The form as visitors will see it, live as it is edited: the public form component rendered inside an
 * iframe of a phone's or a desktop's width (so the form's own width rules apply as they would there),
 * scaled down to fit the panel, and as tall as the form. Nothing can be sent from it.
 */
export function BuilderPreview({ definition }: { definition: PublicLeadFormDefinition }) {
  const [device, setDevice] = useState<"phone" | "desktop">("phone");
  const [iframe, setIframe] = useState<HTMLIFrameElement | null>(null);
  const [body, setBody] = useState<HTMLElement | null>(null);
  const [height, setHeight] = useState(480);
  const [panel, setPanel] = useState<HTMLDivElement | null>(null);
  const [panelWidth, setPanelWidth] = useState(0);
  useEffect(() => {
    if (!panel) return;
    const observer = new ResizeObserver(([entry]) => setPanelWidth(entry?.contentRect.width ?? 0));
    observer.observe(panel);
    return () => observer.disconnect();
  }, [panel]);
  const width = deviceWidths[device];
  const scale = panelWidth > 0 ? Math.min(1, panelWidth / width) : 1;

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
      <div className="min-w-0 rounded-md border bg-muted/40 p-2">
        <div ref={setPanel} className="overflow-hidden" style={{ height: Math.ceil(height * scale) }}>
          <iframe
            ref={setIframe}
            title={`Form preview at ${device} width`}
            srcDoc={FRAME_DOC}
            data-device={device}
            style={{
              width,
              height,
              transform: scale < 1 ? `scale(${scale})` : undefined,
              transformOrigin: "top left",
            }}
            className={cn("block max-w-none border-0 bg-white", scale >= 1 && "mx-auto")}
          />
        </div>
        {body
          ? createPortal(<PublicLeadForm definition={definition} preview idPrefix="preview" />, body)
          : null}
      </div>
    </div>
  );
}
