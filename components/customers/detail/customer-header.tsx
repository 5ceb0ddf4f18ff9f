"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  ArchiveRestoreIcon,
  ArrowLeftIcon,
  BuildingIcon,
  CheckIcon,
  CircleHelpIcon,
  MailIcon,
  MessageCircleIcon,
  PencilIcon,
  PhoneIcon,
  UserIcon,
  XIcon,
} from "lucide-react";
import { lazy } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useFormatPhone } from "@/components/customers/phone-display";
import { useBusiness, useBusinessHref, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import { toast } from "@/components/ui/toast";
import { type ConsentChannel, consentChannels } from "@/server/domain/customer-values";
import type { CustomerOutput } from "@/server/domain/customers";
import { initialsOf } from "@/server/domain/format";
import { consentView, lifecycleBadgeVariant, lifecycleLabels, waDigits } from "./format";
import { NeedsReview } from "./needs-review";

const channelLabels: Record<ConsentChannel, string> = { email: "Email", whatsapp: "WhatsApp", sms: "SMS" };

function ConsentBadge({ channel, customer }: { channel: ConsentChannel; customer: CustomerOutput }) {
  const dates = useFormatDate();
  const view = consentView(channelLabels[channel], customer.consent[channel], dates.dateTime);
  if (view.state === "granted") {
    return (
      <Badge variant="success" title={view.title}>
        <CheckIcon aria-hidden="true" />
        {view.text}
      </Badge>
    );
  }
  if (view.state === "refused") {
    return (
      <Badge variant="outline" className="text-muted-foreground" title={view.title}>
        <XIcon aria-hidden="true" />
        {view.text}
      </Badge>
    );
  }
  return (
    <Badge variant="outline" className="font-normal text-muted-foreground" title={view.title}>
      <CircleHelpIcon aria-hidden="true" />
      {view.text}
    </Badge>
  );
}

const contactLink =
  "inline-flex min-w-0 items-center gap-1.5 rounded-sm break-all underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none";

const loadEditDialog = () => import("./edit-customer-dialog");
const EditCustomerDialog = lazy(loadEditDialog);
/** Starts loading the Edit dialog and the customer form when the user reaches for the button. */
function loadEdit() {
  void import("@/components/customers/customer-form");
  return loadEditDialog();
}

/** The header's Edit button; the dialog's code and the form load when the user reaches for it. */
function EditCustomerButton({ customer }: { customer: CustomerOutput }) {
  const trigger = (
    <Button variant="outline" size="sm">
      <PencilIcon aria-hidden="true" />
      Edit
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadEdit}
      popup="dialog"
      menu={<EditCustomerDialog customer={customer} trigger={trigger} />}
    />
  );
}

