import { z } from "zod";

/** Return reasons shared by supplier terms, cases and the policy builder (SPEC §1). */
export const RETURN_REASONS = [
  "not_as_described",
  "damaged",
  "wrong_size",
  "changed_mind",
  "not_delivered",
  "other",
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const supplierTermsSchema = z.object({
  supplierName: z.string().trim().min(1).max(80),
  /** Country whose public holidays count for the supplier's deadlines. */
  supplierCountry: z.string().length(2),
  /** Business days the supplier has to dispatch after payment. */
  dispatchBusinessDays: z.number().int().min(1).max(60),
  /** The supplier accepts cancellation requests only until it dispatches. */
  cancellationUntilDispatch: z.boolean(),
  acceptedReturnReasons: z.array(z.enum(RETURN_REASONS)),
  refundMinBusinessDays: z.number().int().min(0).max(90),
  refundMaxBusinessDays: z.number().int().min(0).max(90),
  trackingDueBusinessDays: z.number().int().min(1).max(30),
});
export type SupplierTerms = z.infer<typeof supplierTermsSchema>;

/** AliExpress-style defaults, as the seeds describe them. */
export const DEFAULT_SUPPLIER_TERMS: SupplierTerms = {
  supplierName: "AliExpress",
  supplierCountry: "CN",
  dispatchBusinessDays: 7,
  cancellationUntilDispatch: true,
  acceptedReturnReasons: ["not_as_described", "damaged", "not_delivered"],
  refundMinBusinessDays: 3,
  refundMaxBusinessDays: 15,
  trackingDueBusinessDays: 5,
};
