"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { messageOf } from "@/hooks/use-zod-form";
import { Alert } from "@/components/ui/alert";
import { StoreGrantPicker } from "./store-grant-picker";

/** Choose the stores a client member may see; saving makes them a client with exactly those grants. */
export function StoreGrantDialog({
  open,
  onOpenChange,
  memberName,
  initialStoreIds,
  onSave,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  memberName: string;
  initialStoreIds: string[];
  onSave: (storeIds: string[]) => Promise<void>;
}) {
  const [storeIds, setStoreIds] = useState(initialStoreIds);
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function save() {
    if (storeIds.length === 0) {
      setError("Choose at least one store this client may see.");
      return;
    }
    setPending(true);
    setFormError(null);
    try {
      await onSave(storeIds);
    } catch (caught) {
      setFormError(messageOf(caught));
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Stores {memberName} can see</DialogTitle>
          <DialogDescription>As a client, they see only these stores: their orders, cases and reports, read-only.</DialogDescription>
        </DialogHeader>
        {formError ? <Alert variant="destructive">{formError}</Alert> : null}
        <StoreGrantPicker
          label="Stores"
          value={storeIds}
          onChange={(ids) => {
            setStoreIds(ids);
            if (ids.length > 0) setError(null);
          }}
          error={error}
        />
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button loading={pending} onClick={() => void save()}>
            Save
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
