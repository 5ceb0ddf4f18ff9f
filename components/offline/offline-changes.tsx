"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { fieldLabels } from "./offline-parts";
import { discard, resolveKeepMine } from "./outbox";
import type { OutboxItem } from "./queue";
import type { OfflineDb } from "./store";

export function ChangesList({
  db,
  items,
  onChange,
}: {
  db: OfflineDb;
  items: OutboxItem[];
  onChange: () => void;
}) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="offline-changes" className="mb-6 rounded-lg border p-4">
      <h2 id="offline-changes" className="mb-2 font-semibold">
        Changes on this device ({items.length})
      </h2>
      <ul className="space-y-3 text-sm">
        {items.map((i) => (
          <li key={i.key} data-status={i.status}>
            <div className="flex flex-wrap items-center gap-2">
              <span>{i.label}</span>
              <Badge variant={i.status === "pending" ? "outline" : "destructive"}>
                {i.status === "pending" ? "Pending" : i.status === "conflict" ? "Conflict" : "Not saved"}
              </Badge>
            </div>
            {i.status === "error" ? (
              <div className="mt-1 flex flex-wrap items-center gap-2">
                <span className="text-destructive">{i.error}</span>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={async () => {
                    await discard(db, i);
                    onChange();
                  }}
                >
                  Discard
                </Button>
              </div>
            ) : null}
            {i.status === "conflict" && i.conflicts ? (
              <div className="mt-2 space-y-2">
                <p className="text-muted-foreground">Changed on the server since you went offline:</p>
                <table className="w-full text-left">
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Yours</th>
                      <th scope="col">On the server</th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.conflicts.map((c) => (
                      <tr key={c.field}>
                        <td>{fieldLabels[c.field]}</td>
                        <td>{c.yours ?? "(empty)"}</td>
                        <td>{c.theirs ?? "(empty)"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="flex gap-2">
                  <Button
                    size="sm"
                    onClick={async () => {
                      await resolveKeepMine(db, i);
                      onChange();
                    }}
                  >
                    Keep mine
                  </Button>
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={async () => {
                      await discard(db, i);
                      onChange();
                    }}
                  >
                    Keep theirs
                  </Button>
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
