"use client";

/*
 * Why one file: the API keys page is one screen (list, create with the key shown once, revoke, the curl
 * quick start) sharing its state.
 */

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  BookOpenIcon,
  CheckIcon,
  CopyIcon,
  FileJsonIcon,
  KeyRoundIcon,
  PlusIcon,
  TriangleAlertIcon,
} from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { SettingsCardAction } from "@/components/settings/settings-card-action";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import {
  Form,
  FormControl,
  FormDescription,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import { createApiKeyInput } from "@/server/domain/api-keys";
import { formatDateTime } from "@/server/domain/format";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Copies `text` and says so on the button for two seconds. */
function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      toast.error("Could not copy. Select the text and copy it yourself.");
    }
  }
  return (
    <Button type="button" variant="outline" size="sm" onClick={copy} aria-live="polite">
      {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
      {copied ? "Copied" : label}
    </Button>
  );
}

/** "Create API key" dialog (name), then the new key once, with a copy button. */
function CreateApiKeyDialogs({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const form = useForm<z.input<typeof createApiKeyInput>, unknown, z.output<typeof createApiKeyInput>>({
    resolver: zodResolver(createApiKeyInput),
    defaultValues: { name: "" },
  });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        onOpenChange(false);
        form.reset();
        setCreated({ name: result.name, key: result.key });
      },
      onError: (error) => {
        if (!applyFieldErrors(error, form.setError, ["name"])) toast.error(messageOf(error));
      },
    }),
  );

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          onOpenChange(next);
          if (!next) form.reset();
        }}
      >
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Create API key</DialogTitle>
            <DialogDescription>
              A key lets another program read and change {business.name}'s data through the REST API.
            </DialogDescription>
          </DialogHeader>
          <Form {...form}>
            <form
              onSubmit={form.handleSubmit((values) => create.mutate({ businessId: business.id, ...values }))}
              noValidate
              className="grid gap-5"
            >
              <FormField
                control={form.control}
                name="name"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Name</FormLabel>
                    <FormControl>
                      <Input
                        autoComplete="off"
                        maxLength={80}
                        placeholder="e.g. Website contact form"
                        {...field}
                      />
                    </FormControl>
                    <FormDescription>So you remember where the key is used.</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <DialogFooter className="pt-2">
                <DialogClose asChild>
                  <Button type="button" variant="outline">
                    Cancel
                  </Button>
                </DialogClose>
                <Button type="submit" loading={create.isPending}>
                  Create key
                </Button>
              </DialogFooter>
            </form>
          </Form>
        </DialogContent>
      </Dialog>

      <Dialog open={created !== null} onOpenChange={(next) => !next && setCreated(null)}>
        <DialogContent
          // Closing by a stray click would lose the key for good.
          onInteractOutside={(e) => e.preventDefault()}
        >
          <DialogHeader>
            <DialogTitle>Copy your API key</DialogTitle>
            <DialogDescription>“{created?.name}” is ready. Use it as a Bearer token.</DialogDescription>
          </DialogHeader>
          <Alert className="border-warning/60 bg-warning/10">
            <TriangleAlertIcon aria-hidden="true" />
            <AlertTitle>You won't see it again</AlertTitle>
            <AlertDescription>
              Copy the key now and keep it somewhere safe, like a password manager. We only store a
              fingerprint of it.
            </AlertDescription>
          </Alert>
          <div className="grid min-w-0 gap-2">
            <code
              data-testid="new-api-key"
              className="block min-w-0 rounded-md border bg-muted px-3 py-2 font-mono text-sm break-all select-all"
            >
              {created?.key}
            </code>
            <div className="flex justify-end">
              {created ? <CopyButton text={created.key} label="Copy key" /> : null}
            </div>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button>Done</Button>
            </DialogClose>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

