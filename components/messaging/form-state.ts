/** What a messaging settings form shows after a post: nothing yet, saved, or what to fix. */
export interface MessagingFormState {
  status: "idle" | "saved" | "error";
  message?: string;
  /** Field name → message (the names of the form's inputs). */
  fieldErrors?: Record<string, string>;
  /** Changes on every answer, so a repeated "saved" is announced again. */
  at?: number;
}

export const idleFormState: MessagingFormState = { status: "idle" };

/** The secret fields of the settings, by form section. */
export const secretFields = {
  email: ["resendApiKey", "resendWebhookSecret"],
  whatsapp: ["whatsappAccessToken", "whatsappAppSecret", "whatsappVerifyToken"],
} as const;
