import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportHistory } from "@/components/imports/import-history";
import { ImportRun } from "@/components/imports/import-run";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { getDb } from "@/db/client";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getImport } from "@/server/services/imports/run";
import { loadBusinessWith } from "../../../../../_lib/session";

export const metadata: Metadata = { title: "Import" };

/** One import: live progress while it runs (state lives in the database, so a reload resumes), then its summary. */
export default async function ImportPage({
  params,
}: {
  params: Promise<{ businessSlug: string; importId: string }>;
}) {
  const { businessSlug, importId } = await params;
  if (!isUuid(importId)) notFound();
  const { business } = await loadBusinessWith(businessSlug, "customers.import");
  // Another business's import looks missing, as the API answers.
  try {
    await getImport(await getDb(), business.id, importId);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
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
