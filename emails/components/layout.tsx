import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { ReactNode } from "react";

/**
 * The shared frame of every Mini CRM email: brand header, a white card with the heading and body,
 * and a footer. Inline styles only (mail clients ignore stylesheets); the plain-text version is
 * derived from the rendered HTML.
 */

const colors = {
  brand: "#4f46e5",
  text: "#111827",
  muted: "#6b7280",
  border: "#e5e7eb",
  page: "#f3f4f6",
};

const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

export interface EmailLayoutProps {
  /** Inbox preview line (shown after the subject in most clients). */
  preview: string;
  heading: string;
  children: ReactNode;
  /** Why the recipient got this email; shown small under the card. */
  footnote?: string;
}

export function EmailLayout({ preview, heading, children, footnote }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colors.page, fontFamily, margin: 0, padding: "24px 0" }}>
        <Container style={{ maxWidth: "520px", margin: "0 auto", padding: "0 12px" }}>
          <Text style={{ color: colors.brand, fontSize: "20px", fontWeight: 700, margin: "0 0 16px" }}>
            Mini CRM
          </Text>
          <Section
            style={{
              backgroundColor: "#ffffff",
              border: `1px solid ${colors.border}`,
              borderRadius: "8px",
              padding: "28px 24px",
            }}
          >
            <Heading
              as="h1"
              style={{ color: colors.text, fontSize: "22px", lineHeight: "30px", margin: "0 0 16px" }}
            >
              {heading}
            </Heading>
            {children}
          </Section>
          <Hr style={{ borderColor: colors.border, margin: "24px 0 12px" }} />
          {footnote ? (
            <Text style={{ color: colors.muted, fontSize: "12px", lineHeight: "18px" }}>{footnote}</Text>
          ) : null}
          <Text style={{ color: colors.muted, fontSize: "12px", lineHeight: "18px", margin: 0 }}>
            Mini CRM · a simple CRM for small businesses
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** A body paragraph. */
export function Paragraph({ children }: { children: ReactNode }) {
  return (
    <Text style={{ color: colors.text, fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" }}>
      {children}
    </Text>
  );
}

/**
 * The main call to action, followed by the raw link for clients that block buttons. The plain-text
 * version keeps only "label url" from the button (the fallback is marked data-skip-in-text).
 */
export function ActionButton({ href, label }: { href: string; label: string }) {
  return (
    <>
      <Section style={{ margin: "8px 0 20px" }}>
        <Button
          href={href}
          style={{
            backgroundColor: colors.brand,
            borderRadius: "6px",
            color: "#ffffff",
            fontSize: "15px",
            fontWeight: 600,
            padding: "12px 20px",
            textDecoration: "none",
          }}
        >
          {label}
        </Button>
      </Section>
      <Text
        style={{ color: colors.muted, fontSize: "13px", lineHeight: "20px", margin: "0 0 8px" }}
        data-skip-in-text="true"
      >
        Or paste this link into your browser:
      </Text>
      <Text
        style={{ fontSize: "13px", lineHeight: "20px", margin: "0 0 16px", wordBreak: "break-all" }}
        data-skip-in-text="true"
      >
        <Link href={href} style={{ color: colors.brand }}>
          {href}
        </Link>
      </Text>
    </>
  );
}

/** "Hi Asha," or "Hi," when the name is unknown. */
export function greeting(name: string | null | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? `Hi ${trimmed},` : "Hi,";
}
