"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ChevronDown, History } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { SkeletonRows } from "@/components/ui/skeleton";
import { LANGUAGE_LABELS, type PolicyLanguage } from "@/lib/policy/settings";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { formatCalendarDate, LanguageCodes } from "./policy-badges";

/** Every published version, newest first: who published it, when, from when it applies, and what changed. */
export function PolicyHistory({ storeId }: { storeId: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.policy.versions.queryOptions({ storeId }));
  if (versions.isPending) return <SkeletonRows rows={3} />;
  if (versions.isError) return <Alert variant="destructive">{versions.error.message}</Alert>;
  if (!versions.data.length) {
    return (
      <Card>
        <EmptyState icon={History} title="Nothing published yet" description="Each time you publish, the version appears here with what it changed." />
      </Card>
    );
  }
  return (
    <ol className="grid gap-3" aria-label="Published versions">
      {versions.data.map((version, index) => (
        <li key={version.id}>
          <Card data-testid={`policy-version-${version.number}`}>
            <CardHeader className="pb-2">
              <div className="grid gap-1">
                <CardTitle className="flex flex-wrap items-center gap-2">
                  Version {version.number}
                  {index === 0 ? <Badge variant="success">Live</Badge> : null}
                </CardTitle>
                <p className="text-[13px] text-muted-foreground">
                  Published <LocalTime date={version.publishedAt} /> by {version.publishedByLabel} · effective {formatCalendarDate(version.effectiveDate)}
                </p>
              </div>
              <LanguageCodes languages={version.languages} defaultLanguage={version.defaultLanguage} />
            </CardHeader>
            <CardContent className="grid gap-3">
              {version.note ? <p className="text-sm italic">“{version.note}”</p> : null}
              {version.changes === null ? (
                <p className="text-sm text-muted-foreground">{version.number === 1 ? "The first published version." : "Compare the text to see what changed."}</p>
              ) : version.changes.length ? (
                <ul className="grid gap-1 text-sm" aria-label={`Changes in version ${version.number}`}>
                  {version.changes.map((change) => (
                    <li key={change} className="flex gap-2">
                      <span aria-hidden className="text-muted-foreground">•</span>
                      <span>{change}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">Same settings as the version before.</p>
              )}
              {version.number > 1 ? <TextChanges storeId={storeId} number={version.number} languages={version.languages} /> : null}
            </CardContent>
          </Card>
        </li>
      ))}
    </ol>
  );
}

function TextChanges({ storeId, number, languages }: { storeId: string; number: number; languages: PolicyLanguage[] }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [lang, setLang] = useState<PolicyLanguage>(languages[0] ?? "en");
  const compare = useQuery({ ...trpc.policy.compare.queryOptions({ storeId, number }), enabled: open });
  const lines = compare.data?.text.find((t) => t.lang === lang)?.lines ?? [];
  const changed = lines.filter((l) => l.op !== "same");

  return (
    <div>
      <Button variant="ghost" size="sm" aria-expanded={open} onClick={() => setOpen(!open)} className="-ml-2">
        <ChevronDown aria-hidden className={cn("transition-transform", open && "rotate-180")} />
        Text changes from version {number - 1}
      </Button>
      {open ? (
        <div className="mt-2 grid gap-2">
          <div role="tablist" aria-label="Language" className="flex flex-wrap gap-1">
            {(compare.data?.text.map((t) => t.lang) ?? languages).map((l) => (
              <button
                key={l}
                type="button"
                role="tab"
                aria-selected={l === lang}
                onClick={() => setLang(l)}
                className={cn("rounded-md border px-2 py-0.5 text-xs font-medium", l === lang ? "border-foreground" : "text-muted-foreground")}
              >
                {LANGUAGE_LABELS[l]}
              </button>
            ))}
          </div>
          {compare.isPending ? (
            <SkeletonRows rows={2} />
          ) : compare.isError ? (
            <Alert variant="destructive">{compare.error.message}</Alert>
          ) : changed.length === 0 ? (
            <p className="text-sm text-muted-foreground">The {LANGUAGE_LABELS[lang]} text did not change.</p>
          ) : (
            <div className="grid gap-1 rounded-lg border p-2 text-sm" data-testid="policy-text-diff">
              {changed.map((line, i) => (
                <p
                  key={i}
                  className={cn(
                    "whitespace-pre-line rounded px-2 py-1",
                    line.kind === "heading" && "font-semibold",
                    line.op === "added" ? "bg-success/10" : "bg-destructive/8 text-muted-foreground",
                  )}
                >
                  <span className="sr-only">{line.op === "added" ? "Added: " : "Removed: "}</span>
                  <span aria-hidden className="mr-1.5 font-mono text-xs">
                    {line.op === "added" ? "+" : "−"}
                  </span>
                  <span className={cn(line.op === "removed" && "line-through decoration-destructive/50")}>{line.text}</span>
                </p>
              ))}
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}
