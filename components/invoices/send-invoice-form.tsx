"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { errorsOf } from "./form-errors";

/** A wa.me click-to-chat link (WhatsApp's documented share URL) with the invoice's text, to the buyer's number. */
function whatsappShareUrl(phone: string | null | undefined, text: string): string {
  const digits = phone?.replace(/\D/g, "") ?? "";
  return `https://wa.me/${digits}?text=${encodeURIComponent(text)}`;
}

/**
 * Sends an issued document: by email (to the customer's address unless another is typed, with an
 * optional note; the PDF is attached) and a WhatsApp share of the link to the customer's number. Shows
 * when it was last emailed.
 */
export function SendInvoiceForm({
  invoiceId,
  number,
  label,
  buyerEmail,
  buyerPhone,
  amountDue,
  publicUrl,
  sentAt,
  onSent,
}: {
  invoiceId: string;
  number: string;
  /** "Invoice", "Quote", "Credit note" */
  label: string;
  buyerEmail: string | null;
  buyerPhone: string | null;
  /** Formatted, or null when nothing is due. */
  amountDue: string | null;
  publicUrl: string | null;
  sentAt: Date | null;
  onSent: () => unknown;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const dates = useFormatDate();
  const ids = { to: useId(), message: useId(), template: useId() };
  const [to, setTo] = useState("");
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useMutation(
    trpc.invoices.send.mutationOptions({
      onSuccess: (d) => {
        toast.success(`Emailed to ${d.to}.`);
        setErrors({});
        setMessage("");
        return onSent();
      },
      onError: (e) => setErrors(errorsOf(e)),
    }),
  );
  const templates = useQuery({
    ...trpc.whatsappTemplates.list.queryOptions({ businessId: business.id }),
    retry: false,
  });
  const approved = (templates.data?.data ?? []).filter((t) => t.status === "APPROVED");
  const [templateId, setTemplateId] = useState("");
  const chosen = templateId || approved[0]?.id || "";
  const sendWhatsapp = useMutation(
    trpc.invoices.sendWhatsapp.mutationOptions({
      onSuccess: () => {
        toast.success("Sent on WhatsApp.");
        return onSent();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const shareText = `${label} ${number} from ${business.name}${amountDue ? `: ${amountDue} due` : ""}.${publicUrl ? ` View${amountDue ? " and pay" : ""}: ${publicUrl}` : ""}`;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2" className="text-base">
          Send to the customer
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        <p className="text-sm text-muted-foreground">
          {sentAt ? `Last emailed ${dates.dateTime(sentAt)}.` : "Not emailed yet."} The PDF is attached and
          the email links to the page where it can be paid.
        </p>
        <form
          className="grid gap-3"
          aria-label={`Email the ${label.toLowerCase()}`}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!to.trim() && !buyerEmail)
              return setErrors({ to: "This customer has no email address: enter one." });
            send.mutate({
              businessId: business.id,
              invoiceId,
              to: to.trim() || null,
              message: message.trim() || null,
            });
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor={ids.to}>To</Label>
            <Input
              id={ids.to}
              type="email"
              value={to}
              placeholder={buyerEmail ?? "customer@example.com"}
              aria-invalid={!!errors.to}
              aria-describedby={errors.to ? `${ids.to}-error` : undefined}
              onChange={(e) => setTo(e.target.value)}
            />
            {errors.to ? (
              <p id={`${ids.to}-error`} className="text-sm text-destructive">
                {errors.to}
              </p>
            ) : null}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={ids.message}>Message (optional)</Label>
            <Textarea
              id={ids.message}
              rows={3}
              value={message}
              maxLength={2000}
              placeholder="Thank you for your business."
              onChange={(e) => setMessage(e.target.value)}
            />
          </div>
          {errors._ && !errors.to ? (
            <p role="alert" className="text-sm text-destructive">
              {errors._}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={send.isPending}>
              {sentAt ? "Email again" : "Email"}
            </Button>
            {publicUrl ? (
              <Button asChild variant="outline">
                <a href={whatsappShareUrl(buyerPhone, shareText)} target="_blank" rel="noreferrer">
                  Share on WhatsApp
                </a>
              </Button>
            ) : null}
          </div>
        </form>
        <div className="grid gap-2 border-t pt-3">
          <Label htmlFor={ids.template}>WhatsApp template</Label>
          {approved.length ? (
            <div className="flex flex-wrap items-center gap-2">
              <NativeSelect
                id={ids.template}
                wrapperClassName="min-w-48 flex-1"
                value={chosen}
                onChange={(e) => setTemplateId(e.target.value)}
              >
                {approved.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.language})
                  </option>
                ))}
              </NativeSelect>
              <Button
                type="button"
                variant="outline"
                loading={sendWhatsapp.isPending}
                onClick={() =>
                  sendWhatsapp.mutate({ businessId: business.id, invoiceId, templateId: chosen })
                }
              >
                Send on WhatsApp
              </Button>
            </div>
          ) : (
            <p id={ids.template} className="text-sm text-muted-foreground">
              No approved WhatsApp template yet: connect WhatsApp in Settings → Messaging and sync your
              templates.
            </p>
          )}
          <p className="text-xs text-muted-foreground">
            Filled by position: a body like “Hello {"{{1}}"}, your invoice {"{{5}}"} of {"{{2}}"} is due on{" "}
            {"{{3}}"}. View and pay: {"{{4}}"}” gets the name, amount due, due date, link and number.
          </p>
        </div>
      </CardContent>
    </Card>
  );
}
