"use client";

import { useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { buildPolicyDocument, documentToHtml, formatPolicyDate, type PolicyBlock, type PolicyDocument } from "@/lib/policy/render";
import { PHRASES } from "@/lib/policy/i18n";
import { LANGUAGE_LABELS, POLICY_LANGUAGES, type PolicyLanguage, type PolicySettings } from "@/lib/policy/settings";
import { cn } from "@/lib/utils";

/**
 * The page as customers will read it, rendered in the browser from the same function the server
 * publishes with. Everything is React text: no HTML string is ever injected here.
 */
export function PolicyPreview({
  settings,
  shopName,
  lang,
  onLangChange,
  effectiveDate,
}: {
  settings: PolicySettings;
  shopName: string;
  lang: PolicyLanguage;
  onLangChange: (lang: PolicyLanguage) => void;
  effectiveDate: string;
}) {
  const doc = useMemo(() => buildPolicyDocument(settings, lang, { shopName }), [settings, lang, shopName]);
  const html = useMemo(() => documentToHtml(doc), [doc]);
  const published = settings.languages.includes(lang);

  return (
    <Card className="overflow-hidden" aria-label="Preview">
      <CardHeader className="border-b pb-3">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <CardTitle>Preview</CardTitle>
          {!published ? <Badge variant="outline">Not among the published languages</Badge> : null}
        </div>
        <CopyButton value={html} label="Copy as HTML" copiedLabel="HTML copied" />
      </CardHeader>
      <div role="tablist" aria-label="Preview language" className="flex gap-1 overflow-x-auto border-b bg-muted/40 px-3 py-2">
        {POLICY_LANGUAGES.map((l) => (
          <button
            key={l}
            type="button"
            role="tab"
            aria-selected={l === lang}
            onClick={() => onLangChange(l)}
            className={cn(
              "shrink-0 rounded-md px-2.5 py-1 text-[13px] font-medium text-muted-foreground transition-colors hover:text-foreground",
              l === lang && "bg-card text-foreground shadow-xs",
              !settings.languages.includes(l) && "opacity-60",
            )}
          >
            {LANGUAGE_LABELS[l]}
          </button>
        ))}
      </div>
      <PolicyDocumentView doc={doc} effectiveDate={effectiveDate} />
    </Card>
  );
}

function Block({ block }: { block: PolicyBlock }) {
  if (block.kind === "ul") {
    return (
      <ul className="mb-3 list-disc space-y-1 pl-5">
        {block.items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    );
  }
  if (block.kind === "address") {
    return (
      <p className="mb-3 border-l-2 py-1 pl-3">
        {block.lines.map((line, i) => (
          <span key={i} className="block">
            {line}
          </span>
        ))}
      </p>
    );
  }
  return (
    <p className="mb-3 whitespace-pre-line">
      {block.parts.map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} className="text-primary underline underline-offset-2">
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

export function PolicyDocumentView({ doc, effectiveDate }: { doc: PolicyDocument; effectiveDate: string }) {
  return (
    <article lang={doc.htmlLang} className="max-h-none px-5 py-5 text-[15px] leading-relaxed text-foreground lg:max-h-[calc(100dvh-14rem)] lg:overflow-y-auto" data-testid="policy-preview">
      <h1 className="text-xl font-semibold leading-tight tracking-tight">{doc.title}</h1>
      <p className="mb-4 mt-1 text-sm text-muted-foreground">{PHRASES[doc.lang].effectiveFrom(formatPolicyDate(effectiveDate, doc.lang))}</p>
      <p className="mb-3">{doc.intro}</p>
      {doc.sections.map((section) => (
        <section key={section.id} data-section={section.id}>
          <h2 className="mb-2 mt-5 border-t pt-4 text-base font-semibold">{section.heading}</h2>
          {section.blocks.map((block, i) => (
            <Block key={i} block={block} />
          ))}
        </section>
      ))}
    </article>
  );
}
