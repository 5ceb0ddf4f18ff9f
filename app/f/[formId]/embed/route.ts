import { formDocument } from "../form-document";

/**
 * GET /f/{formId}/embed: the iframe variant of a lead form — a document other sites may frame:
 * `frame-ancestors` lists the form's allowed domains (server/domain/lead-form-origins.ts), nothing else
 * may frame it, and it carries no X-Frame-Options (next.config.ts). The embed script opens it as
 * `?parent=<page origin>&page=<page URL>&ref=<page referrer>`: `parent` (only when the form allows it)
 * is where the document posts its height and the `submitted` message (components/lead-forms/
 * frame-script.ts); `page` and `ref` are the submission's context (UTM, `?source=`) and fill hidden
 * fields. The form posts without JavaScript and comes back here with `?done=<id>` (thanks) or `?s=`
 * (errors and values). 404 for an unknown form, 410 for a closed one.
 */
export async function GET(req: Request, { params }: { params: Promise<{ formId: string }> }) {
  return formDocument(req, (await params).formId, "embed");
}
