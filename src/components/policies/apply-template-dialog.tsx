"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CircleCheck, FileJson } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/hooks/use-zod-form";
import { pluralize } from "@/lib/format";
import { parsePolicyFile } from "@/lib/policy/file";
import { templateOf, type PolicySettingsFile } from "@/lib/policy/settings";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

type StoreRow = RouterOutputs["policy"]["list"][number];
type Result = RouterOutputs["policy"]["applyTemplate"]["results"][number];

/**
 * Applies a template (exported from any store's builder) to many stores in one go. Each store keeps
 * its own contact email, phone and return address, so a store needs a saved contact email first.
 */
export function ApplyTemplateDialog({ open, onOpenChange, stores }: { open: boolean; onOpenChange: (open: boolean) => void; stores: StoreRow[] }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Apply a template</DialogTitle>
          <DialogDescription>
            Use a policy exported from one store (Export JSON in its builder) for many. Each store keeps its own contact details and
            return address.
          </DialogDescription>
        </DialogHeader>
        {open ? <ApplyTemplateForm stores={stores} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function ApplyTemplateForm({ stores, onDone }: { stores: StoreRow[]; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [publish, setPublish] = useState(true);
  const [note, setNote] = useState("");
  const [results, setResults] = useState<Result[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const apply = useMutation(trpc.policy.applyTemplate.mutationOptions());

  const parsed = text.trim() ? parsePolicyFile(text) : null;
  const settings: PolicySettingsFile | null = parsed?.ok ? parsed.settings : null;
  const eligible = stores.filter((s) => s.hasContact);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
  }

  async function onApply() {
    if (!settings || !selected.length) return;
    setError(null);
    try {
      const result = await apply.mutateAsync({
        template: templateOf(settings),
        publish,
        note: note.trim() || undefined,
        stores: stores.filter((s) => selected.includes(s.storeId)).map((s) => ({ storeId: s.storeId, version: s.version })),
      });
      setResults(result.results);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
      ]);
      toast.success("Template applied", pluralize(result.results.length, "store"));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  if (results) {
    return (
      <div className="grid gap-4">
        <ul className="grid gap-2 text-sm" aria-label="Results">
          {results.map((r) => (
            <li key={r.storeId} className="flex items-center gap-2">
              <CircleCheck className="size-4 shrink-0 text-success" aria-hidden />
              <span className="font-medium">{r.storeName}</span>
              <span className="text-muted-foreground">
                {r.outcome === "published" ? `published as version ${r.number}` : r.outcome === "draft_saved" ? "saved as a draft" : "already up to date"}
              </span>
            </li>
          ))}
        </ul>
        <DialogFooter>
          <Button onClick={onDone}>Done</Button>
        </DialogFooter>
      </div>
    );
  }

  return (
    <div className="grid gap-5">
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <div className="grid gap-3">
        <FormField label="Template file" hint={fileName ? `Read ${fileName}.` : "A .json file exported from a store's builder."}>
          <Input type="file" accept="application/json,.json" onChange={(e) => void onFile(e.target.files?.[0])} className="h-auto py-1.5" />
        </FormField>
        <FormField label="…or paste its JSON" optional>
          <Textarea value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} className="min-h-24 font-mono text-xs" placeholder='{"format": "recoup-policy-template", …}' />
        </FormField>
        {parsed && !parsed.ok ? (
          <Alert variant="destructive" title="This template cannot be used">
            <ul className="list-disc pl-4">
              {parsed.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </Alert>
        ) : settings ? (
          <Alert variant="success">
            <span className="inline-flex items-center gap-1.5">
              <FileJson className="size-4" aria-hidden />
              A valid template: {pluralize(settings.languages.length, "language")}, {pluralize(settings.returnWindowDays, "day")} to return.
            </span>
          </Alert>
        ) : null}
      </div>

      <fieldset className="grid gap-2">
        <legend className="mb-2 flex w-full items-center justify-between gap-2 text-[13px] font-medium">
          Stores
          <Button variant="link" size="sm" onClick={() => setSelected(selected.length === eligible.length ? [] : eligible.map((s) => s.storeId))}>
            {selected.length === eligible.length ? "Clear" : "Select all"}
          </Button>
        </legend>
        <div className="grid max-h-56 gap-1 overflow-y-auto rounded-lg border p-2">
          {stores.map((store) => (
            <label key={store.storeId} className="flex cursor-pointer items-start gap-2.5 rounded-md px-2 py-1.5 text-sm hover:bg-muted has-disabled:cursor-not-allowed">
              <Checkbox
                className="mt-0.5"
                checked={selected.includes(store.storeId)}
                disabled={!store.hasContact}
                onChange={(e) => setSelected(e.target.checked ? [...selected, store.storeId] : selected.filter((id) => id !== store.storeId))}
              />
              <span className="min-w-0">
                <span className="block font-medium">{store.storeName}</span>
                {!store.hasContact ? (
                  <span className="block text-xs text-muted-foreground">Save a contact email in its builder first.</span>
                ) : null}
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-3">
        <Switch checked={publish} onCheckedChange={setPublish} label="Publish now (otherwise save as each store's draft)" />
        {publish ? (
          <FormField label="Note for the version history" optional>
            <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </FormField>
        ) : null}
      </div>

      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button disabled={!settings || !selected.length} loading={apply.isPending} onClick={() => void onApply()}>
          {publish ? "Publish" : "Save drafts"} for {pluralize(selected.length, "store")}
        </Button>
      </DialogFooter>
    </div>
  );
}
