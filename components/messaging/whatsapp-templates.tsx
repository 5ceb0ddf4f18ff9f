"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MessageSquareTextIcon, RefreshCwIcon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import { type WhatsappTemplateView, whatsappMappingFields } from "@/server/domain/whatsapp-templates";

const statusVariant: Record<string, "success" | "warning" | "destructive" | "outline"> = {
  APPROVED: "success",
  PENDING: "warning",
  IN_APPEAL: "warning",
  REJECTED: "destructive",
  PAUSED: "destructive",
  DISABLED: "destructive",
  DELETED: "outline",
};

/** Meta's status of a template as a badge. */
function StatusBadge({ status }: { status: string }) {
  return (
    <Badge variant={statusVariant[status] ?? "outline"}>{status.toLowerCase().replaceAll("_", " ")}</Badge>
  );
}

/**
 * The business's WhatsApp templates as synced from Meta: status, category, language, the text with its
 * variables, what keeps each from being sent, a Sync button (messaging.manage) and a variable mapping
 * editor (campaigns.write).
 */
export function WhatsappTemplates({ settingsHref }: { settingsHref: string | null }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canSync = useCan("messaging.manage");
  const canMap = useCan("campaigns.write");
  const [editing, setEditing] = useState<WhatsappTemplateView | null>(null);
  const list = useQuery(trpc.whatsappTemplates.list.queryOptions({ businessId: business.id }));
  const sync = useMutation(
    trpc.whatsappTemplates.sync.mutationOptions({
      onSuccess: async (r) => {
        toast.success(
          r.source === "samples"
            ? `WhatsApp is not connected: ${r.synced} sample templates added for trying things on this machine.`
            : `${r.synced} templates synced from Meta${r.deleted ? `, ${r.deleted} marked deleted` : ""}.`,
        );
        await queryClient.invalidateQueries({ queryKey: trpc.whatsappTemplates.pathKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const syncButton = canSync ? (
    <Button onClick={() => sync.mutate({ businessId: business.id })} loading={sync.isPending}>
      <RefreshCwIcon aria-hidden="true" />
      Sync from Meta
    </Button>
  ) : null;
  const templates = list.data?.data ?? [];

  return (
    <div className="min-w-0">
      <PageHeader
        title="WhatsApp templates"
        description="Messages approved by Meta. Outside the 24-hour window after a customer writes, only these can be sent."
        actions={syncButton}
        className="mb-4"
      />
      {list.isPending ? (
        <ListSkeleton rows={3} />
      ) : list.isError ? (
        <QueryError error={list.error} title="Templates could not be loaded" onRetry={() => list.refetch()} />
      ) : templates.length === 0 ? (
        <EmptyState
          icon={<MessageSquareTextIcon />}
          title="No templates yet"
          description={
            <>
              Create templates in Meta's WhatsApp Manager, then sync them here.
              {settingsHref ? (
                <>
                  {" "}
                  Connect WhatsApp in{" "}
                  <Link href={settingsHref} className="font-medium underline underline-offset-4">
                    Messaging settings
                  </Link>{" "}
                  first.
                </>
              ) : null}
            </>
          }
          action={syncButton}
        />
      ) : (
        <ul className="grid gap-4">
          {templates.map((t) => (
            <li key={t.id}>
              <Card>
                <CardHeader>
                  <CardTitle as="h2" className="flex min-w-0 flex-wrap items-center gap-2">
                    <span className="min-w-0 break-all font-mono text-base">{t.name}</span>
                    <StatusBadge status={t.status} />
                  </CardTitle>
                  <CardDescription>
                    {[t.category?.toLowerCase(), t.language].filter(Boolean).join(" · ")}
                  </CardDescription>
                </CardHeader>
                <CardContent className="grid gap-3">
                  <p className="rounded-md bg-muted p-3 text-sm break-words whitespace-pre-wrap">
                    {t.preview}
                  </p>
                  {t.problems.length > 0 && t.status !== "DELETED" ? (
                    <ul className="grid gap-1 text-sm text-muted-foreground">
                      {t.problems.map((p) => (
                        <li key={p} className="flex gap-2">
                          <TriangleAlertIcon
                            aria-hidden="true"
                            className="mt-0.5 size-4 shrink-0 text-warning"
                          />
                          {p}
                        </li>
                      ))}
                    </ul>
                  ) : t.status === "APPROVED" ? (
                    <p className="text-sm text-success">Ready to send.</p>
                  ) : null}
                  {canMap && t.slots.length > 0 && t.status !== "DELETED" ? (
                    <div>
                      <Button variant="outline" size="sm" onClick={() => setEditing(t)}>
                        Map variables ({t.slots.length})
                      </Button>
                    </div>
                  ) : null}
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {editing ? <MappingDialog template={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

type Row = { source: string; value: string };

function initialRows(t: WhatsappTemplateView): Record<string, Row> {
  const rows: Record<string, Row> = {};
  for (const slot of t.slots) {
    const m = t.mapping[slot.key] as { field?: string; fallback?: string; text?: string } | undefined;
    rows[slot.key] =
      m?.text !== undefined
        ? { source: "text", value: m.text }
        : { source: m?.field ?? "customer.firstName", value: m?.fallback ?? "" };
  }
  return rows;
}

/** Maps each variable of a template to a customer field (with a fallback) or fixed text. */
function MappingDialog({ template, onClose }: { template: WhatsappTemplateView; onClose: () => void }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(() => initialRows(template));
  const customFields = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const save = useMutation(
    trpc.whatsappTemplates.setMapping.mutationOptions({
      onSuccess: async () => {
        toast.success("Variables saved");
        await queryClient.invalidateQueries({ queryKey: trpc.whatsappTemplates.pathKey() });
        onClose();
      },
    }),
  );
  const errors = save.error ? fieldErrorsOf(save.error) : {};
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const mapping = Object.fromEntries(
      Object.entries(rows).map(([key, r]) => [
        key,
        r.source === "text"
          ? { text: r.value }
          : { field: r.source, ...(r.value.trim() ? { fallback: r.value } : {}) },
      ]),
    );
    save.mutate({ businessId: business.id, templateId: template.id, mapping });
  };
  const fields = customFields.data ?? [];

  return (
    <Dialog open onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle className="break-all">Variables of {template.name}</DialogTitle>
            <DialogDescription>
              Each variable takes a customer's field (with a fallback when it is empty) or fixed text.
            </DialogDescription>
          </DialogHeader>
          {save.error && Object.keys(errors).length === 0 ? (
            <Alert variant="destructive">
              <TriangleAlertIcon aria-hidden="true" />
              <AlertDescription>{messageOf(save.error)}</AlertDescription>
            </Alert>
          ) : null}
          {template.slots.map((slot) => {
            const row = rows[slot.key]!;
            const id = `slot-${slot.key.replaceAll(".", "-")}`;
            const error = errors[`mapping.${slot.key}`];
            const set = (patch: Partial<Row>) => setRows((r) => ({ ...r, [slot.key]: { ...row, ...patch } }));
            return (
              <fieldset key={slot.key} className="grid gap-2 rounded-md border p-3">
                <legend className="px-1 text-sm font-medium">
                  {slot.label}
                  {slot.example ? (
                    <span className="font-normal text-muted-foreground"> · e.g. {slot.example}</span>
                  ) : null}
                </legend>
                <Label htmlFor={`${id}-source`} className="sr-only">
                  Source of {slot.label}
                </Label>
                <NativeSelect
                  id={`${id}-source`}
                  value={row.source}
                  onChange={(e) => set({ source: e.target.value })}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                >
                  {Object.entries(whatsappMappingFields).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                  {fields.map((f) => (
                    <option key={f.key} value={`customer.custom.${f.key}`}>
                      {f.label} (custom field)
                    </option>
                  ))}
                  <option value="text">Fixed text</option>
                </NativeSelect>
                <Label htmlFor={`${id}-value`} className="text-sm font-normal text-muted-foreground">
                  {row.source === "text" ? "Text" : "Fallback when empty"}
                </Label>
                <Input
                  id={`${id}-value`}
                  value={row.value}
                  onChange={(e) => set({ value: e.target.value })}
                  placeholder={row.source === "text" ? slot.example : "there"}
                />
                {error ? (
                  <p id={`${id}-error`} className="text-sm font-medium text-destructive">
                    {error}
                  </p>
                ) : null}
              </fieldset>
            );
          })}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save variables
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
