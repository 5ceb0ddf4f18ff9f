import { afterEach, describe, expect, it } from "vitest";
import { seenSecondPage } from "@/components/layout/install-hint";

/** A tab's sessionStorage, or one that refuses every call (Safari's private mode of old). */
function fakeWindow(refuse = false) {
  const data = new Map<string, string>();
  const sessionStorage = {
    getItem: (k: string) => {
      if (refuse) throw new Error("SecurityError");
      return data.get(k) ?? null;
    },
    setItem: (k: string, v: string) => {
      if (refuse) throw new Error("QuotaExceededError");
      data.set(k, v);
    },
  };
  (globalThis as { window?: unknown }).window = { sessionStorage };
  return data;
}

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe("the install hint waits for a second page", () => {
  it("is not shown on the page the user lands on, nor when that page is reloaded", () => {
    fakeWindow();
    expect(seenSecondPage("/b/rao-stores")).toBe(false);
    expect(seenSecondPage("/b/rao-stores")).toBe(false);
  });

  it("is shown from the second different page on, and stays shown going back", () => {
    fakeWindow();
    seenSecondPage("/b/rao-stores");
    expect(seenSecondPage("/b/rao-stores/customers")).toBe(true);
    expect(seenSecondPage("/b/rao-stores")).toBe(true);
  });

  it("keeps at most two pages in the tab's storage", () => {
    const data = fakeWindow();
    for (const p of ["/a", "/b", "/c", "/d"]) seenSecondPage(p);
    expect(JSON.parse(data.get("mini-crm:pages-seen") ?? "[]")).toHaveLength(2);
  });

  it("is shown at once where the tab's storage is refused (no way to count)", () => {
    fakeWindow(true);
    expect(seenSecondPage("/b/rao-stores")).toBe(true);
  });
});