function RestoreBanner({ customer }: { customer: CustomerOutput }) {
  const business = useBusiness();
  const dates = useFormatDate();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canRestore = useCan("customers.delete");
  const restore = useMutation(
    trpc.customers.restore.mutationOptions({
      onSuccess: async () => {
        toast.success(`${customer.name} restored.`);
        await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  return (
    <Alert variant="destructive">
      <ArchiveRestoreIcon aria-hidden="true" />
      <AlertTitle>This customer is in the Trash</AlertTitle>
      <AlertDescription>
        <p>
          Moved there on {customer.deletedAt ? dates.dateTime(customer.deletedAt) : "—"}. Restore it to edit,
          add notes or tasks.
        </p>
        {canRestore ? (
          <Button
            variant="outline"
            size="sm"
            className="mt-2 text-foreground"
            loading={restore.isPending}
            onClick={() => restore.mutate({ businessId: business.id, customerId: customer.id })}
          >
            Restore
          </Button>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}

/**
 * The top of a customer's page: name, lifecycle stage, company, tags, phone / WhatsApp / email in
 * the business country's written form with Call, WhatsApp and Email actions, owner, consent per channel, and Edit.
 */
export function CustomerHeader({ customer }: { customer: CustomerOutput }) {
  const business = useBusiness();
  const href = useBusinessHref();
  const trpc = useTRPC();
  const canWrite = useCan("customers.write");
  const canSeeMembers = useCan("members.read");
  const members = useQuery({
    ...trpc.members.list.queryOptions({ businessId: business.id }),
    enabled: canSeeMembers && Boolean(customer.ownerId),
  });
  const owner = customer.ownerId ? members.data?.data.find((m) => m.userId === customer.ownerId) : undefined;
  const trashed = Boolean(customer.deletedAt);

  const formatPhone = useFormatPhone();
  const phone = customer.phone ? formatPhone(customer.phone) : null;
  const whatsapp = customer.whatsapp ? formatPhone(customer.whatsapp) : null;

  return (
    <header className="grid min-w-0 gap-4">
      <Link
        href={href("/customers")}
        className="inline-flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
      >
        <ArrowLeftIcon className="size-4" aria-hidden="true" />
        Customers
      </Link>
      {trashed ? <RestoreBanner customer={customer} /> : null}
      <div className="flex min-w-0 flex-wrap items-start justify-between gap-x-4 gap-y-3">
        <div className="flex min-w-0 flex-1 basis-64 items-start gap-3">
          <Avatar className="size-12 shrink-0">
            <AvatarFallback className="text-base">
              {initialsOf(customer.name, customer.email ?? undefined)}
            </AvatarFallback>
          </Avatar>
          <div className="grid min-w-0 gap-1">
            <div className="flex min-w-0 flex-wrap items-center gap-2">
              <h1 className="min-w-0 text-2xl font-semibold tracking-tight break-words">{customer.name}</h1>
              <Badge variant={lifecycleBadgeVariant[customer.lifecycleStage]}>
                {lifecycleLabels[customer.lifecycleStage]}
              </Badge>
            </div>
            {customer.company ? (
              <p className="flex min-w-0 items-center gap-1.5 text-sm text-muted-foreground">
                <BuildingIcon className="size-4 shrink-0" aria-hidden="true" />
                <span className="break-words">{customer.company}</span>
              </p>
            ) : null}
            {customer.tags.length ? (
              <ul aria-label="Tags" className="flex min-w-0 flex-wrap gap-1.5 pt-1">
                {customer.tags.map((t) => (
                  <li key={t}>
                    <Badge variant="secondary" className="max-w-full font-normal">
                      <span className="truncate">{t}</span>
                    </Badge>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {customer.phone ? (
            <Button asChild variant="outline" size="sm">
              <a href={`tel:${customer.phone}`} aria-label={`Call ${phone}`}>
                <PhoneIcon aria-hidden="true" />
                Call
              </a>
            </Button>
          ) : null}
          {customer.whatsapp ? (
            <Button asChild variant="outline" size="sm">
              <a
                href={`https://wa.me/${waDigits(customer.whatsapp)}`}
                target="_blank"
                rel="noopener noreferrer"
                aria-label={`WhatsApp ${whatsapp}`}
              >
                <MessageCircleIcon aria-hidden="true" />
                WhatsApp
              </a>
            </Button>
          ) : null}
          {customer.email ? (
            <Button asChild variant="outline" size="sm">
              <a href={`mailto:${customer.email}`} aria-label={`Email ${customer.email}`}>
                <MailIcon aria-hidden="true" />
                Email
              </a>
            </Button>
          ) : null}
          {canWrite && !trashed ? <EditCustomerButton customer={customer} /> : null}
        </div>
      </div>
      <div className="grid min-w-0 gap-x-6 gap-y-2 text-sm sm:flex sm:flex-wrap">
        {customer.phone ? (
          <a href={`tel:${customer.phone}`} className={contactLink}>
            <PhoneIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
            <span className="sr-only">Phone: </span>
            {phone}
            {customer.phoneExtension ? ` ext. ${customer.phoneExtension}` : ""}
          </a>
        ) : null}
        {customer.whatsapp ? (
          <a
            href={`https://wa.me/${waDigits(customer.whatsapp)}`}
            target="_blank"
            rel="noopener noreferrer"
            className={contactLink}
          >
            <MessageCircleIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
            <span className="sr-only">WhatsApp: </span>
            {whatsapp}
          </a>
        ) : null}
        {customer.email ? (
          <a href={`mailto:${customer.email}`} className={contactLink}>
            <MailIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
            <span className="sr-only">Email: </span>
            {customer.email}
          </a>
        ) : null}
        <span className="inline-flex min-w-0 items-center gap-1.5">
          <UserIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
          <span className="text-muted-foreground">Owner:</span>
          <span className="truncate">
            {customer.ownerId
              ? owner
                ? owner.name || owner.email
                : members.isPending
                  ? "…"
                  : "A member"
              : "Unassigned"}
          </span>
        </span>
        {!customer.phone && !customer.whatsapp && !customer.email ? (
          <span className="text-muted-foreground">No phone or email yet.</span>
        ) : null}
      </div>
      <ul aria-label="Consent" className="flex min-w-0 flex-wrap gap-1.5">
        {consentChannels.map((ch) => (
          <li key={ch}>
            <ConsentBadge channel={ch} customer={customer} />
          </li>
        ))}
      </ul>
      <NeedsReview customer={customer} />
    </header>
  );
}
