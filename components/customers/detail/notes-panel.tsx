"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { PencilIcon, PinIcon, PinOffIcon, StickyNoteIcon, Trash2Icon, XIcon } from "lucide-react";
import { useId, useRef, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmOnDemand } from "@/components/ui/confirm-on-demand";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import {
  AttachFilesButton,
  AttachmentList,
  type AttachmentRow,
  attachmentSizeError,
  UploadProgressList,
  useAttachmentUploads,
} from "./attachments";
import { formatBytes } from "./format";
import { nextPageOptions, notesInput } from "./queries";
import { noteBodyClassName, RichTextEditor, type RichTextHandle } from "./rich-text-editor";

interface NoteRow {
  id: string;
  authorName: string | null;
  body: string;
  pinned: boolean;
  createdAt: Date;
  updatedAt: Date;
  attachments: AttachmentRow[];
}

function useInvalidateNotes() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.notes.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.timeline.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.get.pathKey() }),
    ]);
}

/** The composer: rich text, files to attach once the note exists, and "Add note". */
function NoteComposer({ customerId, disabled }: { customerId: string; disabled?: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const invalidate = useInvalidateNotes();
  const editor = useRef<RichTextHandle | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { uploads, upload } = useAttachmentUploads();
  const errorId = useId();

  const create = useMutation(
    trpc.notes.create.mutationOptions({
      onSuccess: async (note) => {
        editor.current?.clear();
        const pending = files;
        setFiles([]);
        setError(null);
        toast.success("Note added.");
        await invalidate();
        if (pending.length) await upload(note.id, pending);
      },
      onError: (e) => setError(fieldErrorsOf(e).body ?? messageOf(e)),
    }),
  );

  const submit = () => {
    if (!editor.current || editor.current.isEmpty()) {
      setError("Write something.");
      editor.current?.focus();
      return;
    }
    create.mutate({ businessId: business.id, customerId, body: editor.current.html() });
  };

  const addFiles = (picked: File[]) => {
    const ok: File[] = [];
    for (const f of picked) {
      const reason = attachmentSizeError(f);
      if (reason) toast.error(reason);
      else ok.push(f);
    }
    setFiles((current) => [...current, ...ok]);
  };

  return (
    <form
      className="grid min-w-0 gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <RichTextEditor
        handleRef={editor}
        label="Note"
        placeholder="Write a note… (Ctrl+Enter to save)"
        onSubmit={submit}
        onEmptyChange={(empty) => {
          if (!empty) setError(null);
        }}
        invalid={Boolean(error)}
        describedBy={error ? errorId : undefined}
      />
      {error ? (
        <p id={errorId} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      {files.length ? (
        <ul className="flex min-w-0 flex-wrap gap-2" aria-label="Files to attach">
          {files.map((f, i) => (
            <li
              key={`${f.name}-${i}`}
              className="flex max-w-full min-w-0 items-center gap-1 rounded-md border py-0.5 pr-0.5 pl-2 text-xs"
            >
              <span className="truncate">{f.name}</span>
              <span className="shrink-0 text-muted-foreground">({formatBytes(f.size)})</span>
              <Button
                type="button"
                variant="ghost"
                size="icon-sm"
                className="size-6"
                aria-label={`Do not attach ${f.name}`}
                onClick={() => setFiles((fs) => fs.filter((_, j) => j !== i))}
              >
                <XIcon aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <UploadProgressList uploads={uploads} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" loading={create.isPending} disabled={disabled}>
          Add note
        </Button>
        <AttachFilesButton onFiles={addFiles} disabled={disabled} />
        <span className="text-xs text-muted-foreground">Files up to 10 MB.</span>
      </div>
    </form>
  );
}

/** One note: body, author and time, pin/unpin, edit in place, delete, attachments. */
function NoteItem({ note, canWrite }: { note: NoteRow; canWrite: boolean }) {
  const business = useBusiness();
  const dates = useFormatDate();
  const trpc = useTRPC();
  const invalidate = useInvalidateNotes();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editor = useRef<RichTextHandle | null>(null);
  const { uploads, upload } = useAttachmentUploads();

  const onError = (e: unknown) => toast.error(messageOf(e));
  const pin = useMutation(
    trpc.notes.setPinned.mutationOptions({
      onSuccess: (_, vars) => {
        toast.success(vars.pinned ? "Note pinned." : "Note unpinned.");
        return invalidate();
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.notes.update.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        setError(null);
        toast.success("Note saved.");
        await invalidate();
      },
      onError: (e) => setError(fieldErrorsOf(e).body ?? messageOf(e)),
    }),
  );
  const remove = useMutation(
    trpc.notes.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Note deleted.");
        return invalidate();
      },
      onError,
    }),
  );

  const save = () => {
    if (!editor.current || editor.current.isEmpty()) {
      setError("Write something.");
      return;
    }
    update.mutate({ businessId: business.id, noteId: note.id, body: editor.current.html() });
  };

  const edited = new Date(note.updatedAt).getTime() - new Date(note.createdAt).getTime() > 1000;

  return (
    <li
      className={cn(
        "grid min-w-0 gap-2 rounded-lg border p-3",
        note.pinned && "border-primary/40 bg-primary/5",
      )}
    >
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground">
        {note.pinned ? (
          <Badge variant="secondary">
            <PinIcon aria-hidden="true" />
            Pinned
          </Badge>
        ) : null}
        <span className="font-medium text-foreground">{note.authorName ?? "Someone"}</span>
        <time dateTime={new Date(note.createdAt).toISOString()}>{dates.dateTime(note.createdAt)}</time>
        {edited ? <span>(edited)</span> : null}
        {canWrite && !editing ? (
          <div className="ml-auto flex items-center gap-0.5">
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label={note.pinned ? "Unpin note" : "Pin note"}
              title={note.pinned ? "Unpin" : "Pin"}
              disabled={pin.isPending}
              onClick={() => pin.mutate({ businessId: business.id, noteId: note.id, pinned: !note.pinned })}
            >
              {note.pinned ? <PinOffIcon aria-hidden="true" /> : <PinIcon aria-hidden="true" />}
            </Button>
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label="Edit note"
              title="Edit"
              onClick={() => setEditing(true)}
            >
              <PencilIcon aria-hidden="true" />
            </Button>
            <ConfirmOnDemand
              trigger={
                <Button variant="ghost" size="icon-sm" aria-label="Delete note" title="Delete">
                  <Trash2Icon aria-hidden="true" />
                </Button>
              }
              title="Delete this note?"
              description="The note and its attachments will be deleted. This cannot be undone."
              onConfirm={() => remove.mutate({ businessId: business.id, noteId: note.id })}
            />
          </div>
        ) : null}
      </div>
      {editing ? (
        <div className="grid gap-2">
          <RichTextEditor
            handleRef={editor}
            label="Edit note"
            initialHtml={note.body}
            onSubmit={save}
            invalid={Boolean(error)}
          />
          {error ? <p className="text-sm text-destructive">{error}</p> : null}
          <div className="flex flex-wrap gap-2">
            <Button size="sm" loading={update.isPending} onClick={save}>
              Save
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setEditing(false);
                setError(null);
              }}
            >
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div
          className={noteBodyClassName}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the server sanitises note HTML with an allow-list before storing it
          dangerouslySetInnerHTML={{ __html: note.body }}
        />
      )}
      <AttachmentList attachments={note.attachments} canWrite={canWrite} />
      <UploadProgressList uploads={uploads} />
      {canWrite && !editing ? (
        <div>
          <AttachFilesButton label="Attach" onFiles={(files) => void upload(note.id, files)} />
        </div>
      ) : null}
    </li>
  );
}

/** Notes on a customer: the composer, then pinned notes first and the rest newest first, with "Load more". */
export function NotesPanel({ customerId, readOnly }: { customerId: string; readOnly?: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const canWrite = useCan("customers.write") && !readOnly;
  const notes = useInfiniteQuery(
    trpc.notes.list.infiniteQueryOptions(notesInput(business.id, customerId), nextPageOptions),
  );
  const items = notes.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2 text-base">
          <StickyNoteIcon className="size-4" aria-hidden="true" />
          Notes
        </CardTitle>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        {canWrite ? <NoteComposer customerId={customerId} /> : null}
        {notes.isPending ? (
          <ListSkeleton rows={2} />
        ) : notes.isError ? (
          <QueryError error={notes.error} title="Could not load notes" onRetry={() => notes.refetch()} />
        ) : items.length === 0 ? (
          <p className="text-sm text-muted-foreground">No notes yet.</p>
        ) : (
          <ul className="grid min-w-0 gap-3">
            {items.map((n) => (
              <NoteItem key={n.id} note={n} canWrite={canWrite} />
            ))}
          </ul>
        )}
        {notes.hasNextPage ? (
          <Button
            variant="outline"
            className="justify-self-start"
            loading={notes.isFetchingNextPage}
            onClick={() => notes.fetchNextPage()}
          >
            Load more notes
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}
