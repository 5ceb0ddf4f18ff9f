import { z } from "zod";

/*
 * Why one file (~480 lines because): reading a template's slots, filling them for a customer, building
 * the Cloud API payload and listing what keeps a template from being sent all follow the same reading of
 * Meta's `components`; split, a new header or button kind would have to change several files together.
 */

/*
 * WhatsApp message templates, pure: the variable slots of a template as Meta describes its components
 * (HEADER / BODY / FOOTER / BUTTONS with `{{1}}` or `{{name}}` placeholders), the mapping of each slot to
 * a customer field or fixed text, and the Cloud API `components` payload built from them. Source: Meta,
 * "Message templates" and "Send message templates" (template object `components`: header/body
 * parameters, `button` with `sub_type` and `index`).
 */

/** A template component parameter as the Cloud API takes it. */
export type WhatsappTemplateParameter =
  | {
      type: "text";
      text: string;
      /** For templates with named parameters (`parameter_format: NAMED`). */
      parameter_name?: string;
    }
  | { type: "coupon_code"; coupon_code: string }
  /** A media header's asset by its public https link (Meta fetches it when sending). */
  | { type: "image"; image: { link: string } }
  | { type: "video"; video: { link: string } }
  /** An animated GIF header: Meta takes it as an MP4 file (Meta: "Template media"). */
  | { type: "gif"; gif: { link: string } }
  | { type: "document"; document: { link: string; filename?: string } }
  /** A location header's map pin, given when sending (Meta: "Location templates"). */
  | { type: "location"; location: { latitude: string; longitude: string; name: string; address: string } };

/** Header formats whose media each message names by link (Meta: "Send media-based message template"). */
export const whatsappHeaderMedia = ["image", "video", "gif", "document"] as const;
export type WhatsappHeaderMedia = (typeof whatsappHeaderMedia)[number];

/**
 * The four values a location header takes when a message is sent (Meta: "Location templates": latitude,
 * longitude, name, address; the location is chosen at send time, not when the template is made).
 */
export const whatsappLocationParts = ["latitude", "longitude", "name", "address"] as const;
export type WhatsappLocationPart = (typeof whatsappLocationParts)[number];

/** One entry of a template message's `components` (Cloud API). */
export interface WhatsappSendComponent {
  type: "header" | "body" | "button";
  /** Buttons only: `url`, `copy_code` … */
  sub_type?: string;
  /** Buttons only: the button's position, as a string ("0"). */
  index?: string;
  parameters: WhatsappTemplateParameter[];
}

/**
 * A slot without a value for a customer (unmapped, or the field is empty and there is no fallback).
 * The sender records it as that recipient's failure.
 */
export class MissingTemplateValueError extends Error {
  readonly slot: string;
  constructor(slot: string, message: string) {
    super(message);
    this.name = "MissingTemplateValueError";
    this.slot = slot;
  }
}

/** A variable a template needs when it is sent. */
export interface WhatsappSlot {
  /** `header.1`, `header.media`, `body.1`, `body.first_name`, `button.0.1`, `button.1.code`. */
  key: string;
  component: "header" | "body" | "button";
  /** Buttons: the button's position (0-based). */
  buttonIndex?: number;
  /** Buttons: Cloud API `sub_type` (`url`, `copy_code`). */
  buttonType?: "url" | "copy_code";
  /** Named parameter (`{{first_name}}`), for templates with named parameters. */
  name?: string;
  /** A media header's asset (`header.media`): its value is an https link to the image, video, GIF or document. */
  media?: WhatsappHeaderMedia;
  /** A location header's part (`header.latitude` …): latitude and longitude are decimal degrees. */
  location?: WhatsappLocationPart;
  /** Meta's example value, when the template has one. */
  example?: string;
  /** For people: "Body variable 1", "Button 1 link suffix". */
  label: string;
}

/** Customer and business fields a slot can take its value from. */
export const whatsappMappingFields = {
  "customer.firstName": "Customer's first name",
  "customer.lastName": "Customer's last name",
  "customer.name": "Customer's full name",
  "customer.email": "Customer's email",
  "customer.phone": "Customer's phone",
  "customer.whatsapp": "Customer's WhatsApp number",
  "customer.company": "Customer's company",
  "customer.city": "Customer's city",
  "business.name": "Business name",
} as const;
export type WhatsappMappingField = keyof typeof whatsappMappingFields | `customer.custom.${string}`;

