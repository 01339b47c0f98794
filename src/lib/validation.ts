import { z } from "zod";

/** Shared input rules: the same schema validates the form in the browser and the input on the server. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,46}[a-z0-9])$/;
const RESERVED_SLUGS = new Set(["api", "app", "admin", "new", "p", "settings", "sign-in", "sign-up", "invite"]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => SLUG_PATTERN.test(s) && !s.includes("--"), {
    message: "Use 3–48 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
  })
  .refine((s) => !RESERVED_SLUGS.has(s), { message: "That address is reserved. Choose another." });

export function slugify(value: string): string {
  const base = value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base.length >= 3 ? base : `${base || "org"}-${Math.random().toString(36).slice(2, 6)}`;
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address, like name@example.com." }).max(254));

export const nameSchema = z.string().trim().min(1, "Enter a name.").max(120, "Keep the name under 120 characters.");

export const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "BRL", "JPY", "KRW", "CNY", "CHF", "SEK", "NZD", "MXN", "PLN"] as const;
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 currency code, like USD.");

export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Use a two-letter ISO 3166 country code, like US.");

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isValidTimeZone, { message: "Use an IANA time zone, like America/New_York." });

export const storeInputSchema = z.object({
  name: nameSchema,
  slug: slugSchema,
  shopDomain: z
    .string()
    .trim()
    .toLowerCase()
    .max(255)
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "Use a domain like my-shop.myshopify.com.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  currency: currencySchema,
  country: countrySchema,
  timezone: timeZoneSchema,
});
export type StoreInput = z.infer<typeof storeInputSchema>;

export const uuidSchema = z.uuid({ message: "That id is not valid." });

/**
 * A moment a user enters (a filter bound, when something was shipped or is due). A client can send
 * any Date, but Postgres cannot store years past 9999 or before 4713 BC, and nothing Recoup tracks
 * happens outside these bounds: a date beyond them is a typo, answered as one.
 */
export const EARLIEST_DATE = new Date("1970-01-01T00:00:00.000Z");
export const LATEST_DATE = new Date("2100-01-01T00:00:00.000Z");
export const dateSchema = z
  .date({ message: "Enter a valid date." })
  .min(EARLIEST_DATE, "Choose a date in 1970 or later.")
  .max(LATEST_DATE, "Choose a date before 2100.");