function StatusBadge({ apiKey }: { apiKey: ApiKeyRow }) {
  return apiKey.revokedAt ? (
    <Badge variant="outline">Revoked</Badge>
  ) : (
    <Badge variant="success">Active</Badge>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKeyRow }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success(`“${apiKey.name}” revoked`);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          loading={revoke.isPending}
          className="text-destructive hover:text-destructive"
        >
          Revoke<span className="sr-only"> {apiKey.name}</span>
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke “{apiKey.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Programs using this key stop working at once. This cannot be undone; create a new key if you need
            one.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            onClick={() => revoke.mutate({ businessId: business.id, apiKeyId: apiKey.id })}
          >
            Revoke key
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

const keyColumns =
  "md:grid md:grid-cols-[minmax(0,1fr)_9.5rem_9.5rem_5.5rem_5.5rem] md:items-center md:gap-4";

/** One list for every screen size: a card per key on phones, table-like columns from `md` up. */
function ApiKeyList({ keys, canManage }: { keys: ApiKeyRow[]; canManage: boolean }) {
  const { timeZone } = useBusiness();
  return (
    <div className="min-w-0">
      <div
        aria-hidden="true"
        className={cn("hidden border-b px-2 pb-2 text-xs font-medium text-muted-foreground", keyColumns)}
      >
        <span>Name</span>
        <span>Created</span>
        <span>Last used</span>
        <span>Status</span>
        <span />
      </div>
      <ul className="grid gap-3 md:gap-0 md:divide-y">
        {keys.map((k) => (
          <li
            key={k.id}
            className={cn(
              "grid min-w-0 grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-2 rounded-lg border p-3",
              "md:rounded-none md:border-0 md:px-2 md:py-3",
              keyColumns,
              k.revokedAt && "text-muted-foreground",
            )}
          >
            <div className="grid min-w-0 gap-0.5">
              <span className="truncate font-medium">{k.name}</span>
              <code className="truncate font-mono text-xs text-muted-foreground">{k.prefix}…</code>
            </div>
            <div className="col-start-1 row-start-2 text-xs md:col-auto md:row-auto md:text-sm">
              <span className="text-muted-foreground md:sr-only">Created </span>
              {formatDateTime(k.createdAt, timeZone)}
            </div>
            <div className="col-start-1 row-start-3 text-xs md:col-auto md:row-auto md:text-sm">
              <span className="text-muted-foreground md:sr-only">Last used </span>
              {k.lastUsedAt ? formatDateTime(k.lastUsedAt, timeZone) : "Never"}
            </div>
            <div className="col-start-2 row-start-1 justify-self-end md:col-auto md:row-auto md:justify-self-start">
              <StatusBadge apiKey={k} />
            </div>
            <div className="col-start-2 row-span-2 row-start-2 self-end justify-self-end md:col-auto md:row-auto md:self-center">
              {canManage && !k.revokedAt ? <RevokeButton apiKey={k} /> : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** How to call the API with a key: a curl example and where the docs are. */
function HowToUse({ appUrl }: { appUrl: string }) {
  const example = `curl ${appUrl}/api/v1/business \\\n  -H "Authorization: Bearer mcrm_…"`;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">How to use a key</CardTitle>
        <CardDescription>
          Send it in the Authorization header of every request to the REST API.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        <div className="grid min-w-0 gap-2">
          <pre className="max-w-full overflow-x-auto rounded-md border bg-muted px-3 py-2 font-mono text-xs leading-relaxed">
            <code>{example}</code>
          </pre>
          <div className="flex justify-end">
            <CopyButton text={example.replace("mcrm_…", "YOUR_API_KEY")} label="Copy example" />
          </div>
        </div>
        <p className="text-sm text-muted-foreground">
          It answers with this business as JSON. Keys act like an admin, except that they cannot manage API
          keys or invite people.
        </p>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline">
            <a href="/api/docs">
              <BookOpenIcon aria-hidden="true" />
              API documentation
            </a>
          </Button>
          <Button asChild variant="ghost">
            <a href="/api/v1/openapi.json">
              <FileJsonIcon aria-hidden="true" />
              OpenAPI spec
            </a>
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

/** The business's API keys: list, create (shown once), revoke; and how to use them. */
export function ApiKeysSettings({ appUrl }: { appUrl: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const canManage = useCan("apiKeys.manage");
  const [creating, setCreating] = useState(false);
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ businessId: business.id }));

  const createButton = canManage ? (
    <Button onClick={() => setCreating(true)}>
      <PlusIcon aria-hidden="true" />
      Create API key
    </Button>
  ) : null;

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle as="h2">API keys</CardTitle>
          <CardDescription className="col-start-1">
            Connect your website, forms or other tools to {business.name}.
          </CardDescription>
          {createButton && keys.data && keys.data.length > 0 ? (
            <SettingsCardAction>{createButton}</SettingsCardAction>
          ) : null}
        </CardHeader>
        <CardContent>
          {keys.isPending ? (
            <div aria-busy="true">
              <span className="sr-only" role="status">
                Loading API keys
              </span>
              <ListSkeleton rows={2} />
            </div>
          ) : keys.isError ? (
            <QueryError error={keys.error} title="API keys could not load" onRetry={() => keys.refetch()} />
          ) : keys.data.length === 0 ? (
            <EmptyState
              titleAs="h3"
              icon={<KeyRoundIcon />}
              title="No API keys yet"
              description={
                canManage
                  ? "Create a key to let another program work with your data."
                  : "Owners and admins can create keys here."
              }
              action={createButton}
            />
          ) : (
            <ApiKeyList keys={keys.data} canManage={canManage} />
          )}
        </CardContent>
      </Card>
      <HowToUse appUrl={appUrl} />
      {canManage ? <CreateApiKeyDialogs open={creating} onOpenChange={setCreating} /> : null}
    </div>
  );
}
