import { handleAttachmentDownload } from "@/server/http/attachments";
import { withBusiness } from "@/server/http/with-business";

export const dynamic = "force-dynamic";

/**
 * Downloads a note attachment (always as a download, never rendered inline) for a member of its business
 * with `customers.read`, or an API key of that business; 404 for anyone else.
 */
export const GET = withBusiness<{ id: string }>(
  "customers.read",
  (_req, gate, { id }) => handleAttachmentDownload(id, gate),
  { what: "attachment download failed" },
);
