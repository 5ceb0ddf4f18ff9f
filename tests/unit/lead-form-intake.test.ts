import { describe, expect, it } from "vitest";
import { frameAncestorSources, originAllowed } from "@/server/domain/lead-form-origins";
import { decodeFormState, encodeFormState } from "@/server/http/lead-form-state";
import { isDisposableEmail } from "@/server/services/lead-forms/intake/disposable-email";
import { submissionOriginAllowed } from "@/server/services/lead-forms/intake/submit";
import {
  checkTimingToken,
  issueTimingToken,
  TIMING_TOKEN_MAX_AGE_MS,
} from "@/server/services/lead-forms/intake/timing-token";

const formId = "3f1c2a6e-8b7d-4c1e-9a2b-5d6e7f8a9b0c";
const otherForm = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("timing token", () => {
  const t0 = new Date("2030-05-01T10:00:00Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it("accepts a token after the minimum fill time, with a nonce and the issue time", () => {
    const token = issueTimingToken(formId, t0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const check = checkTimingToken(formId, token, 3, at(3_000));
    expect(check).toMatchObject({ kind: "ok", issuedAt: t0 });
    expect((check as { nonce: string }).nonce).toMatch(/^[0-9a-f]{18}$/);
  });

  it("gives each token its own nonce", () => {
    const a = checkTimingToken(formId, issueTimingToken(formId, t0), 0, t0) as { nonce: string };
    const b = checkTimingToken(formId, issueTimingToken(formId, t0), 0, t0) as { nonce: string };
    expect(a.nonce).not.toBe(b.nonce);
  });

  it("says too fast, expired, missing or invalid", () => {
    const token = issueTimingToken(formId, t0);
    expect(checkTimingToken(formId, token, 3, at(2_999)).kind).toBe("too_fast");
    expect(checkTimingToken(formId, token, 3, at(TIMING_TOKEN_MAX_AGE_MS + 1)).kind).toBe("expired");
    expect(checkTimingToken(formId, token, 0, at(-120_000)).kind).toBe("expired");
    expect(checkTimingToken(formId, "", 3, t0).kind).toBe("missing");
    expect(checkTimingToken(formId, undefined, 3, t0).kind).toBe("missing");
    expect(checkTimingToken(otherForm, token, 0, at(5_000)).kind).toBe("invalid");
    const tampered = `${token.slice(0, 30)}${token[30] === "A" ? "B" : "A"}${token.slice(31)}`;
    expect(checkTimingToken(formId, tampered, 0, at(5_000)).kind).toBe("invalid");
    expect(checkTimingToken(formId, "not a token!", 0, t0).kind).toBe("invalid");
    expect(checkTimingToken(formId, ["a", "b"], 0, t0).kind).toBe("missing");
  });
});

describe("allowed domains", () => {
  it("allows the host and its subdomains, wildcards only subdomains, ports when given", () => {
    const allowed = ["aura.example", "*.shop.example", "localhost:8080"];
    expect(originAllowed("https://aura.example", allowed)).toBe(true);
    expect(originAllowed("https://www.aura.example", allowed)).toBe(true);
    expect(originAllowed("http://aura.example:3000", allowed)).toBe(true);
    expect(originAllowed("https://evilaura.example", allowed)).toBe(false);
    expect(originAllowed("https://aura.example.evil.test", allowed)).toBe(false);
    expect(originAllowed("https://a.shop.example", allowed)).toBe(true);
    expect(originAllowed("https://shop.example", allowed)).toBe(false);
    expect(originAllowed("http://localhost:8080", allowed)).toBe(true);
    expect(originAllowed("http://localhost:8081", allowed)).toBe(false);
    expect(originAllowed("null", allowed)).toBe(false);
    expect(originAllowed(null, allowed)).toBe(false);
    expect(originAllowed("file:///x", allowed)).toBe(false);
    expect(originAllowed("https://aura.example", [])).toBe(false);
  });

  it("lets this app's own pages and origin-less requests through", () => {
    expect(submissionOriginAllowed(null, ["http://localhost:3000"], [])).toBe(true);
    expect(submissionOriginAllowed("http://localhost:3000", ["http://localhost:3000"], [])).toBe(true);
    expect(submissionOriginAllowed("https://aura.example", ["http://localhost:3000"], [])).toBe(false);
  });

  it("writes frame-ancestors that match the same pages", () => {
    expect(frameAncestorSources([])).toBe("'self'");
    const sources = frameAncestorSources(["aura.example", "localhost:8080", "bad value;"]).split(" ");
    expect(sources).toEqual(
      expect.arrayContaining([
        "'self'",
        "https://aura.example:*",
        "https://*.aura.example:*",
        "http://localhost:8080",
      ]),
    );
    expect(sources.join(" ")).not.toContain(";");
  });
});

describe("no-JavaScript round trip state", () => {
  it("carries errors, values and context, signed", () => {
    const s = encodeFormState({
      errors: { email: "Enter a valid email address." },
      formError: "Too many attempts.",
      values: { name: "Asha", extras: ["tea", "music"] },
      context: '{"landingPage":"https://aura.example/?utm_source=x"}',
    });
    expect(decodeFormState(s)).toEqual({
      errors: { email: "Enter a valid email address." },
      formError: "Too many attempts.",
      values: { name: "Asha", extras: ["tea", "music"] },
      context: '{"landingPage":"https://aura.example/?utm_source=x"}',
    });
    expect(decodeFormState(`${s.slice(0, -2)}xx`)).toBeNull();
    expect(decodeFormState("forged")).toBeNull();
    expect(decodeFormState(undefined)).toBeNull();
  });

  it("drops the longest values to stay short, keeping the errors", () => {
    const noise = Array.from({ length: 6_000 }, (_, i) =>
      String.fromCharCode(0x4e00 + ((i * 7919) % 20_000)),
    ).join("");
    const s = encodeFormState({ errors: { notes: "Too long." }, values: { notes: noise, name: "Asha" } });
    expect(s.length).toBeLessThanOrEqual(6_000);
    expect(decodeFormState(s)).toMatchObject({ errors: { notes: "Too long." }, values: { name: "Asha" } });
  });
});

describe("disposable email list", () => {
  it("knows throw-away domains from the npm list, and leaves others alone", async () => {
    expect(await isDisposableEmail("bot@mailinator.com")).toBe(true);
    expect(await isDisposableEmail("Bot@MAILINATOR.COM")).toBe(true);
    expect(await isDisposableEmail("asha@gmail.com")).toBe(false);
    expect(await isDisposableEmail("asha@aura.example")).toBe(false);
    expect(await isDisposableEmail("no-at-sign")).toBe(false);
  });
});
