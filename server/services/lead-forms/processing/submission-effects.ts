import type { Db } from "@/db/client";
import {
  createFollowUpTask,
  recordAutoReply,
  recordInAppNotifications,
  recordNotifications,
} from "./effects";
import { loadSubmission } from "./load";

/**
 * All the side effects of a processed submission, in order: the follow-up task, the notifications and
 * the auto-reply (and the in-app notification of the members it notifies), each once per submission (see `once`). Only the effects the form's version asks for are
 * opened (a version never changes, so a retry decides the same). Output: the task id (or null), the
 * ids of the emails to hand to the send-email function, and whether the form notifies members in the app
 * (their notifications then wait to be pushed to their devices; true on a retry too).
 */
export async function recordSubmissionEffects(
  db: Db,
  businessId: string,
  submissionId: string,
): Promise<{ taskId: string | null; emails: string[]; notifiesMembers: boolean }> {
  const loaded = await loadSubmission(db, businessId, submissionId);
  if (!loaded?.definition || !loaded.submission.customerId)
    return { taskId: null, emails: [], notifiesMembers: false };
  const { followUpTask, notify, autoReply } = loaded.definition.settings;
  const taskId = followUpTask.enabled ? await createFollowUpTask(db, businessId, submissionId) : null;
  const notifications =
    notify.userIds.length + notify.emails.length > 0
      ? await recordNotifications(db, businessId, submissionId)
      : [];
  if (notify.userIds.length > 0) await recordInAppNotifications(db, businessId, submissionId);
  const reply = autoReply.enabled ? await recordAutoReply(db, businessId, submissionId) : [];
  return { taskId, emails: [...notifications, ...reply], notifiesMembers: notify.userIds.length > 0 };
}
