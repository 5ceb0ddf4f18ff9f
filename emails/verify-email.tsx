import { ActionButton, EmailLayout, greeting, Paragraph } from "./components/layout";

export interface VerifyEmailProps {
  /** The account holder's name; may be empty. */
  name: string;
  /** The one-time verification link. */
  url: string;
}

/** Sent after sign-up: confirms the address before the account can sign in. */
export default function VerifyEmail({ name, url }: VerifyEmailProps) {
  return (
    <EmailLayout
      preview="Confirm your email address for Mini CRM"
      heading="Confirm your email address"
      footnote="You received this because someone signed up for Mini CRM with this address. If it was not you, ignore this email."
    >
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>
        Welcome to Mini CRM. Confirm that this is your email address to finish setting up your account.
      </Paragraph>
      <ActionButton href={url} label="Confirm email address" />
      <Paragraph>The link works once and expires soon.</Paragraph>
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  name: "Asha",
  url: "http://localhost:3000/verify-email/preview-token",
} satisfies VerifyEmailProps;
