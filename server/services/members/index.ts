import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { businesses, businessMembers, invitations, users } from "@/db/schema";
import type { Role } from "@/server/auth/permissions";
import { generateToken, hashToken } from "@/server/auth/tokens";
import { queueEmail } from "@/server/email/queue";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";

/** Invitations are valid for 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface Actor {
  businessId: string;
  userId: string | null;
  apiKeyId?: string | null;
  role?: Role | "apiKey";
}

/** Members of a business with their name and email, owners first. */
export async function listMembers(db: DbOrTx, businessId: string) {
  return db
    .select({
      id: businessMembers.id,
      userId: businessMembers.userId,
      name: users.name,
      email: users.email,
      role: businessMembers.role,
      joinedAt: businessMembers.createdAt,
    })
    .from(businessMembers)
    .innerJoin(users, eq(users.id, businessMembers.userId))
    .where(eq(businessMembers.businessId, businessId))
    .orderBy(
      sql`case ${businessMembers.role} when 'owner' then 0 when 'admin' then 1 else 2 end`,
      asc(users.email),
    );
}

/** Pending (not accepted, not revoked, not expired) invitations of a business, newest first. */
export async function listInvitations(db: DbOrTx, businessId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.businessId, businessId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

/**
 * Invites `email` with `role` and emails the link (`/invite/<token>`). Only owners may invite owners.
 * A pending invitation for the same email is replaced. Errors: CONFLICT on `email` when already a member;
 * FORBIDDEN when an admin invites an owner.
 */
export async function inviteMember(db: Db, actor: Actor, input: { email: string; role: Role }) {
  if (input.role === "owner" && actor.role !== "owner") {
    throw new AppError("FORBIDDEN", "Only owners can invite owners.", {
      role: "Only owners can invite owners.",
    });
  }
  const email = input.email.toLowerCase();
  const [existing] = await db
    .select({ id: businessMembers.id })
    .from(businessMembers)
    .innerJoin(users, eq(users.id, businessMembers.userId))
    .where(and(eq(businessMembers.businessId, actor.businessId), sql`lower(${users.email}) = ${email}`))
    .limit(1);
  if (existing) {
    throw new AppError("CONFLICT", "This person is already a member.", { email: "Already a member." });
  }
  const token = generateToken();
  const invitation = await db.transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.businessId, actor.businessId),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        businessId: actor.businessId,
        email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    await recordAudit(tx, {
      businessId: actor.businessId,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      action: "member.invited",
      targetType: "invitation",
      targetId: row!.id,
      metadata: { email, role: input.role },
    });
    return row!;
  });
  await sendInvitationEmail(db, invitation.id, token);
  return { id: invitation.id, email, role: invitation.role, expiresAt: invitation.expiresAt };
}

async function sendInvitationEmail(db: Db, invitationId: string, token: string) {
  const [row] = await db
    .select({
      email: invitations.email,
      role: invitations.role,
      businessId: invitations.businessId,
      businessName: businesses.name,
      inviterName: users.name,
      inviterEmail: users.email,
    })
    .from(invitations)
    .innerJoin(businesses, eq(businesses.id, invitations.businessId))
    .leftJoin(users, eq(users.id, invitations.invitedById))
    .where(eq(invitations.id, invitationId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
  await queueEmail(db, {
    template: "invitation",
    to: row.email,
    businessId: row.businessId,
    props: {
      inviterName: row.inviterName ?? row.inviterEmail ?? "A teammate",
      businessName: row.businessName,
      role: row.role,
      url: `${env.APP_URL}/invite/${token}`,
    },
  });
}

/** Issues a fresh link for a pending invitation and emails it again. Errors: NOT_FOUND. */
export async function resendInvitation(db: Db, actor: Actor, invitationId: string) {
  const token = generateToken();
  const [row] = await db
    .update(invitations)
    .set({ tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_TTL_MS) })
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.businessId, actor.businessId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  if (!row) throw new AppError("NOT_FOUND");
  await sendInvitationEmail(db, row.id, token);
  return { ok: true as const };
}

/** Revokes a pending invitation; its link stops working. Errors: NOT_FOUND. */
export async function revokeInvitation(db: Db, actor: Actor, invitationId: string) {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.businessId, actor.businessId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id, email: invitations.email });
  if (!row) throw new AppError("NOT_FOUND");
  await recordAudit(db, {
    businessId: actor.businessId,
    actorUserId: actor.userId,
    action: "invitation.revoked",
    targetType: "invitation",
    targetId: row.id,
    metadata: { email: row.email },
  });
  return { ok: true as const };
}

