"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { pluralize } from "@/lib/format";
import { describeSettingsChanges } from "@/lib/policy/diff";
import { LANGUAGE_LABELS, type PolicySettings } from "@/lib/policy/settings";

export interface PublishRequest {
  note?: string;
  effectiveDate: string;
}

/** What publishing will change, then a date and a note for the history. */
export function PublishDialog({
  open,
  onOpenChange,
  settings,
  published,
  nextNumber,
  warningCount,
  today,
  onPublish,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  settings: PolicySettings;
  published: PolicySettings | null;
  nextNumber: number;
  warningCount: number;
  today: string;
  onPublish: (request: PublishRequest) => Promise<string | null>;
}) {
  const [note, setNote] = useState("");
  const [effectiveDate, setEffectiveDate] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changes = published ? describeSettingsChanges(published, settings) : [];

  async function submit() {
    setBusy(true);
    setError(null);
    const failure = await onPublish({ note: note.trim() || undefined, effectiveDate });
    setBusy(false);
    if (failure) setError(failure);
    else {
      setNote("");
      onOpenChange(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Publish version {nextNumber}?</DialogTitle>
          <DialogDescription>
            The public page switches to it at once, in {settings.languages.map((l) => LANGUAGE_LABELS[l]).join(", ")} ({LANGUAGE_LABELS[settings.defaultLanguage]} by
            default).
          </DialogDescription>
        </DialogHeader>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        {published ? (
          <div className="grid gap-1.5 text-sm">
            <p className="font-medium">Changes from version {nextNumber - 1}</p>
            <ul className="grid gap-1" aria-label="Changes">
              {changes.map((c) => (
                <li key={c} className="text-muted-foreground">
                  {c}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {warningCount ? (
          <Alert variant="warning">This policy still promises more than the supplier accepts ({pluralize(warningCount, "warning")}).</Alert>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Effective from" hint="The store's calendar date.">
            <Input type="date" min={today} value={effectiveDate} onChange={(e) => setEffectiveDate(e.target.value)} />
          </FormField>
          <FormField label="Note" optional hint="Shown in the version history.">
            <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </FormField>
        </div>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button loading={busy} onClick={() => void submit()}>
            Publish version {nextNumber}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
