import { createContext } from "@/server/api/context";
import { handleAttachmentUpload } from "@/server/services/notes/attachments-http";

export const dynamic = "force-dynamic";

/**
 * Uploads a note attachment: multipart/form-data with `businessId`, `noteId` and `file` (at most 10 MiB).
 * Session or API key. 201 with the attachment; 401, 403, 404, 413, 415, 422 as described in
 * `handleAttachmentUpload`.
 */
export async function POST(req: Request) {
  return handleAttachmentUpload(req, await createContext(req));
}
