import { Section, Text } from "@react-email/components";
import { ActionButton, EmailLayout, Paragraph } from "./components/layout";

export interface LeadFormNotificationProps {
  businessName: string;
  formTitle: string;
  customerName: string;
  /** Whether the submission created the customer (else it matched an existing one). */
  created: boolean;
  /** Every answer, in the form's order, as text. */
  answers: { label: string; value: string }[];
  /** Where the lead came from (`?source=`, utm_source or the form's default), when known. */
  source: string | null;
  /** The customer's page in the app. */
  url: string;
}

/** The subject line of a new-submission notification. */
export function leadFormNotificationSubject(
  p: Pick<LeadFormNotificationProps, "formTitle" | "customerName">,
) {
  return `New lead from ${p.formTitle}: ${p.customerName}`;
}

/** Sent to a form's notification recipients when a submission has been turned into a customer. */
export default function LeadFormNotification({
  businessName,
  formTitle,
  customerName,
  created,
  answers,
  source,
  url,
}: LeadFormNotificationProps) {
  return (
    <EmailLayout
      preview={`${customerName} filled in ${formTitle}`}
      heading={`New submission: ${formTitle}`}
      footnote={`You received this because you are a notification recipient of this form in ${businessName} on Mini CRM.`}
    >
      <Paragraph>
        <strong>{customerName}</strong>{" "}
        {created ? "is a new customer." : "was already a customer; the submission is on their timeline."}
        {source ? ` Source: ${source}.` : ""}
      </Paragraph>
      <Section style={{ margin: "0 0 20px" }}>
        {answers.map((a, i) => (
          <Text
            key={`${i}-${a.label}`}
            style={{ color: "#111827", fontSize: "15px", lineHeight: "22px", margin: "0 0 6px" }}
          >
            <span style={{ color: "#6b7280" }}>{a.label}: </span>
            {a.value}
          </Text>
        ))}
      </Section>
      <ActionButton href={url} label={`Open ${customerName}`} />
    </EmailLayout>
  );
}

LeadFormNotification.PreviewProps = {
  businessName: "Aura Salon",
  formTitle: "Book a free consultation",
  customerName: "Asha Rao",
  created: true,
  answers: [
    { label: "Your name", value: "Asha Rao" },
    { label: "Email", value: "asha@example.com" },
  ],
  source: "instagram",
  url: "https://crm.example.com/b/aura/customers/00000000-0000-4000-8000-000000000000",
} satisfies LeadFormNotificationProps;
