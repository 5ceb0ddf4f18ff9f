import { describe, expect, it } from "vitest";
import {
  backoffMs,
  keepMine,
  type OutboxItem,
  outcomeOf,
  replay,
  type SendOutcome,
} from "@/components/offline/queue";
import { customerEditConflicts } from "@/server/domain/offline";

const item = (seq: number, extra: Partial<OutboxItem> = {}): OutboxItem => ({
  key: `k${seq}`,
  seq,
  userId: "u1",
  businessId: "b1",
  slug: "shop",
  op: { kind: "note.create", customerId: "00000000-0000-4000-8000-000000000001", body: `note ${seq}` },
  label: `Note ${seq}`,
  queuedAt: "2026-12-05T10:00:00.000Z",
  status: "pending",
  attempts: 0,
  nextAttemptAt: 0,
  ...extra,
});

/** A send that answers from a script and records the order. */
function scripted(answers: Record<string, SendOutcome>) {
  const calls: string[] = [];
  return {
    calls,
    send: async (i: OutboxItem) => {
      calls.push(i.key);
      return answers[i.key] ?? { kind: "done" as const };
    },
  };
}

describe("the offline write queue", () => {
  it("sends oldest first and removes what the server took", async () => {
    const s = scripted({});
    const out = await replay([item(3), item(1), item(2)], s.send, { userId: "u1", now: () => 1000 });
    expect(s.calls).toEqual(["k1", "k2", "k3"]);
    expect(out).toEqual({ sent: ["k1", "k2", "k3"], changed: [], stoppedBy: null });
  });

  it("stops at a network failure, keeps order, and backs off exponentially", async () => {
    const s = scripted({ k2: { kind: "retry", message: "No connection" } });
    const out = await replay([item(1), item(2), item(3)], s.send, { userId: "u1", now: () => 1000 });
    expect(s.calls).toEqual(["k1", "k2"]);
    expect(out.sent).toEqual(["k1"]);
    expect(out.stoppedBy).toBe("retry");
    expect(out.changed).toEqual([
      expect.objectContaining({ key: "k2", attempts: 1, nextAttemptAt: 1000 + 2000 }),
    ]);
    expect([1, 2, 3, 4, 10, 20].map(backoffMs)).toEqual([2000, 4000, 8000, 16000, 300000, 300000]);
    // Not due yet: nothing is sent, and later items wait behind it.
    const waiting = scripted({});
    const again = await replay([out.changed[0]!, item(3)], waiting.send, { userId: "u1", now: () => 2500 });
    expect(waiting.calls).toEqual([]);
    expect(again.stoppedBy).toBe("retry");
  });

  it("marks conflicts and refusals for the user and goes on with the rest", async () => {
    const conflicts = [{ field: "city" as const, yours: "Nashik", theirs: "Mumbai", base: "Pune" }];
    const s = scripted({
      k1: { kind: "conflict", conflicts, message: "changed on the server" },
      k2: { kind: "rejected", message: "Enter a valid email." },
    });
    const out = await replay([item(1), item(2), item(3)], s.send, { userId: "u1" });
    expect(out.sent).toEqual(["k3"]);
    expect(out.changed).toEqual([
      expect.objectContaining({ key: "k1", status: "conflict", conflicts }),
      expect.objectContaining({ key: "k2", status: "error", error: "Enter a valid email." }),
    ]);
  });

  it("keeps everything queued when the session expired, and leaves another user's writes alone", async () => {
    const s = scripted({ k1: { kind: "unauthorized" } });
    const out = await replay([item(1), item(2), item(5, { userId: "u2" })], s.send, { userId: "u1" });
    expect(s.calls).toEqual(["k1"]);
    expect(out).toEqual({ sent: [], changed: [], stoppedBy: "unauthorized" });
    const other = scripted({});
    await replay([item(5, { userId: "u2" }), item(6, { status: "error" })], other.send, { userId: "u1" });
    expect(other.calls).toEqual([]);
  });

  it("keeps mine: the edit goes again from the server's value under a new key", () => {
    const edit = item(1, {
      op: {
        kind: "customer.update",
        customerId: "00000000-0000-4000-8000-000000000001",
        changes: { city: "Nashik", email: "a@b.example" },
        base: { city: "Pune", email: "a@example.com" },
      },
      status: "conflict",
      conflicts: [{ field: "city", yours: "Nashik", theirs: "Mumbai", base: "Pune" }],
    });
    const again = keepMine(edit, "k9");
    expect(again).toMatchObject({ key: "k9", status: "pending", conflicts: undefined });
    expect(again.op).toMatchObject({ base: { city: "Mumbai", email: "a@example.com" } });
  });

  it("reads the server's answers", () => {
    expect(outcomeOf(200, {})).toEqual({ kind: "done" });
    expect(outcomeOf(null, null)).toEqual({ kind: "retry", message: "No connection" });
    expect(outcomeOf(503, {})).toMatchObject({ kind: "retry" });
    expect(outcomeOf(401, {})).toEqual({ kind: "unauthorized" });
    expect(outcomeOf(409, { message: "m", conflicts: [] })).toMatchObject({ kind: "conflict" });
    expect(outcomeOf(409, { message: "used for another business" })).toMatchObject({ kind: "rejected" });
    expect(outcomeOf(422, { message: "Enter a valid email." })).toEqual({
      kind: "rejected",
      message: "Enter a valid email.",
    });
  });

  it("finds the conflicting fields of an edit", () => {
    const current = {
      name: "Asha",
      email: "new@x.example",
      phone: null,
      whatsapp: null,
      company: "Rao",
      city: "Goa",
      lifecycleStage: "lead",
    };
    expect(
      customerEditConflicts(
        current,
        { email: "mine@x.example", city: "Goa", company: "Rao & Co" },
        { email: "old@x.example", city: "Pune", company: "Rao" },
      ),
    ).toEqual([{ field: "email", yours: "mine@x.example", theirs: "new@x.example", base: "old@x.example" }]);
  });
});
