import { z } from "zod";
import { memberRoles } from "@/db/schema/enum-values";
import { emailSchema } from "./auth";

export const roleSchema = z.enum(memberRoles);

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
