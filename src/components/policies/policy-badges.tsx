import { TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { pluralize } from "@/lib/format";
import { LANGUAGE_LABELS, type PolicyLanguage } from "@/lib/policy/settings";

export type PolicyStatus = "unpublished" | "published" | "changed";

export function PolicyStatusBadge({ status, number }: { status: PolicyStatus; number?: number | null }) {
  if (status === "unpublished") return <Badge variant="outline">Not published</Badge>;
  if (status === "changed") return <Badge variant="primary">v{number} · unpublished changes</Badge>;
  return <Badge variant="success">Published v{number}</Badge>;
}

export function WarningCountBadge({ count }: { count: number }) {
  if (!count) return null;
  return (
    <Badge variant="warning">
      <TriangleAlert aria-hidden />
      {pluralize(count, "warning")}
    </Badge>
  );
}

/** "EN · DE · KO", the default first and underlined. */
export function LanguageCodes({ languages, defaultLanguage }: { languages: PolicyLanguage[]; defaultLanguage?: PolicyLanguage }) {
  const ordered = defaultLanguage ? [defaultLanguage, ...languages.filter((l) => l !== defaultLanguage)] : languages;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {ordered.map((lang) => (
        <abbr
          key={lang}
          title={`${LANGUAGE_LABELS[lang]}${lang === defaultLanguage ? " (default)" : ""}`}
          className={lang === defaultLanguage ? "font-semibold text-foreground no-underline" : "text-muted-foreground no-underline"}
        >
          {lang.toUpperCase()}
        </abbr>
      ))}
    </span>
  );
}

const calendar = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** "2026-03-01" → "Mar 1, 2026": a calendar date, the same in every time zone. */
export function formatCalendarDate(date: string): string {
  return calendar.format(new Date(`${date}T00:00:00Z`));
}
