/**
 * Nothing a merchant types becomes markup: hostile text in the store name, phone, return address
 * and extra note comes out of the renderer, the public page and "copy as HTML" as the same text,
 * inside nothing but our own tags and attributes. (The browser side: e2e/policies.spec.ts.)
 */
import { describe, expect, it } from "vitest";
import { htmlToTextBlocks } from "@/lib/policy/diff";
import { documentToHtml, buildPolicyDocument, renderAllLanguages } from "@/lib/policy/render";
import { policySettingsSchema, POLICY_LANGUAGES } from "@/lib/policy/settings";
import { settingsWith, FULL_SETTINGS_INPUT } from "@/test/policy";
import { XSS_CORPUS, XSS_TEXT } from "@/test/xss-corpus";
import { notFoundPageHtml, policyPageHtml } from "./public-page";

/** Every tag we write, and the attributes each may carry. */
const ALLOWED: Record<string, string[]> = {
  section: ["data-section"],
  h2: [],
  p: ["class"],
  ul: [],
  li: [],
  a: ["href"],
  br: [],
};
const PAGE_ALLOWED: Record<string, string[]> = {
  ...ALLOWED,
  html: ["lang", "dir"],
  head: [],
  meta: ["charset", "name", "content"],
  title: [],
  link: ["rel", "hreflang", "href"],
  style: [],
  body: [],
  div: ["class"],
  nav: ["aria-label"],
  span: ["aria-current", "lang"],
  header: [],
  h1: [],
  time: ["datetime"],
  main: [],
};
PAGE_ALLOWED.a = ["href", "hreflang", "lang"];

/** The tags of an HTML string and their attributes, as a browser would tokenise what we wrote. */
function tags(html: string) {
  const withoutStyle = html.replace(/<style>[^<]*<\/style>/, "<style></style>");
  return [...withoutStyle.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    tag: m[1]!.toLowerCase(),
    attributes: [...m[2]!.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)].map((a) => ({ name: a[1]!.toLowerCase(), value: a[2] ?? "" })),
  }));
}

function expectOnlyOurMarkup(html: string, allowed: Record<string, string[]>) {
  // Every "<" starts one of the tags we recognise (or the doctype): no stray markup survived.
  const angleBrackets = (html.replace(/<style>[^<]*<\/style>/, "<style></style>").match(/</g) ?? []).length;
  const found = tags(html);
  expect(angleBrackets - (html.startsWith("<!doctype html>") ? 1 : 0)).toBe(found.length);
  for (const { tag, attributes } of found) {
    expect(Object.keys(allowed), `unexpected <${tag}>`).toContain(tag);
    for (const { name, value } of attributes) {
      expect(allowed[tag], `unexpected ${name} on <${tag}>`).toContain(name);
      if (name === "href") expect(value).toMatch(/^(mailto:[^\s"<>]+@[^\s"<>]+|\/p\/[a-z0-9-]+\/[a-z0-9-]+\/refund-policy\/[a-z]{2})$/);
    }
  }
  expect(html).not.toMatch(/<script/i);
}

describe("the renderer escapes every text field", () => {
  it.each(XSS_CORPUS)("%s", (payload) => {
    const settings = settingsWith({
      contactPhone: payload.length <= 60 ? payload : "+1 555 0100",
      returnAddressKind: "po_box",
      returnAddress: payload,
      note: payload,
    });
    for (const lang of POLICY_LANGUAGES) {
      const html = documentToHtml(buildPolicyDocument(settings, lang, { shopName: payload }));
      expectOnlyOurMarkup(html, ALLOWED);
      expect(html).not.toContain("<script");
      expect(html).not.toMatch(/href="javascript/i);
      // Read back as text, the payload is all there, character for character.
      const text = htmlToTextBlocks(html)
        .map((b) => b.text)
        .join("\n");
      expect(text).toContain(payload);
    }
  });

  it("a multi-line corpus in the note stays text, line breaks and all", () => {
    const settings = settingsWith({ note: XSS_TEXT });
    const html = documentToHtml(buildPolicyDocument(settings, "en", { shopName: "Lumen" }));
    expectOnlyOurMarkup(html, ALLOWED);
    const note = htmlToTextBlocks(html).at(-1)!.text;
    expect(note).toBe(XSS_TEXT);
  });

  it("{email} typed by the merchant is text, not a link", () => {
    const settings = settingsWith({ note: "Write to {email}", contactPhone: "{email}" });
    const html = documentToHtml(buildPolicyDocument(settings, "en", { shopName: "{email}" }));
    expect(html).toContain("Write to {email}");
    expect((html.match(/<a /g) ?? []).length).toBe((html.match(/mailto:help@lumen\.example/g) ?? []).length);
  });

  it("the contact email refuses markup outright", () => {
    for (const payload of XSS_CORPUS) {
      expect(policySettingsSchema.safeParse({ ...FULL_SETTINGS_INPUT, contactEmail: payload }).success, payload).toBe(false);
    }
    expect(policySettingsSchema.safeParse({ ...FULL_SETTINGS_INPUT, contactEmail: '"><script>@x.example' }).success).toBe(false);
  });
});

describe("the public page escapes what it adds around the policy", () => {
  it.each(XSS_CORPUS)("store name %s", (payload) => {
    const settings = settingsWith({ note: payload, returnAddress: payload });
    const rendered = renderAllLanguages(settings, { shopName: payload });
    for (const lang of POLICY_LANGUAGES) {
      const html = policyPageHtml(
        { versionId: "v1", number: 1, languages: [...POLICY_LANGUAGES], defaultLanguage: "en", rendered, effectiveDate: "2026-03-01" },
        lang,
        "/p/northwind/lumen-home/refund-policy",
      );
      expectOnlyOurMarkup(html, PAGE_ALLOWED);
      expect(html).not.toContain("<script");
      const title = /<title>([^<]*)<\/title>/.exec(html)![1]!;
      expect(title).not.toContain("<");
    }
  });

  it("the 404 page is as bare", () => {
    for (const lang of POLICY_LANGUAGES) expectOnlyOurMarkup(notFoundPageHtml(lang), PAGE_ALLOWED);
  });
});
