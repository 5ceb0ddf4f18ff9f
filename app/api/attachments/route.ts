import { handleAttachmentUpload } from "@/server/http/attachments";
import { withBusiness } from "@/server/http/with-business";

export const dynamic = "force-dynamic";

/**
 * Uploads a note attachment: multipart/form-data with `businessId`, `noteId` and `file` (at most 10 MiB).
 * Session or API key with `customers.write`. 201 with the attachment; 401, 403, 404, 413, 415, 422 as
 * described in `handleAttachmentUpload`.
 */
export const POST = withBusiness("customers.write", (req, gate) => handleAttachmentUpload(req, gate), {
  what: "attachment upload failed",
});
