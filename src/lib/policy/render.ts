import { PHRASES, type PolicyPhrases, type PolicySectionId } from "./i18n";
import { returnableReasons, type PolicyLanguage, type PolicySettings } from "./settings";

/**
 * Settings → a policy document in one language → escaped HTML. The document is plain data (strings
 * only), so the builder's preview renders it as React text and the public page and "copy as HTML"
 * render it through `documentToHtml`, which escapes every string it writes. Nothing the merchant
 * types is ever interpreted as markup.
 */

export type Inline = { text: string; href?: string };
export type PolicyBlock = { kind: "p"; parts: Inline[] } | { kind: "ul"; items: string[] } | { kind: "address"; lines: string[] };
export interface PolicySection {
  id: PolicySectionId;
  heading: string;
  blocks: PolicyBlock[];
}
export interface PolicyDocument {
  lang: PolicyLanguage;
  htmlLang: string;
  title: string;
  intro: string;
  sections: PolicySection[];
}

export interface RenderOptions {
  /** The store's name, as its customers know it. */
  shopName: string;
}

const p = (text: string): PolicyBlock => ({ kind: "p", parts: [{ text }] });

/** A template sentence with `{email}` in it: the address becomes a mailto link. */
function withEmail(template: string, email: string): PolicyBlock {
  const parts: Inline[] = [];
  template.split("{email}").forEach((text, index) => {
    if (index > 0) parts.push({ text: email, href: `mailto:${email}` });
    if (text) parts.push({ text });
  });
  return { kind: "p", parts };
}

/** Paragraphs of plain text: blank lines separate them, single line breaks stay as breaks. */
function plainParagraphs(text: string): PolicyBlock[] {
  return text
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => p(para));
}

function addressLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

export function formatPercent(percent: number, phrases: PolicyPhrases): string {
  return new Intl.NumberFormat(phrases.locale, { style: "percent", maximumFractionDigits: 0 }).format(percent / 100);
}

