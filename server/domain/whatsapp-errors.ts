/*
 * WhatsApp Cloud API error codes: which ones another attempt can fix, and a sentence a business owner
 * can read. Source: Meta, "WhatsApp error codes"
 * (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes) and the
 * Graph API error handling guide. Codes arrive in the send response's `error.code` and in a `failed`
 * status webhook's `errors[].code`.
 */

/** Throughput and rate limits: wait and try again. */
const retriableCodes = new Set([
  1, // API unknown (temporary)
  2, // API service (temporary downtime)
  4, // API too many calls (app rate limit)
  17, // API user too many calls
  341, // application limit reached
  613, // calls exceeded the rate limit
  80007, // WhatsApp Business Account rate limit
  130429, // Cloud API throughput reached
  131016, // service unavailable
  131056, // too many messages to the same customer in a short time (pair rate limit)
  133004, // server temporarily unavailable
]);

const sentences: Record<number, string> = {
  0: "Meta could not authenticate the access token. Check the WhatsApp access token in Messaging settings.",
  3: "The access token lacks a permission the Cloud API needs (whatsapp_business_messaging).",
  4: "The WhatsApp app made too many calls. Sending resumes shortly.",
  10: "Permission was not granted or was revoked for this WhatsApp app.",
  100: "Meta refused a value in the message (invalid parameter). Check the number and the template's variables.",
  190: "The WhatsApp access token has expired or was revoked. Paste a new one in Messaging settings.",
  200: "The WhatsApp app is missing a permission. Check the app's permissions in Meta.",
  368: "Meta temporarily blocked this WhatsApp account for policy violations.",
  613: "Too many requests to WhatsApp in a short time. Sending resumes shortly.",
  80007: "The WhatsApp Business Account reached Meta's rate limit. Sending resumes shortly.",
  130429: "WhatsApp's sending speed limit for this number was reached. Sending resumes shortly.",
  130472: "Meta held the message back as part of an experiment; the customer did not receive it.",
  131000: "Something went wrong on WhatsApp's side. The message was not sent.",
  131005: "The access token does not allow sending from this WhatsApp number.",
  131008: "A required value is missing from the message.",
  131009: "A value in the message is not valid.",
  131016: "WhatsApp is temporarily unavailable. Sending resumes shortly.",
  131021: "The message was addressed to the business's own WhatsApp number.",
  131026:
    "WhatsApp could not deliver the message: the number may not be on WhatsApp, or the customer's app is out of date or has not accepted Meta's terms.",
  131031: "The WhatsApp Business Account is locked or restricted by Meta.",
  131042: "WhatsApp payment problem: check the payment method of the WhatsApp Business Account.",
  131045: "The WhatsApp number is not registered with the Cloud API.",
  131047: "More than 24 hours since the customer last wrote: only an approved template can be sent.",
  131049: "Meta did not deliver this marketing message to keep customers' experience healthy. Try later.",
  131050: "The customer stopped marketing messages from this business on WhatsApp.",
  131051: "This type of message is not supported by WhatsApp.",
  131052: "The customer's media could not be downloaded.",
  131053: "The media could not be uploaded to WhatsApp.",
  131056: "Too many messages to this customer in a short time. Sending resumes shortly.",
  131057: "The WhatsApp Business Account is in maintenance mode.",
  132000: "The number of variables given does not match the template's.",
  132001: "The template does not exist in this language, or is not approved yet.",
  132005: "The template's text is too long once the variables are filled in.",
  132007: "The template's content breaks a WhatsApp policy.",
  132012: "A template variable has the wrong format (for example text where media is expected).",
  132015: "The template is paused in Meta because of low quality.",
  132016: "The template was disabled in Meta because of low quality.",
  132068: "The flow in the template is blocked.",
  132069: "The flow in the template is throttled.",
  133010: "The WhatsApp number is not registered with the Cloud API.",
  135000: "WhatsApp could not send the message (generic user error).",
};

/**
 * Whether another attempt of a message that failed with Meta error `code` can succeed later (rate and
 * throughput limits, temporary unavailability). Everything else (undeliverable, outside the 24-hour
 * window, template problems, token, invalid parameter) is permanent.
 */
export function isRetriableWhatsappCode(code: number | null | undefined): boolean {
  return code !== null && code !== undefined && retriableCodes.has(code);
}

/**
 * A sentence for a Meta error `code`, e.g. 131047 → "More than 24 hours since the customer last wrote:
 * only an approved template can be sent." Unknown codes get a generic sentence naming the code, and the
 * provider's own title when given.
 */
export function humanMessage(code: number | null | undefined, providerTitle?: string | null): string {
  if (code !== null && code !== undefined && sentences[code]) return sentences[code];
  if (code !== null && code !== undefined && code >= 132000 && code <= 132016)
    return "WhatsApp refused the template. Check that it is approved and its variables are filled in.";
  const title = providerTitle?.trim();
  const suffix = title ? `: ${title}` : "";
  return code === null || code === undefined
    ? `WhatsApp could not send the message${suffix}.`
    : `WhatsApp refused the message (error ${code})${suffix}.`;
}
