"use client";

/*
 * Why one file (~420 lines): the template form (name, subject, preheader, blocks), its save with errors
 * at their fields, the test send and the preview wiring all read and write one draft; the block list
 * (./block-editor.tsx), the preview (./email-preview.tsx) and the pure draft logic (./editor-state.ts)
 * already stand on their own.
 */

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BracesIcon, PlusIcon, SendIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useFocusAfterUpdate } from "@/components/layout/use-focus-after-update";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import type { EmailBlock, EmailContent } from "@/server/domain/email-blocks";
import type { TemplateOutput } from "@/server/domain/templates";
import { BlockEditor, type BlockPatch, TextField, type TrackField } from "./block-editor";
import {
  type BlockType,
  blockKinds,
  blockLabel,
  type DraftBlock,
  fieldId,
  moveBlock,
  newBlock,
  newBlockId,
  normalizeFieldErrors,
  previewableContent,
  starterBlocks,
} from "./editor-state";
import { EmailPreview } from "./email-preview";

const NAME_ID = "template-name";
const SUBJECT_ID = "template-subject";
const PREHEADER_ID = "template-preheader";
const BLOCKS_ID = "template-blocks";

/**
 * The email template editor at `/templates/new` (no `templateId`) and `/templates/<id>`: waits for the
 * template and the variables (the page prefetches both), then shows the form.
 */
