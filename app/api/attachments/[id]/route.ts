import { createContext } from "@/server/api/context";
import { handleAttachmentDownload } from "@/server/services/notes/attachments-http";

export const dynamic = "force-dynamic";

/**
 * Downloads a note attachment (always as a download, never rendered inline) for a member of its business
 * or an API key of that business; 404 for anyone else.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleAttachmentDownload(id, await createContext(req));
}