const customFieldRef = /^customer\.custom\.[a-z0-9_]{1,64}$/i;

/** One slot's source: a field (with a fallback when the customer has no value) or fixed text. */
export const slotSourceSchema = z.union([
  z.object({
    field: z
      .string()
      .refine(
        (f) => f in whatsappMappingFields || customFieldRef.test(f),
        "Choose a customer field, a custom field or fixed text.",
      ),
    fallback: z.string().trim().max(200, "Keep the fallback under 200 characters.").optional(),
  }),
  z.object({
    text: z.string().trim().min(1, "Enter the text.").max(1000, "Keep it under 1,000 characters."),
  }),
]);
export type SlotSource = z.output<typeof slotSourceSchema>;

/** A template's mapping: slot key → source. */
export const whatsappMappingSchema = z.record(
  z.string().regex(/^(header|body|button\.\d+)\.[\w]+$/, "Not a template variable."),
  slotSourceSchema,
);
export type WhatsappMapping = z.output<typeof whatsappMappingSchema>;

export const setWhatsappTemplateMappingInput = z.object({
  templateId: z.uuid(),
  mapping: whatsappMappingSchema,
});

export const whatsappTemplateIdInput = z.object({ templateId: z.uuid() });

/** A synced template as the API shows it. */
export const whatsappTemplateOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string().nullable(),
  externalId: z.string().nullable(),
  components: z.array(z.unknown()),
  mapping: z.record(z.string(), z.unknown()),
  slots: z.array(
    z.object({
      key: z.string(),
      component: z.enum(["header", "body", "button"]),
      label: z.string(),
      example: z.string().optional(),
    }),
  ),
  /** Why the template cannot be sent now (not approved, unmapped variables); empty when it can. */
  problems: z.array(z.string()),
  /** The header, body and footer text with each variable shown as its example or `{{key}}`. */
  preview: z.string(),
  updatedAt: z.date(),
});
export type WhatsappTemplateView = z.output<typeof whatsappTemplateOutput>;

type Component = {
  type?: unknown;
  format?: unknown;
  text?: unknown;
  example?: unknown;
  buttons?: unknown;
};

const placeholder = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function placeholders(text: unknown): string[] {
  if (typeof text !== "string") return [];
  return [...new Set([...text.matchAll(placeholder)].map((m) => m[1]!))];
}

