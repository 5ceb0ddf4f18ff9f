import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Img,
  Link,
  Section,
  Text,
} from "@react-email/components";
import { Fragment, type ReactNode } from "react";
import {
  type EmailBlock,
  type EmailContent,
  type InlineNode,
  isSafeHref,
  parseInlineMarkdown,
} from "@/server/domain/email-blocks";

/*
 * A business's email (campaign or template) built from blocks. Inline styles only (mail clients drop
 * stylesheets), one column up to 600 px that shrinks to the screen, images at most the column's width.
 * Text is never injected as HTML: a text block's **bold**, *italic* and [links](…) become elements.
 * Every email ends with the footer: the business's name, its postal address and the unsubscribe link
 * (a footer block places it; without one it is added at the end).
 */

export interface CampaignEmailProps {
  content: Pick<EmailContent, "subject" | "blocks"> & { preheader?: string };
  businessName: string;
  /** Printed in the footer; null leaves the line out. */
  postalAddress: string | null;
  unsubscribeUrl: string;
}

const colors = { text: "#111827", muted: "#6b7280", border: "#e5e7eb", page: "#f3f4f6", link: "#2563eb" };
const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
const headingSizes = { 1: ["26px", "34px"], 2: ["21px", "29px"], 3: ["18px", "26px"] } as const;

export default function CampaignEmail({
  content,
  businessName,
  postalAddress,
  unsubscribeUrl,
}: CampaignEmailProps) {
  const hasFooter = content.blocks.some((b) => b.type === "footer");
  const footer = (text: string) => (
    <Footer
      text={text}
      businessName={businessName}
      postalAddress={postalAddress}
      unsubscribeUrl={unsubscribeUrl}
    />
  );
  return (
    <Html lang="en">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      {content.preheader ? <Preheader text={content.preheader} /> : null}
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
            {content.blocks.map((block, i) =>
              block.type === "footer" ? null : (
                <Fragment key={i}>
                  <Block block={block} unsubscribeUrl={unsubscribeUrl} />
                </Fragment>
              ),
            )}
          </Section>
          {content.blocks.map((block, i) =>
            block.type === "footer" ? <Fragment key={i}>{footer(block.text ?? "")}</Fragment> : null,
          )}
          {hasFooter ? null : footer("")}
        </Container>
      </Body>
    </Html>
  );
}

/**
 * The inbox preview line, hidden in the body, followed by invisible spacing so the client does not pull
 * body text after it. React Email's `Preview` cuts its text at 150 characters and pads to its length; the
 * text here may hold variable placeholders filled in per recipient (server/email/campaign-render.ts), so
 * it is written whole (the preheader is limited to 250 characters) with a fixed padding.
 */
function Preheader({ text }: { text: string }) {
  return (
    <div
      style={{
        display: "none",
        overflow: "hidden",
        lineHeight: "1px",
        opacity: 0,
        maxHeight: 0,
        maxWidth: 0,
      }}
      data-skip-in-text="true"
    >
      {text}
      {"\u00a0\u200c".repeat(60)}
    </div>
  );
}

/** One block of a business's email (also used by the lead form auto-reply). */
export function Block({ block, unsubscribeUrl }: { block: EmailBlock; unsubscribeUrl: string }) {
  const href = (url: string | undefined) =>
    url && (isSafeHref(url) || url === unsubscribeUrl) ? url.trim() : undefined;
  switch (block.type) {
    case "heading": {
      const [fontSize, lineHeight] = headingSizes[block.level];
      return (
        <Heading
          as={`h${block.level}`}
          style={{ color: colors.text, fontSize, lineHeight, fontWeight: 700, margin: "0 0 16px" }}
        >
          {block.text}
        </Heading>
      );
    }
    case "text":
      return <RichText text={block.text} unsubscribeUrl={unsubscribeUrl} />;
    case "button": {
      const url = href(block.url);
      return (
        <Section style={{ margin: "8px 0 20px" }}>
          {url ? (
            <Button
              href={url}
              style={{
                backgroundColor: "#111827",
                borderRadius: "6px",
                color: "#ffffff",
                fontSize: "16px",
                fontWeight: 600,
                padding: "12px 22px",
                textDecoration: "none",
              }}
            >
              {block.label}
            </Button>
          ) : (
            <Text style={{ color: colors.text, fontSize: "16px", fontWeight: 600 }}>{block.label}</Text>
          )}
        </Section>
      );
    }
    case "image": {
      const img = (
        <Img
          src={block.url}
          alt={block.alt ?? ""}
          width={block.width ?? 552}
          style={{ display: "block", width: "100%", maxWidth: `${block.width ?? 552}px`, height: "auto" }}
        />
      );
      const link = href(block.href);
      return <Section style={{ margin: "0 0 16px" }}>{link ? <Link href={link}>{img}</Link> : img}</Section>;
    }
    case "divider":
      return <Hr style={{ borderColor: colors.border, margin: "20px 0" }} />;
    case "footer":
      return null;
  }
}

