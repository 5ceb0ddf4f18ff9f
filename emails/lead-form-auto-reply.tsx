import { Preview } from "@react-email/components";
import { Fragment } from "react";
import type { EmailBlock } from "@/server/domain/email-blocks";
import { Block } from "./campaign-email";
import { BusinessEmailFrame } from "./components/business-frame";

/*
 * The thank-you email a lead form sends to the visitor who filled it (when the form's auto-reply is on
 * and the form has an email field). The body is the business's Markdown with variables filled in
 * (server/services/lead-forms/processing/auto-reply.ts), read into email blocks. It answers the
 * visitor's own request, so it has no unsubscribe link; a line says why it was received.
 */

export interface LeadFormAutoReplyProps {
  businessName: string;
  subject: string;
  blocks: EmailBlock[];
  /** The form's title, named in the footnote. */
  formTitle: string;
}

export default function LeadFormAutoReply({
  businessName,
  subject,
  blocks,
  formTitle,
}: LeadFormAutoReplyProps) {
  return (
    <BusinessEmailFrame
      preview={<Preview>{subject}</Preview>}
      footnote={`${businessName} · You received this because you filled in the form “${formTitle}”.`}
    >
      {blocks.map((block, i) => (
        <Fragment key={i}>
          <Block block={block} unsubscribeUrl="" />
        </Fragment>
      ))}
    </BusinessEmailFrame>
  );
}

LeadFormAutoReply.PreviewProps = {
  businessName: "Aura Salon",
  subject: "Thanks for booking, Asha",
  formTitle: "Book a free consultation",
  blocks: [
    { type: "heading", text: "Thank you, Asha!", level: 1 },
    { type: "text", text: "We will call you within a day to fix a time.\n\n**Aura Salon**" },
  ],
} satisfies LeadFormAutoReplyProps;
