import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, businessMembers, invitations, users } from "@/db/schema";
import type { Role } from "@/server/auth/permissions";
import { hashToken } from "@/server/auth/tokens";
import { verifyCredentials } from "@/server/services/auth";
import { callerFor, expectTRPCError, latestEmailTo, tokenFromLatestEmail } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createBusiness, createUser, type TestUser, uniqueEmail } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup() {
  const owner = await createUser(db, { name: "Olivia Owner" });
  const business = await createBusiness(db, { owner, name: "Owner's Shop" });
  return { owner, business, asOwner: callerFor(db, owner) };
}

async function invite(
  inviter: TestUser,
  businessId: string,
  role: Role = "member",
  email = uniqueEmail("invitee"),
) {
  const invitation = await callerFor(db, inviter).members.invite({ businessId, email, role });
  const token = await tokenFromLatestEmail(db, email, "/invite/");
  return { invitation, token, email };
}

describe("invite", () => {
  it("stores a hashed token, emails an /invite/ link and audits", async () => {
    const { owner, business } = await setup();
    const email = uniqueEmail("New.Person");
    const invitation = await callerFor(db, owner).members.invite({
      businessId: business.id,
      email: email.toUpperCase(),
      role: "admin",
    });
    const lower = email.toLowerCase();
    expect(invitation).toMatchObject({ email: lower, role: "admin" });
    expect(invitation.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 60 * 60 * 1000);

    const message = await latestEmailTo(db, lower);
    expect(message).toMatchObject({ template: "invitation", businessId: business.id });
    const token = await tokenFromLatestEmail(db, lower, "/invite/");
    const [row] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row).toMatchObject({ tokenHash: hashToken(token), invitedById: owner.id, email: lower });

    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "member.invited")));
    expect(audit).toMatchObject({
      actorUserId: owner.id,
      targetType: "invitation",
      targetId: invitation.id,
      metadata: { email: lower, role: "admin" },
    });

    const pending = await callerFor(db, owner).members.invitations({ businessId: business.id });
    expect(pending.map((i) => i.id)).toEqual([invitation.id]);

    await expect(callerFor(db, null).auth.describeInvitation({ token })).resolves.toEqual({
      businessName: "Owner's Shop",
      inviterName: owner.name,
      email: lower,
      role: "admin",
      hasAccount: false,
    });
  });

  it("refuses to invite an existing member", async () => {
    const { owner, business, asOwner } = await setup();
    const { user: member } = await addMember(db, business, "member");
    await expectTRPCError(
      asOwner.members.invite({ businessId: business.id, email: member.email.toUpperCase(), role: "admin" }),
      "CONFLICT",
      { fieldErrors: { email: "Already a member." } },
    );
    await expectTRPCError(
      asOwner.members.invite({ businessId: business.id, email: owner.email, role: "member" }),
      "CONFLICT",
    );
  });

  it("lets an admin invite members and admins but not owners", async () => {
    const { business } = await setup();
    const { user: admin } = await addMember(db, business, "admin");
    const asAdmin = callerFor(db, admin);
    await expectTRPCError(
      asAdmin.members.invite({ businessId: business.id, email: uniqueEmail(), role: "owner" }),
      "FORBIDDEN",
      { fieldErrors: { role: "Only owners can invite owners." } },
    );
    await expect(
      asAdmin.members.invite({ businessId: business.id, email: uniqueEmail(), role: "admin" }),
    ).resolves.toMatchObject({ role: "admin" });
  });

  it("re-inviting the same email replaces the pending invitation", async () => {
    const { owner, business, asOwner } = await setup();
    const first = await invite(owner, business.id, "member");
    const second = await invite(owner, business.id, "admin", first.email);
    expect(second.token).not.toBe(first.token);

    const pending = await asOwner.members.invitations({ businessId: business.id });
    expect(pending).toEqual([expect.objectContaining({ id: second.invitation.id, role: "admin" })]);

    const invitee = await createUser(db, { email: first.email });
    await expectTRPCError(
      callerFor(db, invitee).auth.acceptInvitation({ token: first.token }),
      "BAD_REQUEST",
      {
        appCode: "TOKEN_INVALID",
      },
    );
    await callerFor(db, invitee).auth.acceptInvitation({ token: second.token });
    await expect(callerFor(db, invitee).business.access({ businessId: business.id })).resolves.toEqual({
      role: "admin",
    });
  });

  it("revokes an invitation: its link stops working and it can no longer be resent", async () => {
    const { owner, business, asOwner } = await setup();
    const { invitation, token, email } = await invite(owner, business.id);
    await expect(
      asOwner.members.revokeInvitation({ businessId: business.id, invitationId: invitation.id }),
    ).resolves.toEqual({ ok: true });
    await expect(asOwner.members.invitations({ businessId: business.id })).resolves.toEqual([]);
    const invitee = await createUser(db, { email });
    await expectTRPCError(callerFor(db, invitee).auth.acceptInvitation({ token }), "BAD_REQUEST", {
      appCode: "TOKEN_INVALID",
    });
    await expectTRPCError(callerFor(db, null).auth.describeInvitation({ token }), "BAD_REQUEST", {
      appCode: "TOKEN_INVALID",
    });
    await expectTRPCError(
      asOwner.members.resendInvitation({ businessId: business.id, invitationId: invitation.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      asOwner.members.revokeInvitation({ businessId: business.id, invitationId: invitation.id }),
      "NOT_FOUND",
    );
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "invitation.revoked")));
    expect(audit).toMatchObject({ actorUserId: owner.id, targetId: invitation.id, metadata: { email } });
  });

  it("resends an invitation with a new link; the old one stops working", async () => {
    const { owner, business, asOwner } = await setup();
    const { invitation, token: oldToken, email } = await invite(owner, business.id);
    await expect(
      asOwner.members.resendInvitation({ businessId: business.id, invitationId: invitation.id }),
    ).resolves.toEqual({ ok: true });
    const newToken = await tokenFromLatestEmail(db, email, "/invite/");
    expect(newToken).not.toBe(oldToken);
    const invitee = await createUser(db, { email });
    await expectTRPCError(callerFor(db, invitee).auth.acceptInvitation({ token: oldToken }), "BAD_REQUEST", {
      appCode: "TOKEN_INVALID",
    });
    await expect(callerFor(db, invitee).auth.acceptInvitation({ token: newToken })).resolves.toEqual({
      businessSlug: business.slug,
    });
  });

  it("does not let one business revoke or resend another's invitation", async () => {
    const a = await setup();
    const b = await setup();
    const { invitation } = await invite(b.owner, b.business.id);
    await expectTRPCError(
      a.asOwner.members.revokeInvitation({ businessId: a.business.id, invitationId: invitation.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      a.asOwner.members.resendInvitation({ businessId: a.business.id, invitationId: invitation.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(a.asOwner.members.invitations({ businessId: b.business.id }), "NOT_FOUND");
    await expect(b.asOwner.members.invitations({ businessId: b.business.id })).resolves.toHaveLength(1);
  });
});

describe("accept", () => {
  it("a new user signs up with the invited email and accepts: member, verified, audited", async () => {
    const { owner, business } = await setup();
    const { token, email } = await invite(owner, business.id, "admin");

    const anon = callerFor(db, null);
    const { userId } = await anon.auth.signUp({ name: "New Admin", email, password: "invited passphrase" });
    const [signedUp] = await db.select().from(users).where(eq(users.id, userId));
    expect(signedUp!.emailVerified).toBeNull();
    await expect(anon.auth.describeInvitation({ token })).resolves.toMatchObject({ hasAccount: true });

    const asNew = callerFor(db, { id: userId, email });
    await expect(asNew.auth.acceptInvitation({ token })).resolves.toEqual({ businessSlug: business.slug });

    const [u] = await db.select().from(users).where(eq(users.id, userId));
    expect(u!.emailVerified).toBeInstanceOf(Date);
    await expect(
      verifyCredentials(db, { email, password: "invited passphrase", ip: null }),
    ).resolves.toMatchObject({
      id: userId,
    });

    const list = await callerFor(db, owner).members.list({ businessId: business.id });
    expect(list.data.map((m) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [email, "admin"],
    ]);
    await expect(asNew.business.access({ businessId: business.id })).resolves.toEqual({ role: "admin" });
    await expect(callerFor(db, owner).members.invitations({ businessId: business.id })).resolves.toEqual([]);

    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "member.joined")));
    expect(audit).toMatchObject({ actorUserId: userId, targetId: userId, metadata: { role: "admin" } });
  });

  it("signing up through the invitation counts the address as verified and sends no verification link", async () => {
    const { owner, business } = await setup();
    const { token, email } = await invite(owner, business.id);
    const result = await callerFor(db, null).auth.signUp({
      name: "Invited Person",
      email,
      password: "a long enough password",
      invitationToken: token,
    });
    expect(result.emailVerified).toBe(true);
    expect((await latestEmailTo(db, email))?.template).toBe("invitation");
    const user = await verifyCredentials(db, { email, password: "a long enough password", ip: null });
    await expect(
      callerFor(db, { ...user, isPlatformAdmin: false }).auth.acceptInvitation({ token }),
    ).resolves.toEqual({
      businessSlug: business.slug,
    });
  });

  it("an invitation token for another address does not verify a sign-up", async () => {
    const { owner, business } = await setup();
    const { token } = await invite(owner, business.id);
    const other = uniqueEmail("other");
    const result = await callerFor(db, null).auth.signUp({
      name: "Someone Else",
      email: other,
      password: "a long enough password",
      invitationToken: token,
    });
    expect(result.emailVerified).toBe(false);
    expect((await latestEmailTo(db, other))?.template).toBe("verify-email");
  });

  it("refuses a user signed in with another email", async () => {
    const { owner, business } = await setup();
    const { token, email } = await invite(owner, business.id);
    const other = await createUser(db);
    await expectTRPCError(callerFor(db, other).auth.acceptInvitation({ token }), "FORBIDDEN", {
      appCode: "FORBIDDEN",
      message: `This invitation is for ${email}. Sign in with that email to accept it.`,
    });
    const rows = await db
      .select()
      .from(businessMembers)
      .where(and(eq(businessMembers.businessId, business.id), eq(businessMembers.userId, other.id)));
    expect(rows).toHaveLength(0);
  });

  it("requires a signed-in user", async () => {
    const { owner, business } = await setup();
    const { token } = await invite(owner, business.id);
    await expectTRPCError(callerFor(db, null).auth.acceptInvitation({ token }), "UNAUTHORIZED");
  });

  it("accepts once", async () => {
    const { owner, business } = await setup();
    const { token, email } = await invite(owner, business.id);
    const invitee = await createUser(db, { email });
    await callerFor(db, invitee).auth.acceptInvitation({ token });
    await expectTRPCError(callerFor(db, invitee).auth.acceptInvitation({ token }), "BAD_REQUEST", {
      appCode: "TOKEN_INVALID",
      message: "This invitation was already accepted.",
    });
  });

  it("refuses an expired invitation", async () => {
    const { owner, business } = await setup();
    const { invitation, token, email } = await invite(owner, business.id);
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invitation.id));
    const invitee = await createUser(db, { email });
    await expectTRPCError(callerFor(db, invitee).auth.acceptInvitation({ token }), "BAD_REQUEST", {
      appCode: "TOKEN_EXPIRED",
    });
    await expectTRPCError(callerFor(db, null).auth.describeInvitation({ token }), "BAD_REQUEST", {
      appCode: "TOKEN_EXPIRED",
    });
    await expect(callerFor(db, owner).members.invitations({ businessId: business.id })).resolves.toEqual([]);
  });

  it("refuses an unknown token", async () => {
    const user = await createUser(db);
    await expectTRPCError(
      callerFor(db, user).auth.acceptInvitation({ token: "z".repeat(43) }),
      "BAD_REQUEST",
      {
        appCode: "TOKEN_INVALID",
      },
    );
  });
});

