"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ClockIcon, FileTextIcon, InfoIcon, SendIcon, TriangleAlertIcon } from "lucide-react";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useBusinessHref, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import {
  type ComposerTemplate,
  whatsappTextMaxLength,
  windowRemainingText,
} from "@/server/domain/whatsapp-messages";
import { renderTemplateText } from "@/server/domain/whatsapp-templates";

/*
 * The WhatsApp composer of a customer's page, loaded on demand (whatsapp-panel.tsx). Inside Meta's
 * 24-hour customer service window it offers free-form text; outside it, an approved template with its
 * variables filled for the customer. The server decides (messages.sendWhatsApp); this only explains.
 */

/** Re-renders every minute, so "Window open for 13 h 20 min" counts down and closes on time. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

function ComposerSkeleton() {
  return (
    <div aria-hidden="true" className="grid gap-3">
      <Skeleton className="h-4 w-48" />
      <Skeleton className="h-20 w-full" />
      <Skeleton className="h-9 w-24" />
    </div>
  );
}

/** Sends on Ctrl+Enter / ⌘+Enter from a text field. */
function submitOnModEnter(send: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    }
  };
}

function useSend(onSent: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.customers.timeline.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.messages.whatsAppWindow.pathKey() }),
    ]);
  return useMutation(
    trpc.messages.sendWhatsApp.mutationOptions({
      onSuccess: async () => {
        toast.success("WhatsApp message sent.");
        onSent();
        await invalidate();
      },
      // A refused or failed send is recorded on the timeline too.
      onError: () => void invalidate(),
    }),
  );
}

/** Free-form text, while the window is open. */
function TextComposer({ customerId, closesAt }: { customerId: string; closesAt: Date }) {
  const business = useBusiness();
  const now = useNow();
  const [text, setText] = useState("");
  const fieldId = useId();
  const errorId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const send = useSend(() => setText(""));
  useEffect(() => ref.current?.focus(), []);
  const errors = send.error ? fieldErrorsOf(send.error) : {};
  const error = send.error ? (errors.text ?? errors.customerId ?? messageOf(send.error)) : null;

  const submit = () => {
    if (send.isPending) return;
    send.mutate({ businessId: business.id, customerId, text });
  };
  return (
    <form
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p className="flex items-center gap-1.5 text-sm text-success" role="status">
        <ClockIcon className="size-4 shrink-0" aria-hidden="true" />
        Window open for {windowRemainingText(new Date(closesAt).getTime() - now)}
      </p>
      <div className="grid gap-1.5">
        <Label htmlFor={fieldId}>Message</Label>
        <Textarea
          id={fieldId}
          ref={ref}
          value={text}
          maxLength={whatsappTextMaxLength}
          rows={3}
          placeholder="Write a reply…"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={submitOnModEnter(submit)}
        />
        <p className="text-xs text-muted-foreground">
          {text.length.toLocaleString("en")} / {whatsappTextMaxLength.toLocaleString("en")} · Ctrl+Enter sends
        </p>
        {error ? (
          <p id={errorId} className="text-sm text-destructive" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="justify-self-start" loading={send.isPending} disabled={!text.trim()}>
        <SendIcon aria-hidden="true" />
        Send
      </Button>
    </form>
  );
}

/** An approved template with its variables (prefilled from the mapping), a live preview and Send. */
function TemplateComposer({ customerId, templates }: { customerId: string; templates: ComposerTemplate[] }) {
  const business = useBusiness();
  const href = useBusinessHref();
  const canManage = useCan("messaging.manage");
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [values, setValues] = useState<Record<string, string>>({});
  const pickerId = useId();
  const errorId = useId();
  const send = useSend(() => setValues({}));
  const template = templates.find((t) => t.id === templateId);

  if (templates.length === 0) {
    return (
      <div className="grid gap-2 rounded-lg border border-dashed p-4 text-sm">
        <p className="font-medium">No approved WhatsApp templates yet</p>
        <p className="text-muted-foreground">
          Templates are approved by Meta. Connect WhatsApp and sync your templates, then map their variables.
        </p>
        {canManage ? (
          <Link
            href={href("/settings/messaging")}
            className="w-fit text-primary underline-offset-4 hover:underline"
          >
            Open Settings › Messaging
          </Link>
        ) : (
          <p className="text-muted-foreground">Ask an admin of the business to set them up.</p>
        )}
      </div>
    );
  }

  const slotText = (slot: ComposerTemplate["slots"][number]) => values[slot.key] ?? slot.value ?? "";
  const preview = template
    ? renderTemplateText(template.components, (key) => {
        const slot = template.slots.find((s) => s.key === key);
        const v = slot ? slotText(slot).trim() : "";
        return v || `{{${key}}}`;
      })
    : "";
  const errors = send.error ? fieldErrorsOf(send.error) : {};
  const general = send.error
    ? (errors.customerId ?? errors.templateId ?? (Object.keys(errors).length ? null : messageOf(send.error)))
    : null;

  const submit = () => {
    if (!template || send.isPending) return;
    const variables: Record<string, string> = {};
    for (const s of template.slots) {
      const v = values[s.key];
      if (v !== undefined && v !== (s.value ?? "")) variables[s.key] = v;
    }
    send.mutate({
      businessId: business.id,
      customerId,
      templateId: template.id,
      ...(Object.keys(variables).length ? { variables } : {}),
    });
  };

  return (
    <form
      className="grid min-w-0 gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-1.5">
        <Label htmlFor={pickerId}>Template</Label>
        <NativeSelect
          id={pickerId}
          value={templateId}
          onChange={(e) => {
            setTemplateId(e.target.value);
            setValues({});
            send.reset();
          }}
        >
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.language})
            </option>
          ))}
        </NativeSelect>
      </div>
      {template?.slots.map((slot) => {
        const id = `${pickerId}-${slot.key}`;
        const err = errors[`variables.${slot.key}`];
        return (
          <div key={slot.key} className="grid gap-1.5">
            <Label htmlFor={id}>{slot.label}</Label>
            <Input
              id={id}
              value={slotText(slot)}
              required
              maxLength={1000}
              aria-invalid={err ? true : undefined}
              aria-describedby={err ? `${id}-error` : undefined}
              onChange={(e) => setValues((v) => ({ ...v, [slot.key]: e.target.value }))}
            />
            {err ? (
              <p id={`${id}-error`} className="text-sm text-destructive" role="alert">
                {err}
              </p>
            ) : null}
          </div>
        );
      })}
      {template ? (
        <figure className="grid gap-1">
          <figcaption className="text-xs font-medium text-muted-foreground">Preview</figcaption>
          <p className="rounded-lg bg-muted px-3 py-2 text-sm break-words whitespace-pre-wrap">{preview}</p>
        </figure>
      ) : null}
      {general ? (
        <p id={errorId} className="text-sm text-destructive" role="alert">
          {general}
        </p>
      ) : null}
      <Button type="submit" className="justify-self-start" loading={send.isPending}>
        <SendIcon aria-hidden="true" />
        Send template
      </Button>
    </form>
  );
}

