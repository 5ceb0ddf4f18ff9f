import { ActionButton, EmailLayout, greeting, Paragraph } from "./components/layout";

export interface ResetPasswordProps {
  /** The account holder's name; may be empty. */
  name: string;
  /** The one-time password reset link. */
  url: string;
}

/** Sent on "forgot password": a link to choose a new password. */
export default function ResetPassword({ name, url }: ResetPasswordProps) {
  return (
    <EmailLayout
      preview="Reset your Mini CRM password"
      heading="Reset your password"
      footnote="If you did not ask to reset your password, ignore this email: your password stays the same."
    >
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>We received a request to reset the password of your Mini CRM account.</Paragraph>
      <ActionButton href={url} label="Choose a new password" />
      <Paragraph>The link works once and expires soon.</Paragraph>
    </EmailLayout>
  );
}

ResetPassword.PreviewProps = {
  name: "Asha",
  url: "http://localhost:3000/reset-password/preview-token",
} satisfies ResetPasswordProps;
