import { beforeAll, describe, expect, it } from "vitest";
import { GET as assetGET } from "@/app/api/docs/assets/[...file]/route";
import { GET as docsGET } from "@/app/api/docs/route";
import { GET, PATCH, POST } from "@/app/api/v1/[...path]/route";
import { GET as openApiGET } from "@/app/api/v1/openapi.json/route";
import type { Db } from "@/db/client";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

function get(path: string, key?: string, headers: Record<string, string> = {}) {
  return GET(
    new Request(`http://localhost:3000/api/v1${path}`, {
      headers: key === undefined ? headers : { authorization: `Bearer ${key}`, ...headers },
    }),
  );
}

async function setup() {
  const owner = await createUser(db, { name: "Rest Owner" });
  const business = await createBusiness(db, {
    owner,
    name: "REST Bakery",
    phone: "98765 43210",
    category: "restaurant_cafe",
  });
  const key = await createApiKeyFor(db, business);
  return { owner, business, key };
}

describe("GET /api/v1/business", () => {
  it("returns the key's business as JSON", async () => {
    const { business, key } = await setup();
    const res = await get("/business", key.key);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({
      id: business.id,
      slug: business.slug,
      name: "REST Bakery",
      category: "restaurant_cafe",
      description: null,
      phone: "+919876543210",
      whatsappNumber: null,
      country: "IN",
      timeZone: "Asia/Kolkata",
      currency: "INR",
      createdAt: business.createdAt.toISOString(),
    });
  });

  it("accepts its own businessId and answers 404 for another business's", async () => {
    const { business, key } = await setup();
    const other = await setup();
    const own = await get(`/business?businessId=${business.id}`, key.key);
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ id: business.id });

    const res = await get(`/business?businessId=${other.business.id}`, key.key);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body).toMatchObject({ code: "NOT_FOUND" });
    expect(JSON.stringify(body)).not.toContain(other.business.slug);
  });

  it("answers 401 JSON without a key, with a bad key and with a revoked key", async () => {
    const { business, key, owner } = await setup();
    const missing = await get("/business");
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: "UNAUTHORIZED", message: expect.any(String) });

    for (const bad of [`mcrm_${"x".repeat(40)}`, "not-a-key", ""]) {
      const res = await get("/business", bad);
      expect(res.status, bad).toBe(401);
      expect(await res.json()).toMatchObject({ code: "UNAUTHORIZED" });
    }

    await callerFor(db, owner).apiKeys.revoke({ businessId: business.id, apiKeyId: key.id });
    const revoked = await get("/business", key.key);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("ignores a session cookie: only API keys authenticate here", async () => {
    const res = await get("/business", undefined, { cookie: "authjs.session-token=anything" });
    expect(res.status).toBe(401);
  });
});

describe("GET /api/v1/members", () => {
  it("returns the business's members under data", async () => {
    const { owner, business, key } = await setup();
    const { user: admin } = await addMember(db, business, "admin");
    const res = await get("/members", key.key);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<Record<string, unknown>> };
    expect(body.data).toHaveLength(2);
    expect(body.data[0]).toEqual({
      id: expect.any(String),
      userId: owner.id,
      name: "Rest Owner",
      email: owner.email,
      role: "owner",
      joinedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(body.data[1]).toMatchObject({ userId: admin.id, role: "admin" });
  });

  it("answers 404 for an unknown path", async () => {
    const { key } = await setup();
    const res = await get("/nothing-here", key.key);
    expect(res.status).toBe(404);
  });

  it("serves request after request from one route table, each with its own key, path and body", async () => {
    const a = await setup();
    const b = await setup();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => get("/business", (i % 2 ? b : a).key.key)),
    );
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? b : a).business.id));
    // The path parameter and the JSON body reach the procedure; a body that is not JSON is a 400.
    const post = (body: string) =>
      POST(
        new Request("http://localhost:3000/api/v1/customers", {
          method: "POST",
          headers: { authorization: `Bearer ${a.key.key}`, "content-type": "application/json" },
          body,
        }),
      );
    const created = await post(JSON.stringify({ name: "Ravi" }));
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const patched = await PATCH(
      new Request(`http://localhost:3000/api/v1/customers/${id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${a.key.key}`, "content-type": "application/json" },
        body: JSON.stringify({ city: "Pune" }),
      }),
    );
    expect(await patched.json()).toMatchObject({ id, name: "Ravi", city: "Pune" });
    const broken = await post("{not json");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: "PARSE_ERROR" });
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("documents /business and /members with bearer security", async () => {
    const res = openApiGET(new Request("http://localhost:3000/api/v1/openapi.json"));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/business", "/members"]));
    expect(doc.paths["/business"]!.get).toBeDefined();
    expect(doc.paths["/members"]!.get).toBeDefined();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/business"]!.get!.security).toEqual([{ bearerAuth: [] }]);
    // Only procedures with openapi meta are exposed: no key management over REST.
    expect(Object.keys(doc.paths).some((p) => p.toLowerCase().includes("key"))).toBe(false);
  });

  it("documents the customers page's response: customers with their fields, the cursor and the total", async () => {
    const doc = (await openApiGET(new Request("http://localhost:3000/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const schema = (
      doc.paths["/customers"]!.get!.responses["200"] as {
        content: {
          "application/json": {
            schema: { properties: { data: { items: { properties: object } } }; required: string[] };
          };
        };
      }
    ).content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["data", "nextCursor", "total", "totalIsExact"]));
    expect(Object.keys(schema.properties.data.items.properties)).toEqual(
      expect.arrayContaining([
        "id",
        "name",
        "email",
        "phone",
        "tags",
        "consent",
        "invalidValues",
        "createdAt",
      ]),
    );
  });

  it("names the address the reader uses when APP_URL is not set", async () => {
    const saved = process.env.APP_URL;
    delete process.env.APP_URL;
    try {
      const res = openApiGET(new Request("http://192.168.1.20:3417/api/v1/openapi.json"));
      const doc = (await res.json()) as { servers: { url: string }[] };
      expect(doc.servers[0]!.url).toBe("http://192.168.1.20:3417/api/v1");
    } finally {
      process.env.APP_URL = saved;
    }
    const configured = openApiGET(new Request("http://192.168.1.20:3417/api/v1/openapi.json"));
    expect(((await configured.json()) as { servers: { url: string }[] }).servers[0]!.url).toBe(
      `${process.env.APP_URL}/api/v1`,
    );
  });
});

describe("GET /api/docs", () => {
  it("serves the API reference with every asset from this app, under a nonce CSP", async () => {
    const res = docsGET();
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(html).toContain("/api/v1/openapi.json");
    // Every script is ours and carries the nonce; nothing comes from a CDN.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/https?:\/\/(cdn|fonts)\./);
    const src = /<script[^>]*src="([^"]+)"/.exec(html)?.[1];
    expect(src).toBe("/api/docs/assets/standalone.js");
    const asset = await assetGET(new Request(`http://localhost:3000${src}`), {
      params: Promise.resolve({ file: ["standalone.js"] }),
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    await asset.body?.cancel();
    const outside = await assetGET(new Request("http://localhost:3000/api/docs/assets/x"), {
      params: Promise.resolve({ file: ["..", "..", "package.json"] }),
    });
    expect(outside.status).toBe(404);
  });
});
