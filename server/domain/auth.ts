import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }).max(254));

/** NIST SP 800-63B: at least 8 characters, long passphrases allowed, no composition rules. */
export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(200, "Use at most 200 characters.");

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  email: emailSchema,
  password: passwordSchema,
  /** An invitation token to accept right after sign-up (the invite link carries it). */
  invitationToken: z.string().optional(),
});

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password."),
});

export const tokenInput = z.object({ token: z.string().min(10, "This link is incomplete.") });

export const requestEmailInput = z.object({ email: emailSchema });

export const resetPasswordInput = z.object({
  token: z.string().min(10, "This link is incomplete."),
  password: passwordSchema,
});

export const updateProfileInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
});

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password."),
  newPassword: passwordSchema,
});
