"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { ArrowLeft, ArrowUpRight, Download, FileSearch, Save, Send } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useToast } from "@/components/ui/toast";
import { useOrganization } from "@/hooks/use-organization";
import { codeOf, messageOf, useZodForm } from "@/hooks/use-zod-form";
import { mergeValidFields, policySettingsSchema, settingsKey, templateDocument, type PolicyLanguage, type PolicySettings } from "@/lib/policy/settings";
import { policyWarnings } from "@/lib/policy/warnings";
import { cn } from "@/lib/utils";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { formatCalendarDate } from "./policy-badges";
import { PolicyForm, type FieldErrors } from "./policy-form";
import { PolicyHistory } from "./policy-history";
import { PolicyPreview } from "./policy-preview";
import { PolicyWarnings } from "./policy-warnings";
import { PublishDialog, type PublishRequest } from "./publish-dialog";
import { SupplierTermsCard } from "./supplier-terms";

type PolicyData = RouterOutputs["policy"]["get"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function PolicyBuilder({ storeId }: { storeId: string }) {
  const trpc = useTRPC();
  const valid = UUID.test(storeId);
  const query = useQuery({ ...trpc.policy.get.queryOptions({ storeId }), enabled: valid, retry: (count, error) => codeOf(error) !== "NOT_FOUND" && count < 2 });
  const [lang, setLang] = useState<PolicyLanguage | null>(null);

  if (!valid || (query.isError && ["NOT_FOUND", "BAD_REQUEST"].includes(codeOf(query.error) ?? ""))) {
    return (
      <PageContainer>
        <BackLink />
        <Card className="mt-4">
          <EmptyState
            icon={FileSearch}
            title="This store isn't here"
            description="It may be a store you can't see, or the link is mistyped."
            action={
              <Button asChild size="sm" variant="secondary">
                <Link href="/policies">Go to policies</Link>
              </Button>
            }
          />
        </Card>
      </PageContainer>
    );
  }
  if (query.isError) {
    return (
      <PageContainer>
        <BackLink />
        <Alert variant="destructive" title="The policy could not be loaded" className="mt-4">
          {query.error.message}
        </Alert>
      </PageContainer>
    );
  }
  if (!query.data) {
    return (
      <PageContainer className="grid max-w-7xl gap-6" aria-busy>
        <Skeleton className="h-10 w-72" />
        <div className="grid gap-6 lg:grid-cols-2">
          <Skeleton className="h-[32rem] rounded-xl" />
          <Skeleton className="h-[32rem] rounded-xl" />
        </div>
      </PageContainer>
    );
  }
  return <PolicyEditor data={query.data} lang={lang ?? query.data.draft.defaultLanguage} onLangChange={setLang} />;
}

function BackLink() {
  return (
    <Link href="/policies" className="inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground">
      <ArrowLeft className="size-4" aria-hidden />
      Policies
    </Link>
  );
}

function PolicyEditor({ data, lang, onLangChange }: { data: PolicyData; lang: PolicyLanguage; onLangChange: (lang: PolicyLanguage) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const organization = useOrganization();
  const canPublish = organization.can("policies:publish");
  const form = useZodForm(policySettingsSchema, data.draft);
  // What this form edits on top of: the version it last saw saved. A save by someone else since
  // then is refused by the server (CONFLICT) rather than silently overwritten.
  const [base, setBase] = useState({ version: data.version, draft: data.draft });
  const [publishing, setPublishing] = useState(false);
  const [tab, setTab] = useState("builder");
  // On a phone the form and the preview take turns; from 1024px up they sit side by side.
  const [pane, setPane] = useState<"edit" | "preview">("edit");
  const saveDraft = useMutation(trpc.policy.saveDraft.mutationOptions());
  const publish = useMutation(trpc.policy.publish.mutationOptions());

  // Half-typed values preview with the last saved value of whatever is not valid yet.
  const preview: PolicySettings = useMemo(() => mergeValidFields(form.values, base.draft), [form.values, base.draft]);
  const warnings = useMemo(() => policyWarnings(preview, data.store.supplierTerms), [preview, data.store.supplierTerms]);
  const unsaved = base.version === 0 || settingsKey(preview) !== settingsKey(base.draft) || !policySettingsSchema.safeParse(form.values).success;
  const upToDate = data.published !== null && settingsKey(preview) === settingsKey(data.published.settings);
  const conflict = codeOf(saveDraft.error) === "CONFLICT" || codeOf(publish.error) === "CONFLICT";

  useEffect(() => {
    if (!unsaved || !canPublish) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved, canPublish]);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
  }

  async function reload() {
    const fresh = await queryClient.fetchQuery({ ...trpc.policy.get.queryOptions({ storeId: data.store.id }), staleTime: 0 });
    form.reset(fresh.draft);
    setBase({ version: fresh.version, draft: fresh.draft });
    saveDraft.reset();
    publish.reset();
  }

  function parsedOrShowErrors(): PolicySettings | null {
    const settings = form.parse();
    if (!settings) toast.error("Some settings need fixing", "They are marked in the form.");
    return settings;
  }

  async function onSave() {
    const settings = parsedOrShowErrors();
    if (!settings) return;
    try {
      const result = await saveDraft.mutateAsync({ storeId: data.store.id, version: base.version, settings });
      setBase({ version: result.version, draft: settings });
      await refresh();
      toast.success(result.changed ? "Draft saved" : "Nothing new to save");
    } catch (error) {
      form.applyServerError(error);
    }
  }

  async function onPublish(request: PublishRequest): Promise<string | null> {
    const settings = form.parse();
    if (!settings) return "Some settings need fixing; they are marked in the form.";
    try {
      const result = await publish.mutateAsync({ storeId: data.store.id, version: base.version, settings, ...request });
      setBase({ version: result.version, draft: settings });
      await refresh();
      toast.success(`Version ${result.number} published`, `Effective ${formatCalendarDate(result.effectiveDate)}.`);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  function onExport() {
    const blob = new Blob([`${JSON.stringify(templateDocument(preview), null, 2)}\n`], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${data.store.slug}-policy-template.json`;
    a.click();
    URL.revokeObjectURL(url);
  }

  const status = data.published
    ? `Version ${data.published.number} published, effective ${formatCalendarDate(data.published.effectiveDate)}.`
    : "Not published yet.";

  return (
    <PageContainer className="grid max-w-7xl gap-5">
      <BackLink />
      <PageHeader
        title={`${data.store.name} refund policy`}
        description={
          <span data-testid="policy-status">
            {status} {unsaved && canPublish ? "You have unsaved changes." : !upToDate && data.hasDraft && data.published ? "The saved draft differs from it." : ""}
          </span>
        }
        actions={
          <>
            {data.published ? (
              <Button asChild variant="ghost" size="sm">
                <a href={data.publicPath} target="_blank" rel="noreferrer">
                  Public page
                  <ArrowUpRight aria-hidden />
                </a>
              </Button>
            ) : null}
            <Button variant="secondary" size="sm" onClick={onExport}>
              <Download aria-hidden />
              Export JSON
            </Button>
            {canPublish ? (
              <>
                <Button variant="secondary" size="sm" onClick={() => void onSave()} loading={saveDraft.isPending} disabled={!unsaved}>
                  <Save aria-hidden />
                  Save draft
                </Button>
                <Button
                  size="sm"
                  disabled={upToDate}
                  onClick={() => {
                    if (parsedOrShowErrors()) setPublishing(true);
                  }}
                >
                  <Send aria-hidden />
                  {upToDate ? "Published" : "Publish…"}
                </Button>
              </>
            ) : null}
          </>
        }
      />

      {conflict ? (
        <Alert variant="destructive" title="Someone else changed this policy">
          <span className="flex flex-wrap items-center gap-3">
            Reload to see their version; your unsaved changes will be replaced.
            <Button size="sm" variant="secondary" onClick={() => void reload()}>
              Reload
            </Button>
          </span>
        </Alert>
      ) : form.formError ? (
        <Alert variant="destructive">{form.formError}</Alert>
      ) : null}

      <Tabs value={tab} onValueChange={setTab}>
        <TabsList>
          <TabsTrigger value="builder">Builder</TabsTrigger>
          <TabsTrigger value="history">History</TabsTrigger>
        </TabsList>
        <TabsContent value="builder">
          <div role="group" aria-label="Show" className="mb-4 grid grid-cols-2 gap-1 rounded-lg bg-muted p-1 lg:hidden">
            {(["edit", "preview"] as const).map((p) => (
              <button
                key={p}
                type="button"
                aria-pressed={pane === p}
                onClick={() => setPane(p)}
                className={cn("h-8 rounded-md text-[13px] font-medium text-muted-foreground", pane === p && "bg-card text-foreground shadow-xs")}
              >
                {p === "edit" ? "Settings" : "Preview"}
              </button>
            ))}
          </div>
          <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
            <div className={cn("grid min-w-0 content-start gap-4", pane === "preview" && "hidden lg:grid")}>
              {!canPublish ? (
                <Alert>You can read this policy. Editing and publishing it needs the owner or an admin.</Alert>
              ) : null}
              <PolicyWarnings warnings={warnings} loss={data.loss} supplierName={data.store.supplierTerms.supplierName} />
              <SupplierTermsCard storeId={data.store.id} terms={data.store.supplierTerms} canEdit={organization.can("stores:manage")} />
              <PolicyForm values={form.values} set={form.set} errors={form.errors as FieldErrors} disabled={!canPublish} terms={data.store.supplierTerms} />
            </div>
            <div className={cn("min-w-0 lg:sticky lg:top-4 lg:self-start", pane === "edit" && "hidden lg:block")}>
              <PolicyPreview
                settings={preview}
                shopName={data.store.name}
                lang={lang}
                onLangChange={onLangChange}
                effectiveDate={data.published && upToDate ? data.published.effectiveDate : data.today}
              />
            </div>
          </div>
        </TabsContent>
        <TabsContent value="history">
          <PolicyHistory storeId={data.store.id} />
        </TabsContent>
      </Tabs>

      {canPublish && publishing ? (
        <PublishDialog
          open={publishing}
          onOpenChange={setPublishing}
          settings={preview}
          published={data.published?.settings ?? null}
          nextNumber={(data.published?.number ?? 0) + 1}
          warningCount={warnings.length}
          today={data.today}
          onPublish={onPublish}
        />
      ) : null}
    </PageContainer>
  );
}
