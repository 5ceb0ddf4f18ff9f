import { formDocument } from "../form-document";

/**
 * GET /f/{formId}/thanks: after a form was sent from the hosted page, the form's success message (or the
 * built-in thanks in its language), in the form's look.
 */
export async function GET(req: Request, { params }: { params: Promise<{ formId: string }> }) {
  return formDocument(req, (await params).formId, "thanks");
}
