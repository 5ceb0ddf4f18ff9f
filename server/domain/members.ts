import { z } from "zod";
import { memberRole } from "@/db/schema/businesses";
import { emailSchema } from "./auth";

export const roleSchema = z.enum(memberRole.enumValues);

export const inviteMemberInput = z.object({ email: emailSchema, role: roleSchema });
export const memberIdInput = z.object({ memberId: z.uuid() });
export const changeRoleInput = z.object({ memberId: z.uuid(), role: roleSchema });
export const invitationIdInput = z.object({ invitationId: z.uuid() });

/** A member as the API returns it. */
export const memberOutput = z.object({
  id: z.uuid(),
  userId: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  role: roleSchema,
  joinedAt: z.date(),
});
