import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportHistory } from "@/components/imports/import-history";
import { ImportRun } from "@/components/imports/import-run";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { loadBusinessWith } from "../../../../../_lib/session";

export const metadata: Metadata = { title: "Import" };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One import: live progress while it runs (state lives in the database, so a reload resumes), then its summary. */
export default async function ImportPage({
  params,
}: {
  params: Promise<{ businessSlug: string; importId: string }>;
}) {
  const { businessSlug, importId } = await params;
  if (!uuid.test(importId)) notFound();
  const { business } = await loadBusinessWith(businessSlug, "customers.import");
  return (
    <div className="grid min-w-0 gap-6">
      <PageHeader
        title="Import customers"
        className="mb-0"
        actions={
          <Button asChild variant="outline">
            <Link href={`/b/${business.slug}/customers/import`}>New import</Link>
          </Button>
        }
      />
      <ImportRun importId={importId} />
      <ImportHistory currentId={importId} />
    </div>
  );
}
