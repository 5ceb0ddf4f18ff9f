import { LEAD_FORM_LIMITS } from "@/server/domain/lead-forms";
import { limitBody } from "./body-limit";

/*
 * HTTP plumbing of the public lead form endpoints (`/api/forms/{formId}…`): this app's own origins, CORS
 * answers for the form's allowed domains, and reading a submission's body (JSON from the embed,
 * form-encoded from the no-JavaScript page) under the size limit.
 */

/** This app's origins: APP_URL's and the one the request came to (the hosted page posts from there). */
export function ownOrigins(req: Request): string[] {
  const out = new Set<string>();
  try {
    out.add(new URL(req.url).origin);
  } catch {
    // A request always has a URL; nothing to add otherwise.
  }
  if (process.env.APP_URL) {
    try {
      out.add(new URL(process.env.APP_URL).origin);
    } catch {
      // APP_URL is validated at start; ignore a bad one here.
    }
  }
  return [...out];
}

/**
 * CORS headers for an allowed cross-origin caller (`origin` echoed, never `*`, with `Vary: Origin`);
 * only `Vary` for anyone else (the browser then refuses to hand the answer to the page).
 */
export function corsHeaders(origin: string | null, allowed: boolean): Record<string, string> {
  if (!origin || !allowed) return { Vary: "Origin" };
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Expose-Headers": "Retry-After, ETag",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

/** A JSON answer that is never cached. */
export function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** A submission's body: its fields and how it came (`json` from the embed, `form` from an HTML form). */
export interface SubmissionBody {
  kind: "json" | "form";
  fields: Record<string, unknown>;
}

function formFields(params: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    fields[key] = all.length > 1 ? all : all[0];
  }
  return fields;
}

/**
 * Reads a submission's body, at most `LEAD_FORM_LIMITS.bodyBytes` (64 KiB; larger answers 413 before
 * it is parsed). JSON (`application/json`, or `text/plain` holding JSON, which a page can send without a
 * CORS preflight) must be an object; form bodies are `application/x-www-form-urlencoded` or
 * `multipart/form-data` (text fields only). Output: the body, or the error answer (413; 400 for
 * unreadable JSON; 415 for any other type).
 */
export async function readSubmissionBody(req: Request): Promise<SubmissionBody | Response> {
  const limited = await limitBody(req, LEAD_FORM_LIMITS.bodyBytes);
  if (limited instanceof Response) return limited;
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type.includes("application/x-www-form-urlencoded"))
    return { kind: "form", fields: formFields(new URLSearchParams(await limited.text())) };
  if (type.includes("multipart/form-data")) {
    const data = await limited.formData().catch(() => null);
    if (!data) return json({ code: "BAD_REQUEST", message: "The form data could not be read." }, 400);
    const params = new URLSearchParams();
    for (const [k, v] of data.entries()) if (typeof v === "string") params.append(k, v);
    return { kind: "form", fields: formFields(params) };
  }
  if (type.includes("application/json") || type.includes("text/plain") || type === "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await limited.text());
    } catch {
      return json({ code: "BAD_REQUEST", message: "The body is not valid JSON." }, 400);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
      return json({ code: "BAD_REQUEST", message: "Send the answers as a JSON object." }, 400);
    return { kind: "json", fields: parsed as Record<string, unknown> };
  }
  return json({ code: "UNSUPPORTED_MEDIA_TYPE", message: "Send JSON or a form." }, 415);
}
