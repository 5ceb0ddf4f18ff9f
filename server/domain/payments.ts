import { z } from "zod";
import type { PaymentProvider } from "@/db/schema/payments";

/** The online payment providers, in the order the public invoice page offers them. */
export const paymentProviders = ["stripe", "razorpay"] as const satisfies readonly PaymentProvider[];

/**
 * A change to one provider account: a value replaces, "" clears, absent keeps. `publicKey` is Razorpay's key id. Stripe secret keys start
 * `sk_` or `rk_` (restricted), its webhook secrets `whsec_`; Razorpay key ids start `rzp_`.
 */
export const updatePaymentAccountInput = z
  .object({
    provider: z.enum(paymentProviders),
    publicKey: z.string().trim().max(100).optional(),
    secretKey: z.string().trim().max(300).optional(),
    webhookSecret: z.string().trim().max(300).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.provider === "stripe" && v.secretKey && !/^(sk|rk)_(test|live)_\w+$/.test(v.secretKey))
      ctx.addIssue({
        code: "custom",
        path: ["secretKey"],
        message: "A Stripe secret key starts sk_live_ or sk_test_.",
      });
    if (v.provider === "stripe" && v.webhookSecret && !/^whsec_\w+$/.test(v.webhookSecret))
      ctx.addIssue({
        code: "custom",
        path: ["webhookSecret"],
        message: "A Stripe signing secret starts whsec_.",
      });
    if (v.provider === "razorpay" && v.publicKey && !/^rzp_(test|live)_\w+$/.test(v.publicKey))
      ctx.addIssue({
        code: "custom",
        path: ["publicKey"],
        message: "A Razorpay key id starts rzp_live_ or rzp_test_.",
      });
  });
export type UpdatePaymentAccountInput = z.output<typeof updatePaymentAccountInput>;
