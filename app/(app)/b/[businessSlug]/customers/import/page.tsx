import type { Metadata } from "next";
import { ImportHistory } from "@/components/imports/import-history";
import { ImportWizard } from "@/components/imports/import-wizard";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Import customers" };

/** The import wizard (upload → mapping → preview → duplicates → start) and the recent imports. */
export default async function ImportCustomersPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "customers.import");
  return (
    <div className="grid min-w-0 gap-6">
      <PageHeader
        title="Import customers"
        description="Bring your customers in from the spreadsheet you already have: CSV or Excel, up to 1,000,000 rows."
        className="mb-0"
        actions={
          <Button asChild variant="outline">
            <Link href={`/b/${business.slug}/customers`}>Back to customers</Link>
          </Button>
        }
      />
      <ImportWizard />
      <ImportHistory />
    </div>
  );
}
