import { formDocument } from "./form-document";

/**
 * GET /f/{formId}: the hosted page of a lead form — mobile-first, server-rendered, and a plain HTML form
 * that works with JavaScript disabled (it posts to /api/forms/{formId}/submit, which answers with a
 * redirect to /f/{formId}/thanks, to the form's redirect URL, or back here with `?s=` holding the errors
 * and the visitor's values). 404 for an unknown form, 410 for a closed one, each with a friendly page.
 * See ./form-document.ts for why this is a route handler.
 */
export async function GET(req: Request, { params }: { params: Promise<{ formId: string }> }) {
  return formDocument(req, (await params).formId, "page");
}
