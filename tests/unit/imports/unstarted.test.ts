import { describe, expect, it } from "vitest";
import { importBadge, isImportLive } from "@/components/imports/fields";
import { isUnstartedImport } from "@/server/domain/imports";

const at = new Date("2026-01-05T10:00:00Z");

describe("an upload nobody started", () => {
  it("is a queued import never handed to the job and never begun", () => {
    expect(isUnstartedImport({ status: "queued", requestedAt: null, startedAt: null })).toBe(true);
    expect(isUnstartedImport({ status: "queued", requestedAt: at, startedAt: null })).toBe(false);
    expect(isUnstartedImport({ status: "running", requestedAt: null, startedAt: at })).toBe(false);
    expect(isUnstartedImport({ status: "failed", requestedAt: null, startedAt: null })).toBe(false);
  });

  it('shows as "Not started", not "Queued", and is not polled as live', () => {
    const upload = { status: "queued", requestedAt: null, startedAt: null } as const;
    expect(importBadge(upload).label).toBe("Not started");
    expect(isImportLive(upload)).toBe(false);

    const waiting = { status: "queued", requestedAt: at, startedAt: null } as const;
    expect(importBadge(waiting).label).toBe("Queued");
    expect(isImportLive(waiting)).toBe(true);
    expect(isImportLive({ status: "completed", requestedAt: null, startedAt: at })).toBe(false);
  });
});