async function findUsableInvitation(db: DbOrTx, token: string) {
  const [row] = await db
    .select({
      invitation: invitations,
      businessName: businesses.name,
      businessSlug: businesses.slug,
    })
    .from(invitations)
    .innerJoin(businesses, eq(businesses.id, invitations.businessId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row || row.invitation.revokedAt) {
    throw new AppError("TOKEN_INVALID", "This invitation link is not valid. Ask for a new one.");
  }
  if (row.invitation.acceptedAt) throw new AppError("TOKEN_INVALID", "This invitation was already accepted.");
  if (row.invitation.expiresAt < new Date()) {
    throw new AppError("TOKEN_EXPIRED", "This invitation has expired. Ask for a new one.");
  }
  return row;
}

/** What the invite page shows before accepting: business, inviter, role, invited email. Errors as accept. */
export async function describeInvitation(db: DbOrTx, token: string) {
  const row = await findUsableInvitation(db, token);
  const [account] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${row.invitation.email}`)
    .limit(1);
  const [inviter] = row.invitation.invitedById
    ? await db
        .select({ name: users.name, email: users.email })
        .from(users)
        .where(eq(users.id, row.invitation.invitedById))
        .limit(1)
    : [];
  return {
    businessName: row.businessName,
    inviterName: inviter ? (inviter.name ?? inviter.email) : null,
    email: row.invitation.email,
    role: row.invitation.role,
    hasAccount: Boolean(account),
  };
}

/**
 * Accepts an invitation as `userId`. The signed-in user's email must be the invited one. Single use.
 * Output: the business slug to go to. Errors: TOKEN_INVALID, TOKEN_EXPIRED, FORBIDDEN (other email).
 */
export async function acceptInvitation(
  db: Db,
  userId: string,
  token: string,
): Promise<{ businessSlug: string }> {
  const row = await findUsableInvitation(db, token);
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError("UNAUTHORIZED");
  if (user.email.toLowerCase() !== row.invitation.email.toLowerCase()) {
    throw new AppError(
      "FORBIDDEN",
      `This invitation is for ${row.invitation.email}. Sign in with that email to accept it.`,
    );
  }
  await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, row.invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (!claimed) throw new AppError("TOKEN_INVALID", "This invitation was already accepted.");
    await tx
      .insert(businessMembers)
      .values({ businessId: row.invitation.businessId, userId, role: row.invitation.role })
      .onConflictDoNothing();
    // Accepting the emailed link proves the address.
    if (!user.emailVerified)
      await tx.update(users).set({ emailVerified: new Date() }).where(eq(users.id, userId));
    await recordAudit(tx, {
      businessId: row.invitation.businessId,
      actorUserId: userId,
      action: "member.joined",
      targetType: "member",
      targetId: userId,
      metadata: { role: row.invitation.role },
    });
  });
  return { businessSlug: row.businessSlug };
}

/**
 * Owners of a business, counted with their rows locked (`FOR UPDATE`) until the transaction ends: two
 * owners demoting or removing each other at once would otherwise both pass the last-owner check.
 */
async function countOwners(db: DbOrTx, businessId: string): Promise<number> {
  const rows = await db
    .select({ id: businessMembers.id })
    .from(businessMembers)
    .where(and(eq(businessMembers.businessId, businessId), eq(businessMembers.role, "owner")))
    .for("update");
  return rows.length;
}

async function getMember(db: DbOrTx, businessId: string, memberId: string) {
  const [m] = await db
    .select()
    .from(businessMembers)
    .where(and(eq(businessMembers.id, memberId), eq(businessMembers.businessId, businessId)))
    .limit(1);
  if (!m) throw new AppError("NOT_FOUND");
  return m;
}

/** Changes a member's role (owners only). Errors: NOT_FOUND; LAST_OWNER when demoting the last owner. */
export async function changeMemberRole(db: Db, actor: Actor, input: { memberId: string; role: Role }) {
  return db.transaction(async (tx) => {
    const member = await getMember(tx, actor.businessId, input.memberId);
    if (member.role === input.role) return member;
    if (member.role === "owner" && (await countOwners(tx, actor.businessId)) <= 1) {
      throw new AppError("LAST_OWNER", "Make someone else an owner first: a business needs an owner.");
    }
    const [row] = await tx
      .update(businessMembers)
      .set({ role: input.role })
      .where(and(eq(businessMembers.id, member.id), eq(businessMembers.businessId, actor.businessId)))
      .returning();
    await recordAudit(tx, {
      businessId: actor.businessId,
      actorUserId: actor.userId,
      action: "member.role_changed",
      targetType: "member",
      targetId: member.userId,
      metadata: { from: member.role, to: input.role },
    });
    return row!;
  });
}

/** Removes a member (owners only). Errors: NOT_FOUND; LAST_OWNER when removing the last owner. */
export async function removeMember(db: Db, actor: Actor, memberId: string) {
  return db.transaction(async (tx) => {
    const member = await getMember(tx, actor.businessId, memberId);
    if (member.role === "owner" && (await countOwners(tx, actor.businessId)) <= 1) {
      throw new AppError("LAST_OWNER", "The last owner cannot be removed.");
    }
    await tx
      .delete(businessMembers)
      .where(and(eq(businessMembers.id, member.id), eq(businessMembers.businessId, actor.businessId)));
    await recordAudit(tx, {
      businessId: actor.businessId,
      actorUserId: actor.userId,
      action: member.userId === actor.userId ? "member.left" : "member.removed",
      targetType: "member",
      targetId: member.userId,
      metadata: { role: member.role },
    });
    return { ok: true as const };
  });
}

/** The signed-in user leaves a business. Errors: LAST_OWNER when they are its last owner. */
export async function leaveBusiness(db: Db, actor: { businessId: string; userId: string }) {
  const [m] = await db
    .select({ id: businessMembers.id })
    .from(businessMembers)
    .where(and(eq(businessMembers.businessId, actor.businessId), eq(businessMembers.userId, actor.userId)))
    .limit(1);
  if (!m) throw new AppError("NOT_FOUND");
  return removeMember(db, actor, m.id);
}
