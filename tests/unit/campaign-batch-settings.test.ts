import { afterEach, describe, expect, it } from "vitest";
import { campaignBatchSettings } from "@/server/jobs/functions/campaigns/settings";
import { localDriverConcurrency } from "@/server/jobs/local";

/**
 * Campaign sending rates from the environment: the email throttle, and how many batches may be in flight
 * per business (a quarter second of requests at the rate, at least two) so a batch's round trips never
 * set the pace below the throttle.
 */
describe("campaignBatchSettings", () => {
  const saved = process.env.CAMPAIGN_EMAIL_REQUESTS_PER_SECOND;
  afterEach(() => {
    if (saved === undefined) delete process.env.CAMPAIGN_EMAIL_REQUESTS_PER_SECOND;
    else process.env.CAMPAIGN_EMAIL_REQUESTS_PER_SECOND = saved;
  });

  const withRate = (value: string | undefined) => {
    if (value === undefined) delete process.env.CAMPAIGN_EMAIL_REQUESTS_PER_SECOND;
    else process.env.CAMPAIGN_EMAIL_REQUESTS_PER_SECOND = value;
    return campaignBatchSettings();
  };

  it("defaults to Resend's 2 requests a second with two batches in flight", () => {
    const s = withRate(undefined);
    expect(s.emailRequestsPerSecond).toBe(2);
    expect(s.emailBatchesInFlight).toBe(2);
    expect(s.emailBatchSize).toBe(100);
  });

  it("keeps a quarter second of requests in flight at higher rates", () => {
    expect(withRate("20").emailBatchesInFlight).toBe(5);
    expect(withRate("10").emailBatchesInFlight).toBe(3);
    expect(withRate("100").emailBatchesInFlight).toBe(25);
  });

  it("never drops below two in flight, and caps the rate at 100 requests a second", () => {
    expect(withRate("0.5")).toMatchObject({ emailRequestsPerSecond: 0.5, emailBatchesInFlight: 2 });
    expect(withRate("5000")).toMatchObject({ emailRequestsPerSecond: 100, emailBatchesInFlight: 25 });
    expect(withRate("nonsense")).toMatchObject({ emailRequestsPerSecond: 2, emailBatchesInFlight: 2 });
  });

  it("lets the local driver run a business's batches in flight plus two other runs at once, at least 4", () => {
    withRate(undefined);
    expect(localDriverConcurrency()).toBe(4);
    withRate("20");
    expect(localDriverConcurrency()).toBe(7);
    withRate("100");
    expect(localDriverConcurrency()).toBe(27);
  });
});
