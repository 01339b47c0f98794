import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/client";
import { exchangeRates } from "../db/schema";
import { pgArray, queryRows } from "../db/rows";
import { recordAudit } from "../audit/record";
import { invalid, notFound } from "../errors";
import type { TenantContext } from "../tenancy/context";
import { currencySchema } from "@/lib/validation";
import { isValidDay } from "@/lib/reports/input";
import type { AppliedRate } from "@/lib/reports/figures";

/**
 * The organization's exchange-rate table: 1 `currency` = `rate` of the reporting currency, valid from
 * a day until a day (or open-ended). On any day the rate with the latest start that covers it applies.
 */

const RATE_PATTERN = /^\d{1,14}(\.\d{1,10})?$/;

export const addRateSchema = z
  .object({
    currency: currencySchema,
    rate: z
      .string()
      .trim()
      .refine((v) => RATE_PATTERN.test(v) && Number(v) > 0, {
        message: "Enter the rate as a positive decimal number with at most 10 decimals, like 0.00074.",
      }),
    validFrom: z.string().refine(isValidDay, { message: "Enter the first day the rate applies, as YYYY-MM-DD." }),
    validTo: z
      .string()
      .refine(isValidDay, { message: "Enter the last day the rate applies, as YYYY-MM-DD, or leave it empty." })
      .nullable()
      .optional(),
  })
  .refine((v) => !v.validTo || !isValidDay(v.validFrom) || v.validTo >= v.validFrom, {
    message: "The last day must be on or after the first day.",
    path: ["validTo"],
  });
export type AddRateInput = z.infer<typeof addRateSchema>;

export interface ExchangeRateRow {
  id: string;
  currency: string;
  quoteCurrency: string;
  rate: string;
  validFrom: string;
  validTo: string | null;
  createdAt: Date;
}

/** Trailing zeros of numeric(24,10) dropped: "0.0007400000" → "0.00074". */
function tidyRate(value: unknown): string {
  const text = String(value);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

export async function listRates(db: DbOrTx, organizationId: string, quoteCurrency: string): Promise<ExchangeRateRow[]> {
  const rows = await db
    .select()
    .from(exchangeRates)
    .where(and(eq(exchangeRates.organizationId, organizationId), eq(exchangeRates.quoteCurrency, quoteCurrency)))
    .orderBy(exchangeRates.currency, sql`${exchangeRates.validFrom} desc`, sql`${exchangeRates.createdAt} desc`);
  return rows.map((r) => ({
    id: r.id,
    currency: r.currency,
    quoteCurrency: r.quoteCurrency,
    rate: tidyRate(r.rate),
    validFrom: r.validFrom,
    validTo: r.validTo,
    createdAt: r.createdAt,
  }));
}

/** The rate of each currency into `quote` on `day`; `rate: null` where none covers that day. */
/**
 * The rate of each currency into `quote` on each of `days` (one statement for every day): for each
 * day, one entry per currency in the order given, `rate: null` where none is valid that day.
 */
export async function ratesOn(db: DbOrTx, organizationId: string, currencies: string[], quote: string, days: string[]): Promise<AppliedRate[][]> {
  if (currencies.length === 0) return days.map(() => []);
  const rows = await queryRows<{ on_day: string; currency: string; rate: string; valid_from: unknown }>(
    db,
    sql`select distinct on (d.day, r.currency) d.day::text as on_day, r.currency, r.rate, r.valid_from
        from unnest(${pgArray(days)}::date[]) as d(day)
        join exchange_rates r on r.valid_from <= d.day and (r.valid_to is null or r.valid_to >= d.day)
        where r.organization_id = ${organizationId} and r.quote_currency = ${quote} and r.currency in ${currencies}
        order by d.day, r.currency, r.valid_from desc, r.created_at desc`,
  );
  const found = new Map(rows.map((r) => [`${String(r.on_day).slice(0, 10)}|${String(r.currency)}`, r]));
  return days.map((day) =>
    currencies.map((currency) => {
      const row = found.get(`${day}|${currency}`);
      return {
        currency,
        onDay: day,
        rate: row ? tidyRate(row.rate) : null,
        validFrom: row ? String(row.valid_from instanceof Date ? row.valid_from.toISOString().slice(0, 10) : row.valid_from).slice(0, 10) : null,
      };
    }),
  );
}

export async function addRate(ctx: TenantContext, input: AddRateInput) {
  const quoteCurrency = ctx.membership.reportingCurrency;
  if (input.currency === quoteCurrency) {
    throw invalid(`${quoteCurrency} is the reporting currency; it needs no rate.`);
  }
  const id = randomUUID();
  const [row] = await ctx.tx
    .insert(exchangeRates)
    .values({
      organizationId: ctx.organizationId,
      id,
      currency: input.currency,
      quoteCurrency,
      rate: input.rate,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      createdBy: ctx.userId,
    })
    .returning();
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    action: "exchange_rate.added",
    entityId: id,
    after: { currency: row!.currency, quoteCurrency, rate: tidyRate(row!.rate), validFrom: row!.validFrom, validTo: row!.validTo },
    requestId: ctx.requestId,
  });
  return { id };
}

export async function removeRate(ctx: TenantContext, rateId: string) {
  const [row] = await ctx.tx
    .delete(exchangeRates)
    .where(and(eq(exchangeRates.organizationId, ctx.organizationId), eq(exchangeRates.id, rateId)))
    .returning();
  if (!row) throw notFound("Exchange rate");
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    action: "exchange_rate.removed",
    entityId: row.id,
    before: { currency: row.currency, quoteCurrency: row.quoteCurrency, rate: tidyRate(row.rate), validFrom: row.validFrom, validTo: row.validTo },
    requestId: ctx.requestId,
  });
  return { id: row.id };
}
