/**
 * Lists for the store form: countries, currencies and time zones, named in the reader's language by
 * `Intl` so no name tables are shipped.
 */
import { CURRENCIES } from "./validation";

// ISO 3166-1 alpha-2, officially assigned codes.
const COUNTRY_CODES = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO " +
  "JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR " +
  "MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO " +
  "RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV " +
  "TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");

function displayNames(type: "region" | "currency"): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames(["en"], { type });
  } catch {
    return null;
  }
}

export function countryName(code: string): string {
  return displayNames("region")?.of(code) ?? code;
}

export function currencyName(code: string): string {
  return displayNames("currency")?.of(code) ?? code;
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export function countryOptions(): Option[] {
  const names = displayNames("region");
  return COUNTRY_CODES.map((code) => ({ value: code, label: names?.of(code) ?? code, hint: code })).sort((a, b) =>
    a.label.localeCompare(b.label),
  );
}

export function currencyOptions(extra?: string): Option[] {
  const codes: string[] = [...CURRENCIES];
  if (extra && !codes.includes(extra)) codes.push(extra);
  const names = displayNames("currency");
  return codes.map((code) => ({ value: code, label: code, hint: names?.of(code) ?? undefined }));
}

function utcOffset(zone: string, at: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return !part || part === "GMT" ? "UTC" : part.replace("GMT", "UTC");
}

/** Every IANA zone the browser knows, with its current UTC offset, e.g. "America/New_York" · "UTC-5". */
export function timeZoneOptions(extra?: string): Option[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];
  const list = extra && !zones.includes(extra) ? [...zones, extra] : zones;
  const now = new Date();
  return list.map((zone) => ({ value: zone, label: zone.replaceAll("_", " "), hint: utcOffset(zone, now) }));
}

/** The browser's own zone and country: sensible defaults for a new store. */
export function browserDefaults(): { timezone: string; country: string } {
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const region = typeof navigator === "undefined" ? undefined : new Intl.Locale(navigator.language).maximize().region;
  return { timezone, country: region && COUNTRY_CODES.includes(region) ? region : "US" };
}
