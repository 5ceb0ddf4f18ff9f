import { Section, Text } from "@react-email/components";
import { formatDateTime } from "@/server/domain/format";
import { type TaskPriority, taskPriorityLabels } from "@/server/domain/tasks";
import { ActionButton, EmailLayout, greeting, Paragraph } from "./components/layout";

export interface TaskReminderProps {
  /** The recipient's name; may be empty. */
  recipientName: string | null;
  businessName: string;
  title: string;
  /** The due time as an instant (ISO 8601), or null when the task has none. */
  dueAt: string | null;
  /** The business's IANA time zone: the due time is shown in it. */
  timeZone: string;
  priority: TaskPriority;
  /** The linked customer's name, when the task has one. */
  customerName: string | null;
  /** The task on its customer's page, or on "My tasks". */
  url: string;
}

/** The subject line of a task reminder. */
export function taskReminderSubject({ title }: Pick<TaskReminderProps, "title">): string {
  return `Reminder: ${title}`;
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <Text style={{ color: "#111827", fontSize: "15px", lineHeight: "22px", margin: "0 0 6px" }}>
      <span style={{ color: "#6b7280" }}>{label}: </span>
      {value}
    </Text>
  );
}

/** Sent by the reminders job when a task's reminder time comes, to its assignee (or its creator). */
export default function TaskReminder({
  recipientName,
  businessName,
  title,
  dueAt,
  timeZone,
  priority,
  customerName,
  url,
}: TaskReminderProps) {
  const due = dueAt ? `${formatDateTime(dueAt, timeZone)} (${timeZone})` : "No due date";
  return (
    <EmailLayout
      preview={customerName ? `${title} · ${customerName}` : title}
      heading={`Reminder: ${title}`}
      footnote={`You received this because a task in ${businessName} on Mini CRM is assigned to you, or you created it.`}
    >
      <Paragraph>{greeting(recipientName)}</Paragraph>
      <Paragraph>
        This is your reminder for a task in <strong>{businessName}</strong>.
      </Paragraph>
      <Section style={{ margin: "0 0 20px" }}>
        <Detail label="Task" value={title} />
        <Detail label="Due" value={due} />
        <Detail label="Priority" value={taskPriorityLabels[priority]} />
        {customerName ? <Detail label="Customer" value={customerName} /> : null}
      </Section>
      <ActionButton href={url} label={customerName ? `Open ${customerName}` : "Open My tasks"} />
    </EmailLayout>
  );
}

TaskReminder.PreviewProps = {
  recipientName: "Asha",
  businessName: "Sharma Dental Care",
  title: "Call back about the quote",
  dueAt: "2030-01-15T09:30:00.000Z",
  timeZone: "Asia/Kolkata",
  priority: "high",
  customerName: "Meera Iyer",
  url: "http://localhost:3000/b/sharma-dental/customers/00000000-0000-4000-8000-000000000000#task-00000000-0000-4000-8000-000000000001",
} satisfies TaskReminderProps;