export function TemplateEditor({ templateId }: { templateId?: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const template = useQuery({
    ...trpc.templates.get.queryOptions({ businessId: business.id, templateId: templateId ?? "" }),
    enabled: Boolean(templateId),
  });
  if (templateId && template.isPending) {
    return (
      <div aria-busy="true">
        <span className="sr-only" role="status">
          Loading the template
        </span>
        <SettingsCardSkeleton />
      </div>
    );
  }
  if (templateId && template.isError) {
    return (
      <QueryError
        error={template.error}
        title="The template could not load"
        onRetry={() => template.refetch()}
      />
    );
  }
  return (
    <TemplateForm key={templateId ?? "new"} initial={(template.data as TemplateOutput | undefined) ?? null} />
  );
}

/**
 * The form: name, subject and preheader; the blocks (add one of each kind, edit in place, move up or down,
 * remove); "Insert variable" writes `{{…}}` at the cursor of the field last focused; the live preview
 * beside it (below on phones). Save shows the server's errors at their fields and focuses the first;
 * "Send test to me" mails the email as it is now to the signed-in member.
 */
function TemplateForm({ initial }: { initial: TemplateOutput | null }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial?.name ?? "");
  const [subject, setSubject] = useState(initial?.subject ?? "");
  const [preheader, setPreheader] = useState(initial?.preheader ?? "");
  const [blocks, setBlocks] = useState<DraftBlock[]>(() =>
    initial ? initial.blocks.map((block) => ({ id: newBlockId(), block })) : starterBlocks(),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setFocusId = useFocusAfterUpdate();
  const lastField = useRef<{ el: HTMLInputElement | HTMLTextAreaElement; set: (v: string) => void } | null>(
    null,
  );
  const variables = useQuery(trpc.templates.variables.queryOptions({ businessId: business.id }));

  const content: EmailContent = { subject, preheader, blocks: blocks.map((b) => b.block) };
  const previewContent = useMemo(
    () => previewableContent(subject, preheader, blocks),
    [subject, preheader, blocks],
  );

  const track: TrackField = (el, set) => {
    lastField.current = { el, set };
  };
  const clearError = (key: string) =>
    setErrors((e) => {
      if (!(key in e)) return e;
      const { [key]: _, ...rest } = e;
      return rest;
    });

  const patchBlock = (id: string, patch: BlockPatch) =>
    setBlocks((prev) =>
      prev.map((d) => {
        if (d.id !== id) return d;
        const next = { ...d.block, ...patch } as Record<string, unknown>;
        for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
        return { ...d, block: next as EmailBlock };
      }),
    );
  const addBlock = (type: BlockType) => {
    const id = newBlockId();
    setBlocks((prev) => [...prev, { id, block: newBlock(type) }]);
    clearError("blocks");
    setFocusId(
      type === "divider"
        ? `${id}-up`
        : fieldId(id, type === "button" ? "label" : type === "image" ? "url" : "text"),
    );
  };
  const move = (index: number, delta: -1 | 1) => {
    const id = blocks[index]!.id;
    setBlocks((prev) => moveBlock(prev, index, delta));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith("blocks"))));
    // Keep focus on the same button of the moved block, or its other one at an end.
    const atEnd =
      (delta === -1 && index + delta === 0) || (delta === 1 && index + delta === blocks.length - 1);
    setFocusId(`${id}-${atEnd ? (delta === -1 ? "down" : "up") : delta === -1 ? "up" : "down"}`, {
      now: true,
    });
  };
  const remove = (index: number) => {
    const label = blockLabel(blocks[index]!.block.type);
    const neighbour = blocks[index + 1] ?? blocks[index - 1];
    setBlocks((prev) => prev.filter((_, i) => i !== index));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith("blocks"))));
    toast.success(`Removed the ${label.toLowerCase()} block.`);
    setFocusId(neighbour ? `${neighbour.id}-up` : "add-block-heading");
  };

  const insertVariable = (path: string) => {
    const target = lastField.current;
    if (!target?.el.isConnected) {
      toast.error("Click into a text field first, then insert the variable.");
      return;
    }
    const { el, set } = target;
    const token = `{{${path}}}`;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    set(el.value.slice(0, start) + token + el.value.slice(end));
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const showErrors = (error: unknown) => {
    const fields = normalizeFieldErrors(fieldErrorsOf(error));
    setErrors(fields);
    const first = Object.keys(fields)[0];
    if (!first) {
      toast.error(messageOf(error));
      return;
    }
    const m = /^blocks\[(\d+)\]\.(\w+)/.exec(first);
    const target =
      first === "name"
        ? NAME_ID
        : first === "subject"
          ? SUBJECT_ID
          : first === "preheader"
            ? PREHEADER_ID
            : m && blocks[Number(m[1])]
              ? fieldId(blocks[Number(m[1])]!.id, m[2]!)
              : BLOCKS_ID;
    setFocusId(target);
    toast.error("Check the highlighted fields.");
  };

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
  const create = useMutation(
    trpc.templates.create.mutationOptions({
      onSuccess: (t) => {
        toast.success(`Saved “${t.name}”.`);
        void invalidate();
        router.replace(`/b/${business.slug}/templates/${t.id}`);
      },
      onError: showErrors,
    }),
  );
  const update = useMutation(
    trpc.templates.update.mutationOptions({
      onSuccess: (t) => {
        toast.success(`Saved “${t.name}”.`);
        void invalidate();
      },
      onError: showErrors,
    }),
  );
  const sendTest = useMutation(
    trpc.templates.test.mutationOptions({
      onSuccess: (r) => toast.success(`Sent a test to ${r.to}.`),
      onError: showErrors,
    }),
  );
  const saving = create.isPending || update.isPending;
  const save = () => {
    setErrors({});
    const fields = { businessId: business.id, name, subject, preheader, blocks: content.blocks };
    if (initial) update.mutate({ ...fields, templateId: initial.id });
    else create.mutate(fields);
  };

  const blockErrors = (index: number) => {
    const prefix = `blocks[${index}]`;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(errors)) {
      if (k === prefix) out[""] = v;
      else if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
    }
    return out;
  };
  const vars = (variables.data?.data ?? []) as { path: string; label: string }[];

  return (
    <div className="min-w-0">
      <PageHeader
        title={initial ? initial.name : "New email template"}
        description={
          <>
            Build the email from blocks. <Link href={`/b/${business.slug}/templates`}>All templates</Link>
          </>
        }
        actions={
          <>
            <Button
              type="button"
              variant="outline"
              disabled={sendTest.isPending}
              onClick={() => sendTest.mutate({ businessId: business.id, content })}
            >
              <SendIcon aria-hidden="true" />
              {sendTest.isPending ? "Sending…" : "Send test to me"}
            </Button>
            <Button type="button" disabled={saving} onClick={save}>
              {saving ? "Saving…" : "Save template"}
            </Button>
          </>
        }
      />
      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)] lg:items-start">
        <form
          className="grid min-w-0 gap-6"
          aria-label="Email template"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <Card className="min-w-0 gap-4">
            <CardHeader>
              <CardTitle as="h2">Email</CardTitle>
            </CardHeader>
            <CardContent className="grid min-w-0 gap-4">
              <TextField
                id={NAME_ID}
                label="Template name"
                value={name}
                error={errors.name}
                hint="Only you and your team see this."
                onChange={(v) => {
                  setName(v);
                  clearError("name");
                }}
              />
              <TextField
                id={SUBJECT_ID}
                label="Subject"
                value={subject}
                error={errors.subject}
                track={track}
                onChange={(v) => {
                  setSubject(v);
                  clearError("subject");
                }}
              />
              <TextField
                id={PREHEADER_ID}
                label="Preheader (optional)"
                value={preheader}
                error={errors.preheader}
                track={track}
                hint="The line inboxes show after the subject."
                onChange={(v) => {
                  setPreheader(v);
                  clearError("preheader");
                }}
              />
            </CardContent>
          </Card>

          <section className="grid min-w-0 gap-3" aria-labelledby="blocks-heading">
            <div className="flex flex-wrap items-center gap-2">
              <h2 id="blocks-heading" className="mr-auto text-lg font-semibold">
                Blocks
              </h2>
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <Button type="button" variant="outline" size="sm">
                    <BracesIcon aria-hidden="true" />
                    Insert variable
                  </Button>
                </DropdownMenuTrigger>
                <DropdownMenuContent
                  align="end"
                  className="max-h-80 overflow-y-auto"
                  onCloseAutoFocus={(e) => {
                    if (lastField.current?.el.isConnected) e.preventDefault();
                  }}
                >
                  <DropdownMenuLabel>Insert at the cursor</DropdownMenuLabel>
                  <DropdownMenuSeparator />
                  {vars.map((v) => (
                    <DropdownMenuItem key={v.path} onSelect={() => insertVariable(v.path)}>
                      <span className="truncate">{v.label}</span>
                      <code className="ml-auto truncate text-xs text-muted-foreground">{v.path}</code>
                    </DropdownMenuItem>
                  ))}
                </DropdownMenuContent>
              </DropdownMenu>
            </div>
            <p className="text-sm text-muted-foreground">
              Variables are filled in per customer. Add a fallback for empty values:{" "}
              <code className="text-xs">{'{{customer.firstName | default: "there"}}'}</code>.
            </p>
            <div id={BLOCKS_ID} tabIndex={-1} className="outline-none">
              {errors.blocks ? <p className="mb-2 text-sm text-destructive">{errors.blocks}</p> : null}
              {errors.body ? <p className="mb-2 text-sm text-destructive">{errors.body}</p> : null}
              {blocks.length === 0 ? (
                <p className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">
                  No blocks yet. Add a heading or some text below.
                </p>
              ) : (
                <ol className="grid min-w-0 gap-3">
                  {blocks.map((d, i) => (
                    <BlockEditor
                      key={d.id}
                      draft={d}
                      index={i}
                      count={blocks.length}
                      errors={blockErrors(i)}
                      track={track}
                      onPatch={(patch) => {
                        patchBlock(d.id, patch);
                        for (const key of Object.keys(patch)) clearError(`blocks[${i}].${key}`);
                      }}
                      onMove={(delta) => move(i, delta)}
                      onRemove={() => remove(i)}
                    />
                  ))}
                </ol>
              )}
            </div>
            <fieldset className="grid gap-2 rounded-lg border p-3">
              <legend className="px-1 text-sm font-medium">Add a block</legend>
              <div className="flex flex-wrap gap-2">
                {blockKinds.map((k, i) => (
                  <Button
                    key={k.type}
                    id={i === 0 ? "add-block-heading" : undefined}
                    type="button"
                    variant="outline"
                    size="sm"
                    onClick={() => addBlock(k.type)}
                  >
                    <PlusIcon aria-hidden="true" />
                    {k.label}
                  </Button>
                ))}
              </div>
            </fieldset>
          </section>
        </form>
        <div className="min-w-0 lg:sticky lg:top-4">
          <EmailPreview content={previewContent} />
        </div>
      </div>
    </div>
  );
}
