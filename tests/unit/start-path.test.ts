import { describe, expect, it } from "vitest";
import { startPath } from "@/server/http/last-business";

describe("where the installed app starts", () => {
  it("opens the business used last when the member still belongs to it, else the first", () => {
    expect(startPath(["salon", "spa"], "spa", undefined, false)).toBe("/b/spa");
    expect(startPath(["salon", "spa"], "someone-elses", undefined, false)).toBe("/b/salon");
    expect(startPath([], "spa", undefined, false)).toBeNull();
  });

  it("opens a shortcut's page, and only the pages shortcuts name", () => {
    expect(startPath(["salon"], undefined, "tasks", false)).toBe("/b/salon/tasks");
    expect(startPath(["salon"], undefined, "customers", true)).toBe("/b/salon/customers?new=1");
    expect(startPath(["salon"], undefined, "customers/import", true)).toBe("/b/salon/customers/import");
    expect(startPath(["salon"], undefined, "../../admin", false)).toBe("/b/salon");
    expect(startPath(["salon"], undefined, "https://evil.example", false)).toBe("/b/salon");
  });
});
