import { Body, Button, Container, Head, Html, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

/**
 * The frame of an email a business sends its customers (a lead form's auto-reply, a payment receipt):
 * no Mini CRM branding, a white card on a grey page, 600 px wide at most, and a small footnote saying why
 * the email came. Inline styles only (mail clients ignore stylesheets).
 */
export const businessEmailColors = { text: "#111827", muted: "#6b7280", border: "#e5e7eb", page: "#f3f4f6" };

const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

export function BusinessEmailFrame({
  preview,
  footnote,
  children,
}: {
  /** The inbox preview (a <Preview> or a preheader element). */
  preview: ReactNode;
  footnote: ReactNode;
  children: ReactNode;
}) {
  const colors = businessEmailColors;
  return (
    <Html lang="en">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      {preview}
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
            {children}
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
            {footnote}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The one call to action of a business's email: a dark button. */
export function BusinessEmailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button
      href={href}
      style={{
        backgroundColor: businessEmailColors.text,
        color: "#ffffff",
        borderRadius: "6px",
        padding: "10px 16px",
        fontSize: "14px",
        fontWeight: 600,
        marginTop: "8px",
      }}
    >
      {children}
    </Button>
  );
}
