import { createElement } from "react";
import { LeadFormNotice, PublicLeadForm, type PublicLeadFormProps } from "./public-form";

/**
 * The public form as HTML text, for the places that are not React pages: the embed's shadow root
 * (`GET /api/forms/{formId}?html=1`) and the iframe variant's document (`/f/{formId}/embed`).
 * `react-dom/server` is imported when called: Next.js refuses a static import of it in the server
 * graph of the app router, where these route handlers live.
 */
export async function leadFormMarkup(props: PublicLeadFormProps): Promise<string> {
  const { renderToStaticMarkup } = await import("react-dom/server");
  return renderToStaticMarkup(createElement(PublicLeadForm, props));
}

/** A notice in a form's look (thanks, closed, not found) as HTML text, for the iframe variant. */
export async function leadFormNoticeMarkup(props: Parameters<typeof LeadFormNotice>[0]): Promise<string> {
  const { renderToStaticMarkup } = await import("react-dom/server");
  return renderToStaticMarkup(createElement(LeadFormNotice, props));
}
