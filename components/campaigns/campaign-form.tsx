"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TriangleAlertIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { TagInput } from "@/components/customers/form/tag-input";
import { useBusiness } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Link } from "@/components/ui/link";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { formatCount } from "@/server/domain/format";
import { AbTestFields } from "./ab-test-fields";
import { abFieldOf, abTestFromSaved, buildAbTestInput } from "./ab-test-state";
import { channelOptions, usesEmail } from "./campaign-display";
import {
  buildCampaignInput,
  type CampaignFormInput,
  type CampaignFormState,
  emptyFormState,
  type FormErrors,
  formErrorsFrom,
  formFieldOrder,
  formStateFromCampaign,
  type SavedCampaign,
} from "./campaign-form-state";
import { ChoiceCards } from "./choice-cards";
import { ContentFields, type ContentOptions } from "./content-fields";
import { describedBy, FormField, fieldId } from "./form-field";
import { ScheduleFields } from "./schedule-fields";

/**
 * The campaign editor at `/campaigns/new` (no `campaignId`) and `/campaigns/<id>/edit`: waits for the
 * campaign (prefetched by the page), then shows the form.
 */
export function CampaignEditor({ campaignId }: { campaignId?: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const campaign = useQuery({
    ...trpc.campaigns.get.queryOptions({ businessId: business.id, campaignId: campaignId ?? "" }),
    enabled: Boolean(campaignId),
  });
  if (campaignId && campaign.isPending) {
    return <SettingsCardSkeleton rows={4} variant="form" label="Loading the campaign" />;
  }
  if (campaignId && campaign.isError) {
    return (
      <QueryError
        error={campaign.error}
        title="The campaign could not load"
        onRetry={() => campaign.refetch()}
      />
    );
  }
  return (
    <CampaignForm key={campaign.data?.id ?? "new"} campaign={campaign.data as SavedCampaign | undefined} />
  );
}

/** A numbered step of the form. */
function Step({
  n,
  title,
  description,
  children,
}: {
  n: number;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2">
          <span
            aria-hidden="true"
            className="grid size-6 shrink-0 place-items-center rounded-full bg-primary text-xs text-primary-foreground"
          >
            {n}
          </span>
          <span>
            <span className="sr-only">Step {n}: </span>
            {title}
          </span>
        </CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">{children}</CardContent>
    </Card>
  );
}

/**
 * The form, in four steps on one page: name and channel; audience (a saved segment with its live count,
 * tags, or everyone reachable); content (email written in Markdown or copied from a template; an approved
 * WhatsApp template); and when (now, or a date and time in the business's time zone). Saving keeps it
 * as a draft and opens the campaign's review; the server's field errors come back at their fields.
 */
function CampaignForm({ campaign }: { campaign: SavedCampaign | undefined }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const businessId = business.id;
  const [state, setState] = useState<CampaignFormState>(() =>
    campaign ? formStateFromCampaign(campaign, business.timeZone) : emptyFormState(),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [ab, setAb] = useState(() =>
    abTestFromSaved(campaign?.abTest as Parameters<typeof abTestFromSaved>[0], usesEmail(state.channel)),
  );
  const [abErrors, setAbErrors] = useState<Record<string, string>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [focus, setFocus] = useState<string | null>(null);

  const segments = useQuery(trpc.segments.list.queryOptions({ businessId }));
  const options = useQuery(trpc.campaigns.contentOptions.queryOptions({ businessId }));
  const segmentCount = useQuery({
    ...trpc.segments.count.queryOptions({ businessId, segmentId: state.segmentId }),
    enabled: state.audienceType === "segment" && Boolean(state.segmentId),
  });

  useEffect(() => {
    if (!focus) return;
    document.getElementById(focus)?.focus();
    setFocus(null);
  }, [focus]);

  const set = (patch: Partial<CampaignFormState>) => {
    setState((s) => ({ ...s, ...patch }));
    const cleared = Object.keys(patch);
    setErrors((e) => {
      const next = { ...e };
      for (const k of cleared) delete next[k as keyof FormErrors];
      if ("audienceType" in patch) delete next.audience;
      if ("day" in patch || "time" in patch || "when" in patch) delete next.schedule;
      return next;
    });
  };

  function showErrors(fields: FormErrors) {
    setErrors(fields);
    const first = formFieldOrder.find((f) => fields[f]);
    if (first) setFocus(first === "schedule" ? fieldId("day") : fieldId(first));
  }

  const save = useMutation({
    mutationFn: async ({ input, preheader }: { input: CampaignFormInput; preheader: string | null }) => {
      const saved = campaign
        ? await client.campaigns.update.mutate({ businessId, campaignId: campaign.id, ...input })
        : await client.campaigns.create.mutate({ businessId, ...input });
      const email = saved.email as { subject: string; preheader: string; blocks: never[] } | null;
      if (preheader && email) {
        // The Markdown shortcut leaves the preheader empty; it is set on the email it made.
        return client.campaigns.update.mutate({
          businessId,
          campaignId: saved.id,
          email: { ...email, preheader },
        });
      }
      return saved;
    },
    onSuccess: (saved) => {
      toast.success(campaign ? `“${saved.name}” saved` : `Draft “${saved.name}” created`);
      void queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
      router.push(`/b/${business.slug}/campaigns/${saved.id}`);
    },
    onError: (e) => {
      const all = fieldErrorsOf(e);
      const abFields: Record<string, string> = {};
      for (const [path, message] of Object.entries(all)) {
        const f = abFieldOf(path);
        if (!f) continue;
        abFields[f.index === undefined ? f.field : `variant-${f.index}-${f.field}`] ??= message;
        delete all[path];
      }
      setAbErrors(abFields);
      const { fields, other } = formErrorsFrom(all);
      setOtherErrors(other);
      if (Object.keys(fields).length) showErrors(fields);
      else if (!other.length) setOtherErrors([messageOf(e)]);
    },
  });

  function submit() {
    setOtherErrors([]);
    const built = buildCampaignInput(state, {
      timeZone: business.timeZone,
      now: new Date(),
      original: campaign?.email,
    });
    if ("errors" in built) {
      showErrors(built.errors);
      return;
    }
    setErrors({});
    setAbErrors({});
    save.mutate({
      ...built,
      input: { ...built.input, abTest: buildAbTestInput(ab, usesEmail(state.channel)) },
    });
  }

  const segmentList = segments.data?.data ?? [];
  const cancelHref = campaign
    ? `/b/${business.slug}/campaigns/${campaign.id}`
    : `/b/${business.slug}/campaigns`;
  const audienceOptions = [
    { value: "segment" as const, label: "A saved segment", description: "Such as “Birthday this month”." },
    { value: "tags" as const, label: "Customers with tags", description: "Any of the tags you list." },
    { value: "everyone" as const, label: "Everyone reachable", description: "All your customers." },
    ...(state.rules
      ? [{ value: "rules" as const, label: "Its own rules", description: "As saved with the campaign." }]
      : []),
  ];

  return (
    <div className="min-w-0">
      <PageHeader
        title={campaign ? "Edit campaign" : "New campaign"}
        description="Saved as a draft: you review who gets it before anything is sent."
      />
      <form
        noValidate
        className="grid min-w-0 gap-6"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Step n={1} title="Name and channel">
          <FormField field="name" label="Name" hint="Only your team sees it." error={errors.name}>
            <Input
              id={fieldId("name")}
              value={state.name}
              maxLength={200}
              placeholder="Birthday greetings for VIPs"
              onChange={(e) => set({ name: e.target.value })}
              aria-invalid={!!errors.name}
              aria-describedby={describedBy("name", true, errors.name)}
            />
          </FormField>
          <ChoiceCards
            name="campaign-channel"
            legend="Channel"
            value={state.channel}
            onChange={(channel) => set({ channel })}
            options={channelOptions}
            error={errors.channel}
          />
        </Step>

        <Step
          n={2}
          title="Audience"
          description={
            <>
              Need other rules?{" "}
              <Link href={`/b/${business.slug}/segments/new`} className="underline underline-offset-4">
                Build a segment
              </Link>{" "}
              and pick it here.
            </>
          }
        >
          <ChoiceCards
            name="campaign-audience"
            legend="Who gets it"
            value={state.audienceType}
            onChange={(audienceType) => set({ audienceType })}
            options={audienceOptions}
            error={errors.audience}
          />
          {state.audienceType === "segment" ? (
            <FormField
              field="segmentId"
              label="Segment"
              error={errors.segmentId ?? (segments.isError ? messageOf(segments.error) : undefined)}
              hint={
                state.segmentId ? (
                  <span aria-live="polite">
                    {segmentCount.isPending ? (
                      <Skeleton className="inline-block h-4 w-28 align-middle" />
                    ) : segmentCount.isError ? (
                      "Count unavailable"
                    ) : (
                      `${formatCount(segmentCount.data.count)} customer${segmentCount.data.count === 1 ? "" : "s"} in it now`
                    )}
                  </span>
                ) : undefined
              }
            >
              <NativeSelect
                id={fieldId("segmentId")}
                value={state.segmentId}
                onChange={(e) => set({ segmentId: e.target.value })}
                aria-invalid={!!errors.segmentId}
                aria-describedby={describedBy("segmentId", Boolean(state.segmentId), errors.segmentId)}
              >
                <option value="">{segments.isPending ? "Loading segments…" : "Pick a segment"}</option>
                {segmentList.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          ) : null}
          {state.audienceType === "tags" ? (
            <FormField
              field="tags"
              label="Tags"
              hint="Customers with any of these tags. Press Enter after each."
              error={errors.tags}
            >
              <TagInput
                id={fieldId("tags")}
                value={state.tags}
                onChange={(tags) => set({ tags })}
                invalid={!!errors.tags}
                describedBy={describedBy("tags", true, errors.tags)}
              />
            </FormField>
          ) : null}
          {state.audienceType === "everyone" ? (
            <p className="text-sm text-muted-foreground">
              Every customer the channel can reach; those without an address or consent are left out and
              counted in the review.
            </p>
          ) : null}
        </Step>

        <Step n={3} title="Content">
          {options.isError ? (
            <QueryError
              error={options.error}
              title="Your templates could not load"
              onRetry={() => options.refetch()}
            />
          ) : null}
          <ContentFields
            state={state}
            set={set}
            errors={errors}
            options={options.data as ContentOptions | undefined}
          />
          <AbTestFields
            value={ab}
            onChange={(next) => {
              setAb(next);
              setAbErrors({});
            }}
            isEmail={state.channel === "email"}
            options={options.data as ContentOptions | undefined}
            errors={abErrors}
          />
        </Step>

        <Step n={4} title="When">
          <ScheduleFields state={state} set={set} error={errors.schedule} timeZone={business.timeZone} />
        </Step>

        {otherErrors.length ? (
          <Alert variant="destructive">
            <TriangleAlertIcon aria-hidden="true" />
            <AlertTitle>The campaign was not saved</AlertTitle>
            <AlertDescription>{otherErrors.join(" ")}</AlertDescription>
          </Alert>
        ) : null}

        <div className="flex flex-wrap items-center justify-end gap-2">
          <Button asChild variant="outline">
            <Link href={cancelHref}>Cancel</Link>
          </Button>
          <Button type="submit" loading={save.isPending}>
            {campaign ? "Save and review" : "Save draft and review"}
          </Button>
        </div>
      </form>
    </div>
  );
}
