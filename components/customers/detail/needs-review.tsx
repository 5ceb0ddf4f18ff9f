import { TriangleAlertIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { CustomerOutput } from "@/server/domain/customers";

/** "phone" → "Phone", "phone:2" → "Phone (2)", "customFields.gst_number" → "gst_number", "dateOfBirth" → "Date of birth". */
function fieldLabel(entry: string): string {
  const [key = entry, n] = entry.split(":");
  if (n) return `${fieldLabel(key)} (${n})`;
  if (key.startsWith("customFields.")) return key.slice(13);
  const words = key.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The values an import could not read for this customer, as typed in the file, with the reason: a
 * warning badge and a list. Saving the field (Edit) clears its entry.
 */
export function NeedsReview({ customer }: { customer: CustomerOutput }) {
  const entries = Object.entries(customer.invalidValues ?? {});
  if (entries.length === 0) return null;
  return (
    <section
      aria-labelledby="needs-review-title"
      className="grid gap-2 rounded-md border border-warning/50 bg-warning/10 p-3 text-sm"
    >
      <h2 id="needs-review-title" className="flex items-center gap-2 font-medium">
        <Badge variant="warning">
          <TriangleAlertIcon aria-hidden="true" />
          Needs review
        </Badge>
        <span>
          {entries.length === 1 ? "One value" : `${entries.length} values`} from an import could not be read
        </span>
      </h2>
      <dl className="grid gap-1.5">
        {entries.map(([key, { value, reason }]) => (
          <div key={key} className="grid min-w-0 gap-0.5 sm:grid-cols-[10rem_1fr] sm:gap-3">
            <dt className="text-muted-foreground">{fieldLabel(key)}</dt>
            <dd className="min-w-0 break-words">
              <span className="font-mono">{value}</span>
              <span className="text-muted-foreground"> — {reason}</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-muted-foreground">
        Edit the customer to enter the right value; saving it clears the warning.
      </p>
    </section>
  );
}
