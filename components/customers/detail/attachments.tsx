"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DownloadIcon, PaperclipIcon, XIcon } from "lucide-react";
import { useId, useRef, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { toast } from "@/components/ui/toast";
import { ATTACHMENT_MAX_BYTES } from "@/server/domain/note-values";
import { formatBytes } from "./format";

/** An attachment as `notes.list` returns it. */
export interface AttachmentRow {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

/** The reason a file cannot be attached, checked before uploading; null when it may be sent. */
export function attachmentSizeError(file: File): string | null {
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > ATTACHMENT_MAX_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}; attachments can be at most ${formatBytes(ATTACHMENT_MAX_BYTES)}.`;
  }
  return null;
}

/**
 * Uploads one file to a note: `POST /api/attachments` (multipart: businessId, noteId, file) through
 * XMLHttpRequest so upload progress (0–1) can be shown. Resolves with the attachment; rejects with an
 * Error whose message is the server's sentence (413 too large, 415 type refused, 422…).
 */
export function uploadAttachment(opts: {
  businessId: string;
  noteId: string;
  file: File;
  onProgress?: (fraction: number) => void;
}): Promise<AttachmentRow> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    body.append("businessId", opts.businessId);
    body.append("noteId", opts.noteId);
    body.append("file", opts.file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/attachments");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      const res = xhr.response as { message?: string } | null;
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as AttachmentRow);
      else if (xhr.status === 413) reject(new Error(`“${opts.file.name}” is larger than 10 MB.`));
      else reject(new Error(res?.message ?? `Could not upload “${opts.file.name}”.`));
    };
    xhr.onerror = () => reject(new Error("Could not reach the server. Check your connection and try again."));
    xhr.send(body);
  });
}

interface Upload {
  key: string;
  name: string;
  progress: number;
}

/**
 * Uploads files to notes with a progress bar per file. `upload(noteId, files)` checks sizes first and
 * reports refused files without sending them; returns how many uploads succeeded.
 */
export function useAttachmentUploads() {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);

  const upload = async (noteId: string, files: File[]): Promise<number> => {
    let ok = 0;
    for (const file of files) {
      const error = attachmentSizeError(file);
      if (error) {
        toast.error(error);
        continue;
      }
      const key = `${noteId}-${file.name}-${Math.random()}`;
      setUploads((u) => [...u, { key, name: file.name, progress: 0 }]);
      try {
        await uploadAttachment({
          businessId: business.id,
          noteId,
          file,
          onProgress: (p) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress: p } : x))),
        });
        ok++;
      } catch (e) {
        toast.error(messageOf(e));
      } finally {
        setUploads((u) => u.filter((x) => x.key !== key));
      }
    }
    if (ok > 0) await queryClient.invalidateQueries({ queryKey: trpc.notes.list.pathKey() });
    return ok;
  };

  return { uploads, upload };
}

/** Progress bars of uploads in flight. */
export function UploadProgressList({ uploads }: { uploads: Upload[] }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="grid gap-2" aria-live="polite">
      {uploads.map((u) => (
        <li key={u.key} className="grid min-w-0 gap-1 text-xs">
          <span className="truncate">
            Uploading {u.name}… {Math.round(u.progress * 100)}%
          </span>
          <Progress value={u.progress * 100} aria-label={`Uploading ${u.name}`} />
        </li>
      ))}
    </ul>
  );
}

/** A button that opens the file picker; the chosen files go to `onFiles` (sizes are checked there). */
export function AttachFilesButton({
  onFiles,
  label = "Attach files",
  disabled,
}: {
  onFiles: (files: File[]) => void;
  label?: string;
  disabled?: boolean;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <>
      <input
        ref={inputRef}
        id={id}
        type="file"
        multiple
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = "";
          if (files.length) onFiles(files);
        }}
      />
      <Button
        type="button"
        variant="outline"
        size="sm"
        disabled={disabled}
        onClick={() => inputRef.current?.click()}
      >
        <PaperclipIcon aria-hidden="true" />
        {label}
      </Button>
    </>
  );
}

/** A note's attachments: download links with sizes, and a remove button for those who may edit. */
export function AttachmentList({
  attachments,
  canWrite,
}: {
  attachments: AttachmentRow[];
  canWrite: boolean;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.notes.deleteAttachment.mutationOptions({
      onSuccess: () => {
        toast.success("Attachment removed.");
        return queryClient.invalidateQueries({ queryKey: trpc.notes.list.pathKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  if (attachments.length === 0) return null;
  return (
    <ul className="flex min-w-0 flex-wrap gap-2" aria-label="Attachments">
      {attachments.map((a) => (
        <li
          key={a.id}
          className="flex max-w-full min-w-0 items-center gap-1 rounded-md border bg-muted/40 py-0.5 pr-0.5 pl-2 text-xs"
        >
          <a
            href={a.url}
            download={a.fileName}
            className="flex min-w-0 items-center gap-1 rounded-sm underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
          >
            <DownloadIcon className="size-3.5 shrink-0" aria-hidden="true" />
            <span className="truncate">{a.fileName}</span>
            <span className="shrink-0 text-muted-foreground">({formatBytes(a.size)})</span>
          </a>
          {canWrite ? (
            <Button
              type="button"
              variant="ghost"
              size="icon-sm"
              className="size-6"
              aria-label={`Remove ${a.fileName}`}
              disabled={remove.isPending}
              onClick={() => remove.mutate({ businessId: business.id, attachmentId: a.id })}
            >
              <XIcon aria-hidden="true" />
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