/** "2026-03-01" in the language's long date format, read as a calendar date (no time zone shift). */
export function formatPolicyDate(date: string, lang: PolicyLanguage): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Intl.DateTimeFormat(PHRASES[lang].locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

export function buildPolicyDocument(settings: PolicySettings, lang: PolicyLanguage, options: RenderOptions): PolicyDocument {
  const t = PHRASES[lang];
  const email = settings.contactEmail;
  const returnable = returnableReasons(settings.acceptedReasons);
  const acceptsFault = settings.acceptedReasons.some((r) => r === "damaged" || r === "not_as_described");
  const sections: PolicySection[] = [];
  const section = (id: PolicySectionId, blocks: PolicyBlock[]) => {
    if (blocks.length) sections.push({ id, heading: t.headings[id], blocks });
  };

  section(
    "cancellation",
    settings.cancellation === "until_dispatch"
      ? [p(t.cancellation.untilDispatch), p(t.cancellation.afterDispatch), withEmail(t.cancellation.howTo, email), p(t.cancellation.refund)]
      : [p(t.cancellation.withinHours(settings.cancellationHours)), p(t.cancellation.afterHours), withEmail(t.cancellation.howTo, email), p(t.cancellation.refund)],
  );

  if (returnable.length === 0) {
    section("returns", [p(t.returns.noReturns)]);
  } else {
    section("returns", [
      p(settings.allSalesFinal ? t.returns.finalExcept : t.returns.acceptedFor),
      { kind: "ul", items: returnable.map((r) => t.returns.reasons[r]) },
      p(t.returns.window(settings.returnWindowDays)),
    ]);
    const exception = acceptsFault && settings.itemCondition !== "as_received" ? [p(t.faultyException)] : [];
    section("condition", [p(t.condition[settings.itemCondition]), ...exception]);
    if (settings.nonReturnable.length) {
      section("nonReturnable", [
        p(t.nonReturnable.intro),
        { kind: "ul", items: settings.nonReturnable.map((item) => t.nonReturnable.items[item]) },
        ...(acceptsFault ? [p(t.faultyException)] : []),
      ]);
    }
    const paidBy = (payer: "store" | "customer") => returnable.filter((r) => settings.returnShippingPaidBy[r] === payer);
    const shipping: PolicyBlock[] = [];
    for (const payer of ["store", "customer"] as const) {
      const reasons = paidBy(payer);
      if (reasons.length) shipping.push(p(t.shipping[payer]), { kind: "ul", items: reasons.map((r) => t.returns.reasons[r]) });
    }
    section("returnShipping", shipping);
    section(
      "howToReturn",
      settings.returnAddressKind === "none"
        ? [withEmail(t.howToReturn.none, email), p(t.howToReturn.noneWait)]
        : [
            withEmail(t.howToReturn[settings.returnAddressKind], email),
            { kind: "address", lines: addressLines(settings.returnAddress) },
            p(t.howToReturn.orderNumber),
          ],
    );
  }

  section("refunds", [
    p(t.refunds[settings.refundMethod]),
    p(t.refunds.processing(settings.refundProcessingDays)),
    ...(settings.refundMethod === "original_payment" ? [p(t.refunds.bankDelay)] : []),
  ]);

  if (returnable.length) {
    section("restockingFee", [
      p(settings.restockingFeePercent > 0 ? t.restocking.fee(formatPercent(settings.restockingFeePercent, t)) : t.restocking.none),
    ]);
  }

  section(
    "exchanges",
    settings.exchanges === "none"
      ? [p(t.exchanges.none), ...(returnable.length ? [p(t.exchanges.returnInstead)] : [])]
      : [p(t.exchanges[settings.exchanges]), withEmail(t.exchanges.howTo, email)],
  );

  const damaged: PolicyBlock[] = acceptsFault
    ? [
        p(t.damaged.report(settings.damagedReportDays)),
        ...(settings.damagedPhotosRequired ? [p(t.damaged.photos)] : []),
        p(t.damaged.resolution[settings.damagedResolution]),
      ]
    : [withEmail(t.damaged.otherwise, email)];
  if (settings.acceptedReasons.includes("not_delivered")) damaged.push(withEmail(t.damaged.missing, email));
  section("damaged", damaged);

  section("contact", [withEmail(t.contact.email, email), ...(settings.contactPhone ? [p(t.contact.phone(settings.contactPhone))] : [])]);
  section("note", plainParagraphs(settings.note));

  return { lang, htmlLang: t.htmlLang, title: t.title(options.shopName), intro: t.intro(options.shopName), sections };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Only mailto links are ever written, and only for the validated contact address. */
function safeHref(href: string): string | null {
  return /^mailto:[^\s<>"'`]+@[^\s<>"'`]+$/.test(href) ? href : null;
}

function inlineHtml(parts: Inline[]): string {
  return parts
    .map((part) => {
      const text = escapeHtml(part.text).replace(/\n/g, "<br>");
      const href = part.href ? safeHref(part.href) : null;
      return href ? `<a href="${escapeHtml(href)}">${text}</a>` : text;
    })
    .join("");
}

function blockHtml(block: PolicyBlock): string {
  switch (block.kind) {
    case "p":
      return `<p>${inlineHtml(block.parts)}</p>`;
    case "ul":
      return `<ul>\n${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("\n")}\n</ul>`;
    case "address":
      return `<p class="policy-address">${block.lines.map(escapeHtml).join("<br>")}</p>`;
  }
}

/** The policy as a semantic HTML fragment (no title): what the public page shows and "copy as HTML" copies. */
export function documentToHtml(doc: PolicyDocument): string {
  const sections = doc.sections.map(
    (s) => `<section data-section="${s.id}">\n<h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map(blockHtml).join("\n")}\n</section>`,
  );
  return [`<p>${escapeHtml(doc.intro)}</p>`, ...sections].join("\n");
}

export interface RenderedPolicy {
  title: string;
  html: string;
}

export function renderPolicy(settings: PolicySettings, lang: PolicyLanguage, options: RenderOptions): RenderedPolicy {
  const doc = buildPolicyDocument(settings, lang, options);
  return { title: doc.title, html: documentToHtml(doc) };
}

/** Every published language, rendered: what a version stores. */
export function renderAllLanguages(settings: PolicySettings, options: RenderOptions): Record<string, RenderedPolicy> {
  return Object.fromEntries(settings.languages.map((lang) => [lang, renderPolicy(settings, lang, options)]));
}
