import { describe, expect, it } from "vitest";
import { browserPort } from "../e2e/ports";

/** The browser suite's random ports: never one Chromium refuses to load, for a server or its partner. */
describe("browserPort", () => {
  it("stays in its range and skips Chromium's unsafe ports, for the port and each offset", () => {
    for (let i = 0; i < 2_000; i++) {
      const port = browserPort(3650, 20);
      expect(port).toBeGreaterThanOrEqual(3650);
      expect(port).toBeLessThan(3670);
      expect(port).not.toBe(3659);
      const pair = browserPort(4040, 10, [1020]);
      expect([4045, 5060, 5061]).not.toContain(pair);
      expect([4045, 5060, 5061]).not.toContain(pair + 1020);
      expect(pair).toBeLessThan(4050);
    }
  });
});
