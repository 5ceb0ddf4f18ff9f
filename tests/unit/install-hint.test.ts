import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/** The hint's module afresh (its record of the visit is per document), with a window whose storage works or refuses. */
async function freshVisit(stored: Record<string, string> = {}, refuse = false) {
  const localStorage = {
    getItem: (k: string) => {
      if (refuse) throw new Error("SecurityError");
      return stored[k] ?? null;
    },
    setItem: (k: string, v: string) => {
      if (refuse) throw new Error("QuotaExceededError");
      stored[k] = v;
    },
  };
  (globalThis as { window?: unknown }).window = { localStorage, addEventListener: () => {} };
  vi.resetModules();
  const hint = await import("@/components/layout/install-hint");
  return Object.assign(hint.offerOnPage, { dismiss: hint.dismissHint });
}

beforeEach(() => {
  vi.resetModules();
});

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe("the install hint waits for the second page", () => {
  it("offers nothing on the page the document was loaded with, however often it renders", async () => {
    const offerOnPage = await freshVisit();
    expect(offerOnPage("/b/rao-stores", "prompt")).toBeNull();
    expect(offerOnPage("/b/rao-stores", "prompt")).toBeNull();
  });

  it("offers the install way from the next page on, and still when the user comes back", async () => {
    const offerOnPage = await freshVisit();
    offerOnPage("/b/rao-stores", null);
    expect(offerOnPage("/b/rao-stores/customers", "prompt")).toBe("prompt");
    expect(offerOnPage("/b/rao-stores", "ios")).toBe("ios");
  });

  it("offers nothing where the app cannot be installed or is already", async () => {
    const offerOnPage = await freshVisit();
    offerOnPage("/b/rao-stores", null);
    expect(offerOnPage("/b/rao-stores/tasks", null)).toBeNull();
  });

  it("offers nothing once dismissed for good", async () => {
    const offerOnPage = await freshVisit({ "mini-crm:install-hint-dismissed": "1" });
    offerOnPage("/b/rao-stores", "prompt");
    expect(offerOnPage("/b/rao-stores/customers", "prompt")).toBeNull();
  });

  it("still offers where storage is refused (private mode): × then hides it for the visit", async () => {
    const offerOnPage = await freshVisit({}, true);
    offerOnPage("/b/rao-stores", "prompt");
    expect(offerOnPage("/b/rao-stores/customers", "prompt")).toBe("prompt");
    offerOnPage.dismiss();
    expect(offerOnPage("/b/rao-stores/tasks", "prompt")).toBeNull();
  });

  it("dismissing is remembered for the next visits", async () => {
    const stored: Record<string, string> = {};
    const first = await freshVisit(stored);
    first("/b/rao-stores", "prompt");
    first("/b/rao-stores/customers", "prompt");
    first.dismiss();
    const next = await freshVisit(stored);
    next("/b/rao-stores", "prompt");
    expect(next("/b/rao-stores/customers", "prompt")).toBeNull();
  });
});
