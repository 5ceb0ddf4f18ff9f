"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellIcon } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { formatDateTime } from "@/server/domain/format";
import { type PushKind, pushKinds, type ReminderChannel } from "@/server/domain/push";
import { QueryError } from "./query-error";

const kindLabels: Record<PushKind, string> = {
  task_reminder: "Task reminders",
  lead: "New leads",
  import_finished: "Imports finished",
  payment: "Payments",
};

/** Where this browser stands: no Push API (iOS Safari outside the installed app), blocked, or able. */
type Support = "checking" | "unsupported" | "ios-install" | "denied" | "ready";

function detectSupport(): Support {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    const ios = /iPhone|iPad/.test(navigator.userAgent);
    return ios ? "ios-install" : "unsupported";
  }
  return Notification.permission === "denied" ? "denied" : "ready";
}

/** The key as the Push API takes it (`applicationServerKey`): the base64url P-256 key as bytes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/**
 * Notifications on this device (Web Push): turn them on (the browser asks for permission, then the
 * device subscribes with the app's VAPID key), send a test, choose per device what it is told of, and
 * how task reminders arrive (email, push). Lists every device with notifications on, each removable.
 */
export function PushNotificationsCard() {
  const trpc = useTRPC();
  const business = useBusiness();
  const queryClient = useQueryClient();
  const [support, setSupport] = useState<Support>("checking");
  const [thisEndpoint, setThisEndpoint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const settings = useQuery(trpc.push.settings.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.push.settings.queryKey() });
  const onError = (e: unknown) => toast.error(messageOf(e));
  const subscribe = useMutation(trpc.push.subscribe.mutationOptions({ onError }));
  const unsubscribe = useMutation(trpc.push.unsubscribe.mutationOptions({ onError }));
  const remove = useMutation(
    trpc.push.removeDevice.mutationOptions({ onSuccess: () => void refresh(), onError }),
  );
  const setKinds = useMutation(
    trpc.push.setDeviceKinds.mutationOptions({ onSuccess: () => void refresh(), onError }),
  );
  const setChannels = useMutation(
    trpc.push.setReminderChannels.mutationOptions({ onSuccess: () => void refresh(), onError }),
  );
  const test = useMutation(
    trpc.push.test.mutationOptions({
      onSuccess: (out) =>
        out.sent > 0
          ? toast.success("Test sent. It should show on that device in a moment.")
          : toast.error(
              out.removed > 0
                ? "That device no longer takes notifications; it was removed."
                : "The push service did not take it. Try again later.",
            ),
      onError,
    }),
  );
  const publicKey = useQuery({ ...trpc.push.publicKey.queryOptions(), enabled: support === "ready" });
  const channelsId = useId();

  useEffect(() => {
    const s = detectSupport();
    setSupport(s);
    if (s === "ready")
      void navigator.serviceWorker.getRegistration().then(async (reg) => {
        const sub = await reg?.pushManager.getSubscription();
        setThisEndpoint(sub?.endpoint ?? null);
      });
  }, []);

  async function turnOn() {
    setBusy(true);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setSupport(permission === "denied" ? "denied" : "ready");
        return;
      }
      const reg = await navigator.serviceWorker.ready;
      const key =
        publicKey.data?.publicKey ??
        (await queryClient.fetchQuery(trpc.push.publicKey.queryOptions())).publicKey;
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(key),
      });
      const json = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
      await subscribe.mutateAsync({ subscription: json, userAgent: navigator.userAgent });
      setThisEndpoint(sub.endpoint);
      toast.success("Notifications are on for this device.");
      await refresh();
    } catch (e) {
      toast.error(e instanceof Error && !("data" in e) ? `This browser refused: ${e.message}` : messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function turnOffHere() {
    setBusy(true);
    try {
      const reg = await navigator.serviceWorker.getRegistration();
      const sub = await reg?.pushManager.getSubscription();
      if (sub) {
        await unsubscribe.mutateAsync({ endpoint: sub.endpoint });
        await sub.unsubscribe();
      }
      setThisEndpoint(null);
      await refresh();
    } finally {
      setBusy(false);
    }
  }

  const devices = settings.data?.devices ?? [];
  const channels = settings.data?.reminderChannels ?? [];
  const toggleChannel = (c: ReminderChannel, on: boolean) =>
    setChannels.mutate({ channels: on ? [...new Set([...channels, c])] : channels.filter((x) => x !== c) });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Notifications</CardTitle>
        <CardDescription>
          Task reminders, new leads and finished imports on your phone or computer, even when the app is
          closed.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        <div className="space-y-2">
          {support === "checking" ? <Skeleton className="h-11 w-64" /> : null}
          {support === "unsupported" ? (
            <p className="text-sm text-muted-foreground">
              This browser cannot show notifications from web apps.
            </p>
          ) : null}
          {support === "ios-install" ? (
            <p className="text-sm text-muted-foreground">
              On iPhone and iPad, add Mini CRM to your Home Screen first (Share, then Add to Home Screen),
              open it from there and turn notifications on here.
            </p>
          ) : null}
          {support === "denied" ? (
            <p className="text-sm text-muted-foreground">
              Notifications are blocked for this site. Allow them in the browser's site settings, then reload.
            </p>
          ) : null}
          {support === "ready" && !thisEndpoint ? (
            <Button onClick={turnOn} disabled={busy} className="min-h-11">
              <BellIcon aria-hidden /> Turn on notifications on this device
            </Button>
          ) : null}
          {support === "ready" && thisEndpoint ? (
            <Button variant="outline" onClick={turnOffHere} disabled={busy} className="min-h-11">
              Turn off on this device
            </Button>
          ) : null}
        </div>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium" id={channelsId}>
            Task reminders arrive by
          </legend>
          {(["email", "push"] as const).map((c) => (
            <div key={c} className="flex min-h-11 items-center gap-2">
              <Checkbox
                id={`${channelsId}-${c}`}
                checked={channels.includes(c)}
                disabled={settings.isPending || setChannels.isPending}
                onCheckedChange={(v) => toggleChannel(c, v === true)}
              />
              <Label htmlFor={`${channelsId}-${c}`}>
                {c === "email" ? "Email" : "Notification on my devices"}
              </Label>
            </div>
          ))}
        </fieldset>

        {settings.isError ? (
          <QueryError
            error={settings.error}
            title="Could not load your devices"
            onRetry={() => settings.refetch()}
          />
        ) : null}
        {devices.length > 0 ? (
          <ul className="divide-y rounded-lg border" aria-label="Devices with notifications on">
            {devices.map((d) => (
              <li key={d.id} className="space-y-2 p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{d.label}</span>
                  <span className="text-xs text-muted-foreground">
                    {d.lastSentAt
                      ? `Last notified ${formatDateTime(d.lastSentAt, business.timeZone)}`
                      : `On since ${formatDateTime(d.createdAt, business.timeZone)}`}
                  </span>
                  <div className="ml-auto flex gap-2">
                    <Button
                      size="sm"
                      variant="outline"
                      onClick={() => test.mutate({ deviceId: d.id })}
                      disabled={test.isPending}
                    >
                      Send a test
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => remove.mutate({ deviceId: d.id })}
                      aria-label={`Turn off ${d.label}`}
                    >
                      Turn off
                    </Button>
                  </div>
                </div>
                <div className="flex flex-wrap gap-x-4">
                  {pushKinds.map((k) => (
                    <div key={k} className="flex min-h-11 items-center gap-2">
                      <Checkbox
                        id={`${d.id}-${k}`}
                        checked={d.kinds.includes(k)}
                        onCheckedChange={(v) =>
                          setKinds.mutate({
                            deviceId: d.id,
                            kinds: v === true ? [...d.kinds, k] : d.kinds.filter((x) => x !== k),
                          })
                        }
                      />
                      <Label htmlFor={`${d.id}-${k}`}>{kindLabels[k]}</Label>
                    </div>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        ) : settings.isSuccess ? (
          <p className="text-sm text-muted-foreground">No device has notifications on yet.</p>
        ) : null}
      </CardContent>
    </Card>
  );
}
