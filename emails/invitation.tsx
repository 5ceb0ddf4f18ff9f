import { ActionButton, EmailLayout, Paragraph } from "./components/layout";

export interface InvitationProps {
  /** Who sent the invitation (name, or email when the name is unknown). */
  inviterName: string;
  businessName: string;
  /** The role offered, e.g. "admin" or "staff". */
  role: string;
  /** The invitation acceptance link. */
  url: string;
}

/** Sent when a member invites someone to a business. */
export default function Invitation({ inviterName, businessName, role, url }: InvitationProps) {
  return (
    <EmailLayout
      preview={`${inviterName} invited you to ${businessName} on Mini CRM`}
      heading={`Join ${businessName} on Mini CRM`}
      footnote="If you were not expecting this invitation, ignore this email."
    >
      <Paragraph>Hi,</Paragraph>
      <Paragraph>
        {inviterName} invited you to join <strong>{businessName}</strong> on Mini CRM as {articleFor(role)}{" "}
        <strong>{role}</strong>.
      </Paragraph>
      <ActionButton href={url} label="Accept invitation" />
    </EmailLayout>
  );
}

function articleFor(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

Invitation.PreviewProps = {
  inviterName: "Ravi",
  businessName: "Sharma Dental Care",
  role: "staff",
  url: "http://localhost:3000/invite/preview-token",
} satisfies InvitationProps;
