import { z } from "zod";

export const createApiKeyInput = z.object({ name: z.string().trim().min(1, "Name the key.").max(80) });
export const apiKeyIdInput = z.object({ apiKeyId: z.uuid() });