function examplesOf(component: Component, kind: "header" | "body"): Record<string, string> {
  const ex = (component.example ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  const positional = kind === "header" ? ex.header_text : (ex.body_text as unknown[] | undefined)?.[0];
  if (Array.isArray(positional))
    positional.forEach((v, i) => {
      if (typeof v === "string") out[String(i + 1)] = v;
    });
  const named = kind === "header" ? ex.header_text_named_params : ex.body_text_named_params;
  if (Array.isArray(named))
    for (const n of named as Array<{ param_name?: unknown; example?: unknown }>)
      if (typeof n.param_name === "string" && typeof n.example === "string") out[n.param_name] = n.example;
  return out;
}

/** The media a header component carries (`image`, `video`, `document`), or null for text or none. */
function headerMedia(c: Component): WhatsappHeaderMedia | null {
  const format = typeof c.format === "string" ? c.format.toLowerCase() : "text";
  return (whatsappHeaderMedia as readonly string[]).includes(format) ? (format as WhatsappHeaderMedia) : null;
}

/** Whether a header component shows a map pin (`format: LOCATION`). */
function isLocationHeader(c: Component): boolean {
  return typeof c.format === "string" && c.format.toUpperCase() === "LOCATION";
}

/**
 * A header this product cannot fill, by its format (one Meta adds later), lower-cased; null when every
 * header is text, media (image, video, GIF, document) or a location.
 */
export function unsupportedHeader(components: readonly unknown[]): string | null {
  for (const c of components as Component[]) {
    if (String(c.type).toUpperCase() !== "HEADER" || typeof c.format !== "string") continue;
    const format = c.format.toUpperCase();
    if (format !== "TEXT" && !headerMedia(c) && !isLocationHeader(c)) return format.toLowerCase();
  }
  return null;
}

/**
 * Whether `value` is a decimal degree within `limit` (90 for a latitude, 180 for a longitude), as a map
 * pin takes it: "18.5204", "-73.98". No exponent, no degree sign.
 */
export function isDegrees(value: string, limit: 90 | 180): boolean {
  if (!/^[-+]?\d{1,3}(\.\d+)?$/.test(value)) return false;
  return Math.abs(Number(value)) <= limit;
}

/** Whether `value` is an absolute https URL (Meta fetches media headers from a public https link). */
export function isHttpsLink(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

const mediaWords: Record<WhatsappHeaderMedia, string> = {
  image: "image",
  video: "video",
  gif: "GIF (an MP4 file)",
  document: "document",
};

const locationLabels: Record<WhatsappLocationPart, string> = {
  latitude: "Header location latitude (e.g. 18.5204)",
  longitude: "Header location longitude (e.g. 73.8567)",
  name: "Header location name",
  address: "Header location address",
};

/**
 * The variable slots of a template, in order: header text variables, body variables, then dynamic
 * button values (a URL button's `{{1}}` suffix, a copy-code button's code). Input: Meta's `components`.
 */
export function whatsappSlots(components: readonly unknown[]): WhatsappSlot[] {
  const slots: WhatsappSlot[] = [];
  for (const c of components as Component[]) {
    const type = String(c.type ?? "").toUpperCase();
    if (type === "HEADER" || type === "BODY") {
      const kind = type === "HEADER" ? "header" : "body";
      const media = kind === "header" ? headerMedia(c) : null;
      if (media) {
        const handle = (c.example as { header_handle?: unknown } | undefined)?.header_handle;
        const example = Array.isArray(handle) && typeof handle[0] === "string" ? handle[0] : undefined;
        slots.push({
          key: "header.media",
          component: "header",
          media,
          ...(example && isHttpsLink(example) ? { example } : {}),
          label: `Header ${mediaWords[media]} link (https)`,
        });
        continue;
      }
      if (kind === "header" && isLocationHeader(c)) {
        for (const part of whatsappLocationParts)
          slots.push({
            key: `header.${part}`,
            component: "header",
            location: part,
            label: locationLabels[part],
          });
        continue;
      }
      if (kind === "header" && typeof c.format === "string" && c.format.toUpperCase() !== "TEXT") continue;
      const examples = examplesOf(c, kind);
      for (const p of placeholders(c.text)) {
        const named = !/^\d+$/.test(p);
        slots.push({
          key: `${kind}.${p}`,
          component: kind,
          ...(named ? { name: p } : {}),
          ...(examples[p] ? { example: examples[p] } : {}),
          label: `${kind === "header" ? "Header" : "Body"} variable ${p}`,
        });
      }
    } else if (type === "BUTTONS" && Array.isArray(c.buttons)) {
      (c.buttons as Array<Record<string, unknown>>).forEach((b, index) => {
        const bt = String(b.type ?? "").toUpperCase();
        if (bt === "URL") {
          for (const p of placeholders(b.url)) {
            const example =
              Array.isArray(b.example) && typeof b.example[0] === "string" ? b.example[0] : undefined;
            slots.push({
              key: `button.${index}.${p}`,
              component: "button",
              buttonIndex: index,
              buttonType: "url",
              ...(example ? { example } : {}),
              label: `Button ${index + 1} (${String(b.text ?? "link")}) link ending`,
            });
          }
        } else if (bt === "COPY_CODE") {
          slots.push({
            key: `button.${index}.code`,
            component: "button",
            buttonIndex: index,
            buttonType: "copy_code",
            ...(typeof b.example === "string" ? { example: b.example } : {}),
            label: `Button ${index + 1} coupon code`,
          });
        }
      });
    }
  }
  return slots;
}

/** What a slot's value may come from about the customer and the business. */
export interface TemplateCustomer {
  name: string;
  email?: string | null;
  phone?: string | null;
  whatsapp?: string | null;
  company?: string | null;
  city?: string | null;
  customFields?: Record<string, unknown> | null;
}
export interface TemplateBusiness {
  name: string;
}

function fieldValue(field: string, customer: TemplateCustomer, business: TemplateBusiness): string {
  const name = customer.name.trim();
  const [first = "", ...rest] = name.split(/\s+/);
  switch (field) {
    case "customer.firstName":
      return first;
    case "customer.lastName":
      return rest.join(" ");
    case "customer.name":
      return name;
    case "customer.email":
      return customer.email ?? "";
    case "customer.phone":
      return customer.phone ?? "";
    case "customer.whatsapp":
      return customer.whatsapp ?? customer.phone ?? "";
    case "customer.company":
      return customer.company ?? "";
    case "customer.city":
      return customer.city ?? "";
    case "business.name":
      return business.name;
  }
  if (field.startsWith("customer.custom.")) {
    const v = customer.customFields?.[field.slice("customer.custom.".length)];
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) return v.join(", ");
    if (typeof v === "object") {
      const o = v as { amount?: unknown; currency?: unknown };
      return o.amount !== undefined ? `${o.amount} ${o.currency ?? ""}`.trim() : JSON.stringify(v);
    }
    if (typeof v === "boolean") return v ? "Yes" : "No";
    return String(v);
  }
  return "";
}

/**
 * The value of one slot for a customer: the fixed text, or the field's value (whitespace collapsed, as
 * Meta refuses new lines and runs of spaces in parameters), else the fallback. Errors:
 * MissingTemplateValueError when the slot is unmapped, the customer has no value and there is no
 * fallback, or a media header's value is not an https link.
 */
export function slotValue(
  slot: Pick<WhatsappSlot, "key" | "media" | "location">,
  mapping: WhatsappMapping,
  customer: TemplateCustomer,
  business: TemplateBusiness,
): string {
  const source = mapping[slot.key];
  if (!source)
    throw new MissingTemplateValueError(slot.key, `The template variable ${slot.key} is not mapped.`);
  const raw = "text" in source ? source.text : fieldValue(source.field, customer, business);
  const value = raw.replace(/\s+/g, " ").trim() || ("field" in source ? (source.fallback?.trim() ?? "") : "");
  if (!value)
    throw new MissingTemplateValueError(
      slot.key,
      `No value for ${slot.key}: the customer has no ${"field" in source ? source.field : "value"} and there is no fallback.`,
    );
  if (slot.media && !isHttpsLink(value))
    throw new MissingTemplateValueError(
      slot.key,
      `The header ${mediaWords[slot.media]} needs an https link; "${value.slice(0, 80)}" is not one.`,
    );
  if (
    (slot.location === "latitude" && !isDegrees(value, 90)) ||
    (slot.location === "longitude" && !isDegrees(value, 180))
  )
    throw new MissingTemplateValueError(slot.key, locationProblem(slot.location, value));
  return value;
}

/** Why a latitude or longitude is refused, for the member who mapped it. */
function locationProblem(part: "latitude" | "longitude", value: string): string {
  const limit = part === "latitude" ? 90 : 180;
  return `The header location's ${part} must be decimal degrees between -${limit} and ${limit} (e.g. ${part === "latitude" ? "18.5204" : "73.8567"}); "${value.slice(0, 40)}" is not.`;
}

/**
 * Each slot of a template with its value for a customer, or null where the mapping gives none (unmapped,
 * no value and no fallback, a media link that is not https): what a composer prefills and asks for.
 */
export function fillTemplateSlots(
  components: readonly unknown[],
  mapping: WhatsappMapping,
  customer: TemplateCustomer,
  business: TemplateBusiness,
): { slot: WhatsappSlot; value: string | null }[] {
  return whatsappSlots(components).map((slot) => {
    try {
      return { slot, value: slotValue(slot, mapping, customer, business) };
    } catch (e) {
      if (!(e instanceof MissingTemplateValueError)) throw e;
      return { slot, value: null };
    }
  });
}

/**
 * The Cloud API `components` of a template message for one customer: a `header` and a `body` entry with
 * their text parameters in order (with `parameter_name` for named ones; a media header's one parameter
 * is `{ type: "image", image: { link } }`, or video / gif / document; a location header's one parameter
 * is `{ type: "location", location: { latitude, longitude, name, address } }`), and one `button` entry per
 * dynamic button (`sub_type` url → text parameter, copy_code → coupon_code). Components without
 * variables are left out, as Meta expects. Errors: MissingTemplateValueError (see `slotValue`).
 */
export function buildTemplateComponents(
  template: { components: readonly unknown[] },
  mapping: WhatsappMapping,
  customer: TemplateCustomer,
  business: TemplateBusiness,
): WhatsappSendComponent[] {
  const slots = whatsappSlots(template.components);
  const out: WhatsappSendComponent[] = [];
  for (const kind of ["header", "body"] as const) {
    const params: WhatsappTemplateParameter[] = slots
      .filter((s) => s.component === kind && !s.location)
      .map((s): WhatsappTemplateParameter => {
        const value = slotValue(s, mapping, customer, business);
        if (s.media === "image") return { type: "image", image: { link: value } };
        if (s.media === "video") return { type: "video", video: { link: value } };
        if (s.media === "gif") return { type: "gif", gif: { link: value } };
        if (s.media === "document") return { type: "document", document: { link: value } };
        return { type: "text", text: value, ...(s.name ? { parameter_name: s.name } : {}) };
      });
    const pin = slots.filter((s) => s.component === kind && s.location);
    if (pin.length > 0) {
      const part = (p: WhatsappLocationPart) =>
        slotValue(pin.find((s) => s.location === p)!, mapping, customer, business);
      params.push({
        type: "location",
        location: {
          latitude: part("latitude"),
          longitude: part("longitude"),
          name: part("name"),
          address: part("address"),
        },
      });
    }
    if (params.length > 0) out.push({ type: kind, parameters: params });
  }
  for (const s of slots.filter((x) => x.component === "button")) {
    const value = slotValue(s, mapping, customer, business);
    out.push({
      type: "button",
      sub_type: s.buttonType,
      index: String(s.buttonIndex),
      parameters:
        s.buttonType === "copy_code"
          ? [{ type: "coupon_code", coupon_code: value }]
          : [{ type: "text", text: value }],
    });
  }
  return out;
}

/**
 * The text a customer reads (header, body and footer, blank line between), each variable replaced by
 * `value(key)`; the dev outbox and the template preview show it.
 */
export function renderTemplateText(components: readonly unknown[], value: (key: string) => string): string {
  const parts: string[] = [];
  for (const c of components as Component[]) {
    const type = String(c.type ?? "").toUpperCase();
    const media = type === "HEADER" ? headerMedia(c) : null;
    if (media) {
      const link = value("header.media");
      const word = media === "gif" ? "GIF" : `${media[0]!.toUpperCase()}${media.slice(1)}`;
      parts.push(`[${word}: ${link}]`);
    } else if (type === "HEADER" && isLocationHeader(c)) {
      const place = [value("header.name"), value("header.address")].filter(Boolean).join(", ");
      parts.push(`[Location: ${place} (${value("header.latitude")}, ${value("header.longitude")})]`);
    } else if ((type === "HEADER" || type === "BODY" || type === "FOOTER") && typeof c.text === "string") {
      const kind = type.toLowerCase();
      parts.push(c.text.replace(placeholder, (_, p: string) => value(`${kind}.${p}`)));
    } else if (type === "BUTTONS" && Array.isArray(c.buttons)) {
      const labels = (c.buttons as Array<{ text?: unknown }>)
        .filter((b) => typeof b.text === "string" && b.text)
        .map((b) => `[${String(b.text)}]`);
      if (labels.length) parts.push(labels.join(" "));
    }
  }
  return parts.join("\n\n");
}

/**
 * Problems that keep a template from being sent: not approved, a header this product cannot fill,
 * unmapped slots, a media header mapped to fixed text that is not an https link, a location header's
 * latitude or longitude mapped to fixed text that is not decimal degrees.
 */
export function templateProblems(template: {
  status: string | null;
  components: readonly unknown[] | null;
  variableMapping: Record<string, unknown>;
}): { message: string; field: string }[] {
  const problems: { message: string; field: string }[] = [];
  const status = (template.status ?? "").toUpperCase();
  if (status !== "APPROVED")
    problems.push({
      field: "templateId",
      message: `The template is not approved by Meta (status ${status || "unknown"}); only approved templates can be sent.`,
    });
  const components = template.components ?? [];
  const unsupported = unsupportedHeader(components);
  if (unsupported)
    problems.push({
      field: "templateId",
      message: `Templates with a ${unsupported} header are not supported; use one with a text, image, video, GIF, document or location header.`,
    });
  for (const slot of whatsappSlots(components)) {
    const parsed = slotSourceSchema.safeParse(template.variableMapping[slot.key]);
    if (!parsed.success)
      problems.push({
        field: `mapping.${slot.key}`,
        message: `Map ${slot.label} to a customer field or fixed text.`,
      });
    else if (slot.media && "text" in parsed.data && !isHttpsLink(parsed.data.text))
      problems.push({
        field: `mapping.${slot.key}`,
        message: `The header ${mediaWords[slot.media]} needs an https link (https://…).`,
      });
    else if (
      (slot.location === "latitude" || slot.location === "longitude") &&
      "text" in parsed.data &&
      !isDegrees(parsed.data.text, slot.location === "latitude" ? 90 : 180)
    )
      problems.push({
        field: `mapping.${slot.key}`,
        message: locationProblem(slot.location, parsed.data.text),
      });
  }
  return problems;
}