describe("roles and removal", () => {
  it("lets the owner change roles and audits it", async () => {
    const { owner, business, asOwner } = await setup();
    const { user, membership } = await addMember(db, business, "member");
    await expect(
      asOwner.members.changeRole({ businessId: business.id, memberId: membership.id, role: "admin" }),
    ).resolves.toMatchObject({ id: membership.id, role: "admin" });
    await expect(callerFor(db, user).business.access({ businessId: business.id })).resolves.toEqual({
      role: "admin",
    });
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "member.role_changed")));
    expect(audit).toMatchObject({
      actorUserId: owner.id,
      targetId: user.id,
      metadata: { from: "member", to: "admin" },
    });
  });

  it("keeps the last owner: no demotion, no removal, no leaving (PRECONDITION_FAILED)", async () => {
    const { owner, business, asOwner } = await setup();
    const [own] = await db
      .select()
      .from(businessMembers)
      .where(and(eq(businessMembers.businessId, business.id), eq(businessMembers.userId, owner.id)));
    await expectTRPCError(
      asOwner.members.changeRole({ businessId: business.id, memberId: own!.id, role: "admin" }),
      "PRECONDITION_FAILED",
      { appCode: "LAST_OWNER" },
    );
    await expectTRPCError(
      asOwner.members.remove({ businessId: business.id, memberId: own!.id }),
      "PRECONDITION_FAILED",
      { appCode: "LAST_OWNER" },
    );
    await expectTRPCError(asOwner.members.leave({ businessId: business.id }), "PRECONDITION_FAILED", {
      appCode: "LAST_OWNER",
    });
    await expect(asOwner.business.access({ businessId: business.id })).resolves.toEqual({ role: "owner" });
  });

  it("lets an owner step down or leave once there is another owner", async () => {
    const { owner, business, asOwner } = await setup();
    const { user: second, membership } = await addMember(db, business, "admin");
    await asOwner.members.changeRole({ businessId: business.id, memberId: membership.id, role: "owner" });
    await expect(asOwner.members.leave({ businessId: business.id })).resolves.toEqual({ ok: true });
    await expectTRPCError(asOwner.business.get({ businessId: business.id }), "NOT_FOUND");
    const [left] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "member.left")));
    expect(left).toMatchObject({ actorUserId: owner.id, targetId: owner.id });
    // Now `second` is the last owner.
    await expectTRPCError(
      callerFor(db, second).members.leave({ businessId: business.id }),
      "PRECONDITION_FAILED",
    );
  });

  it("keeps an owner when two owners leave or demote each other at the same time", async () => {
    // On Postgres these run on two connections; without row locks both pass the last-owner check.
    for (let round = 0; round < 4; round++) {
      const { owner, business } = await setup();
      const { user: second, membership: secondM } = await addMember(db, business, "owner");
      const [ownerM] = await db
        .select()
        .from(businessMembers)
        .where(and(eq(businessMembers.businessId, business.id), eq(businessMembers.userId, owner.id)));
      const businessId = business.id;
      const results = await Promise.allSettled(
        round % 2 === 0
          ? [
              callerFor(db, owner).members.leave({ businessId }),
              callerFor(db, second).members.leave({ businessId }),
            ]
          : [
              callerFor(db, owner).members.changeRole({ businessId, memberId: secondM.id, role: "member" }),
              callerFor(db, second).members.changeRole({ businessId, memberId: ownerM!.id, role: "member" }),
            ],
      );
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ code: "PRECONDITION_FAILED", cause: { code: "LAST_OWNER" } });
      const owners = await db
        .select()
        .from(businessMembers)
        .where(and(eq(businessMembers.businessId, businessId), eq(businessMembers.role, "owner")));
      expect(owners).toHaveLength(1);
    }
  });

  it("lets the owner remove a member, who then loses access", async () => {
    const { owner, business, asOwner } = await setup();
    const { user, membership } = await addMember(db, business, "member");
    await expect(
      asOwner.members.remove({ businessId: business.id, memberId: membership.id }),
    ).resolves.toEqual({
      ok: true,
    });
    await expectTRPCError(callerFor(db, user).business.get({ businessId: business.id }), "NOT_FOUND");
    const list = await asOwner.members.list({ businessId: business.id });
    expect(list.data.map((m) => m.userId)).toEqual([owner.id]);
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "member.removed")));
    expect(audit).toMatchObject({ actorUserId: owner.id, targetId: user.id, metadata: { role: "member" } });
  });

  it("lets a member leave", async () => {
    const { business, asOwner } = await setup();
    const { user } = await addMember(db, business, "member");
    await expect(callerFor(db, user).members.leave({ businessId: business.id })).resolves.toEqual({
      ok: true,
    });
    const list = await asOwner.members.list({ businessId: business.id });
    expect(list.data.some((m) => m.userId === user.id)).toBe(false);
  });

  it("does not let one business change or remove another's member", async () => {
    const a = await setup();
    const b = await setup();
    const { membership } = await addMember(db, b.business, "member");
    await expectTRPCError(
      a.asOwner.members.changeRole({ businessId: a.business.id, memberId: membership.id, role: "owner" }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      a.asOwner.members.remove({ businessId: a.business.id, memberId: membership.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      a.asOwner.members.changeRole({ businessId: b.business.id, memberId: membership.id, role: "owner" }),
      "NOT_FOUND",
    );
    const [still] = await db.select().from(businessMembers).where(eq(businessMembers.id, membership.id));
    expect(still!.role).toBe("member");
  });
});

describe("what a role may not do", () => {
  it("a member cannot invite, change roles, remove, see invitations or manage API keys", async () => {
    const { business } = await setup();
    const { user: member } = await addMember(db, business, "member");
    const { membership: other } = await addMember(db, business, "member");
    const asMember = callerFor(db, member);
    const businessId = business.id;
    const forbidden = [
      () => asMember.members.invite({ businessId, email: uniqueEmail(), role: "member" }),
      () => asMember.members.invitations({ businessId }),
      () => asMember.members.changeRole({ businessId, memberId: other.id, role: "admin" }),
      () => asMember.members.remove({ businessId, memberId: other.id }),
      () => asMember.apiKeys.create({ businessId, name: "Mine" }),
      () => asMember.apiKeys.list({ businessId }),
      () => asMember.audit.list({ businessId }),
    ];
    for (const call of forbidden) await expectTRPCError(call(), "FORBIDDEN", { appCode: "FORBIDDEN" });
    // What a member may do.
    const list = await asMember.members.list({ businessId });
    expect(list.data).toHaveLength(3);
    expect(list.data[0]).toMatchObject({ role: "owner" });
  });

  it("an admin cannot change roles or remove members (owners only)", async () => {
    const { business } = await setup();
    const { user: admin } = await addMember(db, business, "admin");
    const { membership } = await addMember(db, business, "member");
    const asAdmin = callerFor(db, admin);
    await expectTRPCError(
      asAdmin.members.changeRole({ businessId: business.id, memberId: membership.id, role: "admin" }),
      "FORBIDDEN",
    );
    await expectTRPCError(
      asAdmin.members.remove({ businessId: business.id, memberId: membership.id }),
      "FORBIDDEN",
    );
  });

  it("a stranger gets NOT_FOUND, not FORBIDDEN", async () => {
    const { business } = await setup();
    const stranger = await createUser(db);
    await expectTRPCError(callerFor(db, stranger).members.list({ businessId: business.id }), "NOT_FOUND");
    await expectTRPCError(
      callerFor(db, stranger).members.invite({
        businessId: business.id,
        email: uniqueEmail(),
        role: "member",
      }),
      "NOT_FOUND",
    );
  });
});
