import { describe, expect, it } from "vitest";
import { parseRefusalCode, rateLimitedCode, refusalMessage } from "@/server/domain/sign-in-messages";

describe("sign-in refusal messages", () => {
  it("say when to retry, from the wait the limiter answered", () => {
    expect(refusalMessage(rateLimitedCode(42))).toBe("Too many attempts. Try again in 42 seconds.");
    expect(refusalMessage(rateLimitedCode(601))).toBe("Too many attempts. Try again in 11 minutes.");
    expect(refusalMessage(rateLimitedCode(20 * 3600))).toBe("Too many attempts. Try again in 20 hours.");
  });

  it("read the code back from the sign-in page's URL, refusing what is not ours", () => {
    expect(parseRefusalCode("rate_limited:900")).toEqual({ code: "rate_limited", retryAfterSeconds: 900 });
    expect(parseRefusalCode("rate_limited")).toEqual({ code: "rate_limited" });
    expect(parseRefusalCode("rate_limited:-5")).toEqual({ code: "rate_limited" });
    expect(parseRefusalCode("wrong_credentials")).toEqual({ code: "wrong_credentials" });
    expect(parseRefusalCode("<script>")).toBeNull();
    expect(refusalMessage("rate_limited")).toBe("Too many attempts. Try again in a few minutes.");
  });
});
