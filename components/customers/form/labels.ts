import type { ConsentChannel, LifecycleStage } from "@/server/domain/customers";

/** Labels of lifecycle stages and consent channels, shared by the form, the list and its filters. */
export const lifecycleStageLabels: Record<LifecycleStage, string> = {
  lead: "Lead",
  prospect: "Prospect",
  customer: "Customer",
  churned: "Churned",
};

export const consentChannelLabels: Record<ConsentChannel, string> = {
  email: "Email",
  whatsapp: "WhatsApp",
  sms: "SMS",
};