/** A text block: paragraphs split by blank lines, lines by line breaks, `- item` lines as bullets. */
function RichText({ text, unsubscribeUrl }: { text: string; unsubscribeUrl: string }) {
  const paragraphs = text.split(/\n[ \t]*\n/).filter((p) => p.trim() !== "");
  return (
    <>
      {paragraphs.map((paragraph, i) => (
        <Text
          key={i}
          style={{ color: colors.text, fontSize: "16px", lineHeight: "26px", margin: "0 0 16px" }}
        >
          {paragraph.split("\n").map((line, j) => (
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {inline(parseInlineMarkdown(line.replace(/^\s*[-*+]\s+/, "• ")), unsubscribeUrl)}
            </Fragment>
          ))}
        </Text>
      ))}
    </>
  );
}

function inline(nodes: InlineNode[], unsubscribeUrl: string): ReactNode[] {
  return nodes.map((node, i) => {
    if (node.type === "text") return node.text;
    if (node.type === "strong") return <strong key={i}>{inline(node.children, unsubscribeUrl)}</strong>;
    if (node.type === "em") return <em key={i}>{inline(node.children, unsubscribeUrl)}</em>;
    return isSafeHref(node.href) || node.href === unsubscribeUrl ? (
      <Link key={i} href={node.href} style={{ color: colors.link, textDecoration: "underline" }}>
        {inline(node.children, unsubscribeUrl)}
      </Link>
    ) : (
      <Fragment key={i}>{inline(node.children, unsubscribeUrl)}</Fragment>
    );
  });
}

function Footer({
  text,
  businessName,
  postalAddress,
  unsubscribeUrl,
}: {
  text: string;
  businessName: string;
  postalAddress: string | null;
  unsubscribeUrl: string;
}) {
  const small = { color: colors.muted, fontSize: "12px", lineHeight: "18px", margin: "0 0 6px" };
  return (
    <Section style={{ padding: "16px 12px 0", textAlign: "center" }}>
      {text ? <Text style={small}>{text}</Text> : null}
      <Text style={{ ...small, fontWeight: 600 }}>{businessName}</Text>
      {postalAddress ? (
        <Text style={small}>
          {postalAddress.split(/\r?\n/).map((line, i) => (
            <Fragment key={`${i}-${line}`}>
              {i > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))}
        </Text>
      ) : null}
      <Text style={small}>
        <Link href={unsubscribeUrl} style={{ color: colors.muted, textDecoration: "underline" }}>
          Unsubscribe
        </Link>
      </Text>
    </Section>
  );
}

CampaignEmail.PreviewProps = {
  content: {
    subject: "Our new menu",
    preheader: "Fresh dishes this week",
    blocks: [
      { type: "heading", text: "Hi Asha,", level: 1 },
      { type: "text", text: "Our **new menu** is here. [See it](https://example.com/menu)." },
      { type: "button", label: "Book a table", url: "https://example.com/book" },
      { type: "divider" },
      { type: "footer", text: "You get this because you visited us." },
    ],
  },
  businessName: "Glow Salon",
  postalAddress: "12 MG Road, Pune 411001",
  unsubscribeUrl: "https://example.com/u/preview",
} satisfies CampaignEmailProps;
