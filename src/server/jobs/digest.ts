import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { memberships, notificationPreferences, notifications, organizations, users } from "../db/schema";
import { withTenant } from "../db/tenant";
import { sendMail } from "../mail/send";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One email per member per day at most, with the notifications not yet emailed, to members who did
 * not opt out. Without SMTP configured nothing is sent and nothing is marked.
 */
export async function sendDigests(db: Db, now = new Date()): Promise<{ sent: number }> {
  if (!process.env.SMTP_URL) return { sent: 0 };
  let sent = 0;
  const orgs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations);
  for (const org of orgs) {
    await withTenant(db, org.id, async (tx) => {
      const members = await tx
        .select({ userId: memberships.userId, email: users.email, name: users.name, pref: notificationPreferences })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .leftJoin(
          notificationPreferences,
          and(eq(notificationPreferences.organizationId, memberships.organizationId), eq(notificationPreferences.userId, memberships.userId)),
        )
        .where(eq(memberships.organizationId, org.id));
      for (const member of members) {
        if (member.pref && !member.pref.emailDigest) continue;
        if (member.pref?.lastDigestAt && now.getTime() - member.pref.lastDigestAt.getTime() < DAY_MS) continue;
        const pending = await tx
          .select()
          .from(notifications)
          .where(and(eq(notifications.organizationId, org.id), eq(notifications.userId, member.userId), isNull(notifications.emailedAt), isNull(notifications.readAt)))
          .limit(50);
        if (!pending.length) continue;
        const text = [
          `Hello ${member.name},`,
          "",
          `${pending.length} thing${pending.length === 1 ? "" : "s"} need${pending.length === 1 ? "s" : ""} your attention in ${org.name}:`,
          "",
          ...pending.map((n) => `- ${n.title} (${n.body})`),
          "",
          "Turn these emails off under Settings → Notifications.",
        ].join("\n");
        const mail = await sendMail({ to: member.email, subject: `Recoup: ${pending.length} deadline${pending.length === 1 ? "" : "s"} need attention`, text });
        if (!mail.sent) continue;
        sent++;
        await tx
          .update(notifications)
          .set({ emailedAt: now })
          .where(and(eq(notifications.organizationId, org.id), eq(notifications.userId, member.userId), isNull(notifications.emailedAt), sql`${notifications.id} in ${pending.map((p) => p.id)}`));
        await tx
          .insert(notificationPreferences)
          .values({ organizationId: org.id, userId: member.userId, lastDigestAt: now })
          .onConflictDoUpdate({ target: [notificationPreferences.organizationId, notificationPreferences.userId], set: { lastDigestAt: now } });
      }
    });
  }
  return { sent };
}
