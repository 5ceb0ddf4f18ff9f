import { deflateRawSync, inflateRawSync } from "node:zlib";
import { openToken, signToken } from "@/server/crypto/signed-token";

/*
 * What a no-JavaScript form post carries back to the form after an error (a 303 redirect to
 * `/f/{formId}?s=…`): the per-field errors, a message for the whole form and the visitor's values, so
 * the page shows them again. JSON, deflated, signed (server/crypto/signed-token.ts, purpose
 * "lead-form-state"), base64url: only this server can make one, so a crafted link cannot put words in
 * the form. Kept under ~6,000 characters (URLs stay well under proxies' limits): the longest values are
 * dropped first, errors always stay.
 */

const PURPOSE = "lead-form-state";
const MAX_CHARS = 6_000;

export interface LeadFormPageState {
  errors: Record<string, string>;
  formError?: string;
  values: Record<string, string | string[]>;
  /** The form's `_ctx` (where the visitor first came from), so it survives the round trip. */
  context?: string;
}

/** Encodes a state for a redirect URL (see above). */
export function encodeFormState(state: LeadFormPageState): string {
  const values = { ...state.values };
  const encode = () =>
    signToken(
      PURPOSE,
      deflateRawSync(
        Buffer.from(JSON.stringify({ e: state.errors, f: state.formError, v: values, c: state.context })),
      ),
    );
  let out = encode();
  while (out.length > MAX_CHARS && Object.keys(values).length > 0) {
    const longest = Object.entries(values).sort((a, b) => String(b[1]).length - String(a[1]).length)[0]![0];
    delete values[longest];
    out = encode();
  }
  return out;
}

/** The state in `s`, or null when it is absent, not ours or altered. Never throws. */
export function decodeFormState(s: unknown): LeadFormPageState | null {
  if (typeof s !== "string" || s.length === 0 || s.length > MAX_CHARS * 2) return null;
  const payload = openToken(PURPOSE, s);
  if (!payload) return null;
  try {
    const raw = JSON.parse(inflateRawSync(payload, { maxOutputLength: 256 * 1024 }).toString("utf8")) as {
      e?: unknown;
      f?: unknown;
      v?: unknown;
      c?: unknown;
    };
    const strings = (o: unknown) =>
      Object.fromEntries(
        Object.entries(o && typeof o === "object" ? o : {}).filter(
          ([, v]) => typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string")),
        ),
      );
    return {
      errors: strings(raw.e) as Record<string, string>,
      formError: typeof raw.f === "string" ? raw.f : undefined,
      values: strings(raw.v) as Record<string, string | string[]>,
      context: typeof raw.c === "string" ? raw.c.slice(0, 5_000) : undefined,
    };
  } catch {
    return null;
  }
}
