import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "@/server/auth/client-ip";
import { installPeerAddressHeader, PEER_ADDRESS_HEADER } from "@/server/http/peer-address";

const headers = (h: Record<string, string>) => new Headers(h);

afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  delete process.env.TRUSTED_PROXY_HOPS;
});

describe("clientIp", () => {
  it("ignores a client's own X-Forwarded-For when no proxy is trusted", () => {
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: "203.0.113.9", "x-forwarded-for": "1.2.3.4" }))).toBe(
      "203.0.113.9",
    );
    expect(clientIp(headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" }))).toBeNull();
  });

  it("believes forwarded addresses only through trusted proxies (TRUSTED_PROXIES)", () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8, loopback";
    // The proxy at 10.0.0.2 saw 198.51.100.7, which claimed to be 1.2.3.4: the claim is not believed.
    const h = headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "1.2.3.4, 198.51.100.7" });
    expect(clientIp(h)).toBe("198.51.100.7");
    // A peer that is not a trusted proxy is the client, whatever it forwards.
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "1.2.3.4" }))).toBe(
      "198.51.100.7",
    );
  });

  it("believes a number of hops (TRUSTED_PROXY_HOPS)", () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    const h = headers({ [PEER_ADDRESS_HEADER]: "172.16.0.5", "x-forwarded-for": "1.2.3.4, 198.51.100.7" });
    expect(clientIp(h)).toBe("198.51.100.7");
  });

  it("the server replaces a peer header a client sent with the socket's address", async () => {
    installPeerAddressHeader();
    const server = http.createServer((req, res) => res.end(String(req.headers[PEER_ADDRESS_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: "1.2.3.4" } });
    expect(await res.text()).toBe("127.0.0.1");
    await new Promise((resolve) => server.close(resolve));
  });
});