const blockedText = {
  no_number: "This customer has no WhatsApp number or phone. Add one to message them.",
  consent_denied: "This customer opted out of WhatsApp messages, so nothing can be sent to them on WhatsApp.",
  trashed: "This customer is in the Trash. Restore them to send messages.",
} as const;

/**
 * The composer for one customer: "Window open for 13 h 20 min" with a text box while Meta's 24-hour
 * customer service window is open (and a way to send a template instead), else an explanation with
 * when the window closed and the template picker. Loading, error and "no templates" states included.
 */
export function WhatsappComposer({ customerId }: { customerId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const dates = useFormatDate();
  const now = useNow();
  const [useTemplate, setUseTemplate] = useState(false);
  const state = useQuery(trpc.messages.whatsAppWindow.queryOptions({ businessId: business.id, customerId }));

  if (state.isPending) return <ComposerSkeleton />;
  if (state.isError)
    return <QueryError error={state.error} title="Could not load WhatsApp" onRetry={() => state.refetch()} />;
  const w = state.data;
  if (w.blocked)
    return (
      <Alert role="status">
        <InfoIcon aria-hidden="true" />
        <AlertDescription>{blockedText[w.blocked]}</AlertDescription>
      </Alert>
    );
  // The window may close while the page is open.
  const open = w.open && w.closesAt !== null && new Date(w.closesAt).getTime() > now;

  return (
    <div className="grid min-w-0 gap-4">
      {!w.providerConnected ? (
        <p className="text-xs text-muted-foreground">
          WhatsApp is not connected: messages go to the WhatsApp dev outbox.
        </p>
      ) : null}
      {open && !useTemplate ? (
        <>
          <TextComposer customerId={customerId} closesAt={w.closesAt!} />
          <Button
            variant="link"
            className="h-auto justify-self-start p-0"
            onClick={() => setUseTemplate(true)}
          >
            <FileTextIcon aria-hidden="true" />
            Send a template instead
          </Button>
        </>
      ) : (
        <>
          {open ? (
            <Button
              variant="link"
              className="h-auto justify-self-start p-0"
              onClick={() => setUseTemplate(false)}
            >
              Write a free-form reply instead
            </Button>
          ) : (
            <Alert role="status">
              <TriangleAlertIcon aria-hidden="true" />
              <AlertTitle>Only templates can be sent now</AlertTitle>
              <AlertDescription>
                {w.closesAt
                  ? `The 24-hour window since the customer's last WhatsApp message closed on ${dates.dateTime(w.closesAt)}.`
                  : "The customer has not written to you on WhatsApp yet."}{" "}
                WhatsApp allows free-form replies only within 24 hours of the customer's last message; until
                they write again, choose an approved template.
              </AlertDescription>
            </Alert>
          )}
          <TemplateComposer customerId={customerId} templates={w.templates} />
        </>
      )}
    </div>
  );
}

export default WhatsappComposer;
