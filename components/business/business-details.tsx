import { businessCategories, businessCategoryLabels } from "@/server/domain/business";
import { formatPhoneForDisplay } from "@/server/domain/phone";

export interface BusinessProfile {
  name: string;
  slug: string;
  category: string | null;
  description: string | null;
  phone: string | null;
  whatsappNumber: string | null;
  country: string;
  timeZone: string;
  currency: string;
}

function categoryLabel(category: string | null): string | null {
  const known = businessCategories.find((c) => c === category);
  return known ? businessCategoryLabels[known] : category;
}

/** The business profile, read-only (for roles that may not edit it). */
export function BusinessDetails({ business }: { business: BusinessProfile }) {
  const countryName = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" }).of(
    business.country,
  );
  const currencyName = new Intl.DisplayNames(["en"], { type: "currency", fallback: "code" }).of(
    business.currency,
  );
  const rows: [string, string | null][] = [
    ["Business name", business.name],
    ["Web address", `/b/${business.slug}`],
    ["Category", categoryLabel(business.category)],
    ["Description", business.description],
    ["Phone", formatPhoneForDisplay(business.phone, business.country) || null],
    ["WhatsApp number", formatPhoneForDisplay(business.whatsappNumber, business.country) || null],
    ["Country", countryName ?? business.country],
    ["Time zone", business.timeZone.replaceAll("_", " ")],
    ["Currency", `${business.currency} · ${currencyName ?? business.currency}`],
  ];
  return (
    <dl className="grid min-w-0 divide-y">
      {rows.map(([label, value]) => (
        <div key={label} className="grid min-w-0 gap-1 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
          <dt className="text-sm font-medium text-muted-foreground">{label}</dt>
          <dd className="min-w-0 text-sm break-words">
            {value || <span className="text-muted-foreground">Not set</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
