import type { TenantContext } from "../tenancy/context";
import { addRate } from "../reports/rates";

/**
 * The demo's exchange rates into its reporting currency (USD), so the loss report rolls every store
 * up from the start. Added through `addRate`, as an admin would, so each one is in the audit trail.
 */
export const DEMO_RATES = [
  { currency: "EUR", rate: "1.08", validFrom: "2025-01-01" },
  { currency: "KRW", rate: "0.00073", validFrom: "2025-01-01" },
] as const;

export async function seedExchangeRates(ctx: TenantContext) {
  // The rates are quoted in USD; another reporting currency would make them wrong, so add none.
  if (ctx.membership.reportingCurrency !== "USD") return;
  for (const rate of DEMO_RATES) await addRate(ctx, { ...rate, validTo: null });
}
