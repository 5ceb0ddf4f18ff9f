import { Body, Container, Head, Html, Preview, Section, Text } from "@react-email/components";
import { Fragment } from "react";
import type { EmailBlock } from "@/server/domain/email-blocks";
import { Block } from "./campaign-email";

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

const colors = { text: "#111827", muted: "#6b7280", border: "#e5e7eb", page: "#f3f4f6" };
const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

export default function LeadFormAutoReply({
  businessName,
  subject,
  blocks,
  formTitle,
}: LeadFormAutoReplyProps) {
  return (
    <Html lang="en">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <Preview>{subject}</Preview>
      <Body style={{ backgroundColor: colors.page, fontFamily, margin: 0, padding: "24px 0" }}>
        <Container style={{ maxWidth: "600px", width: "100%", margin: "0 auto", padding: "0 12px" }}>
          <Section
            style={{
              backgroundColor: "#ffffff",
              border: `1px solid ${colors.border}`,
              borderRadius: "8px",
              padding: "28px 24px",
            }}
          >
            {blocks.map((block, i) => (
              <Fragment key={i}>
                <Block block={block} unsubscribeUrl="" />
              </Fragment>
            ))}
          </Section>
          <Text
            style={{
              color: colors.muted,
              fontSize: "12px",
              lineHeight: "18px",
              margin: "16px 12px 0",
              textAlign: "center",
            }}
          >
            {businessName} · You received this because you filled in the form “{formTitle}”.
          </Text>
        </Container>
      </Body>
    </Html>
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
