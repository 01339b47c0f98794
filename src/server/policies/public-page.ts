import { createHash } from "node:crypto";
import { PHRASES } from "@/lib/policy/i18n";
import { escapeHtml, formatPolicyDate, type RenderedPolicy } from "@/lib/policy/render";
import type { PolicyLanguage } from "@/lib/policy/settings";

/**
 * The public policy page as one complete HTML document: no script, no external resource, one
 * inline style block allowed by its hash. Readable on a phone; prints cleanly.
 */

const STYLE = `
:root{color-scheme:light dark;--fg:#1d2129;--muted:#5b6472;--bg:#fff;--line:#e3e6eb;--accent:#2f5bd3}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaee;--muted:#a3abb8;--bg:#14161a;--line:#2c3038;--accent:#8fa9ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.65 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",sans-serif;overflow-wrap:anywhere}
.page{max-width:44rem;margin:0 auto;padding:1.25rem 1.125rem 3rem}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem .5rem;list-style:none;margin:0 0 1.5rem;padding:0;font-size:.875rem}
nav a,nav span{display:inline-block;padding:.25rem .625rem;border:1px solid var(--line);border-radius:999px;color:var(--accent);text-decoration:none}
nav span{color:var(--fg);font-weight:600;border-color:var(--fg)}
h1{font-size:1.625rem;line-height:1.25;margin:0 0 .375rem;letter-spacing:-.01em}
h2{font-size:1.125rem;line-height:1.35;margin:2rem 0 .5rem;padding-top:1rem;border-top:1px solid var(--line)}
.effective{margin:0 0 1.5rem;color:var(--muted);font-size:.9375rem}
p,ul{margin:0 0 .75rem}
ul{padding-left:1.25rem}
li{margin:.25rem 0}
a{color:var(--accent)}
.policy-address{padding:.75rem 1rem;border-left:3px solid var(--line);white-space:normal}
@media (min-width:40rem){.page{padding:2.5rem 2rem 4rem}h1{font-size:2rem}}
@media print{nav{display:none}body{font-size:11pt}h2{break-after:avoid}}
`.trim();

export const STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

/** Nothing may load or run: the one inline style is allowed by its hash, everything else is refused. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${STYLE_HASH}'`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export interface PublicPolicyVersion {
  versionId: string;
  number: number;
  languages: PolicyLanguage[];
  defaultLanguage: PolicyLanguage;
  rendered: Record<string, RenderedPolicy>;
  effectiveDate: string;
}

function shell(htmlLang: string, title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(htmlLang)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${escapeHtml(title)}</title>
${head}<style>${STYLE}</style>
</head>
<body>
<div class="page">
${body}
</div>
</body>
</html>
`;
}

/** The page of one published language, with links to the others. `basePath` is …/refund-policy. */
export function policyPageHtml(version: PublicPolicyVersion, lang: PolicyLanguage, basePath: string): string {
  const t = PHRASES[lang];
  const rendered = version.rendered[lang]!;
  const href = (l: PolicyLanguage) => `${basePath}/${l}`;
  const alternates = version.languages
    .map((l) => `<link rel="alternate" hreflang="${PHRASES[l].htmlLang}" href="${escapeHtml(href(l))}">`)
    .join("\n");
  const nav =
    version.languages.length > 1
      ? `<nav aria-label="${escapeHtml(t.languagesLabel)}"><ul>${version.languages
          .map((l) =>
            l === lang
              ? `<li><span aria-current="page" lang="${PHRASES[l].htmlLang}">${escapeHtml(PHRASES[l].name)}</span></li>`
              : `<li><a href="${escapeHtml(href(l))}" hreflang="${PHRASES[l].htmlLang}" lang="${PHRASES[l].htmlLang}">${escapeHtml(PHRASES[l].name)}</a></li>`,
          )
          .join("")}</ul></nav>\n`
      : "";
  const body = `${nav}<header>
<h1>${escapeHtml(rendered.title)}</h1>
<p class="effective"><time datetime="${escapeHtml(version.effectiveDate)}">${escapeHtml(t.effectiveFrom(formatPolicyDate(version.effectiveDate, lang)))}</time></p>
</header>
<main>
${rendered.html}
</main>`;
  return shell(t.htmlLang, rendered.title, `${alternates}\n`, body);
}

/** The small page for anything not published: in the language asked for when we know it. */
export function notFoundPageHtml(lang: PolicyLanguage = "en"): string {
  const t = PHRASES[lang];
  return shell(t.htmlLang, t.notFound.title, "", `<main>\n<h1>${escapeHtml(t.notFound.title)}</h1>\n<p>${escapeHtml(t.notFound.body)}</p>\n</main>`);
}
