"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CircleCheck } from "lucide-react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useOrganization } from "@/hooks/use-organization";
import { codeOf, useZodForm } from "@/hooks/use-zod-form";
import { formatDateTime } from "@/lib/format";
import { assignableRoles, ROLE_LABELS, ROLES } from "@/lib/roles";
import { emailSchema } from "@/lib/validation";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { RoleOptions } from "./role-options";
import { StoreGrantPicker } from "./store-grant-picker";

const EXPIRY_DAYS = [1, 3, 7, 14, 30] as const;

// Mirrors the server's createInvitationSchema, including its rule that a client needs a store.
const invitationFormSchema = z
  .object({
    email: emailSchema,
    role: z.enum(ROLES),
    storeIds: z.array(z.string()),
    expiresInDays: z.number().int(),
  })
  .superRefine((value, ctx) => {
    if (value.role === "client" && value.storeIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["storeIds"], message: "Choose at least one store this client may see." });
    }
  });

type CreatedInvitation = RouterOutputs["invitation"]["create"];

export function InviteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">
        <InviteFlow onClose={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}

function InviteFlow({ onClose }: { onClose: () => void }) {
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [round, setRound] = useState(0);
  if (created) {
    return (
      <InvitationCreated
        invitation={created}
        onAnother={() => {
          setCreated(null);
          setRound((r) => r + 1);
        }}
        onClose={onClose}
      />
    );
  }
  return <InviteForm key={round} onCreated={setCreated} />;
}

function InviteForm({ onCreated }: { onCreated: (invitation: CreatedInvitation) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const organization = useOrganization();
  const roles = assignableRoles(organization.role);
  const form = useZodForm(invitationFormSchema, { email: "", role: "agent", storeIds: [], expiresInDays: 7 });
  const create = useMutation(trpc.invitation.create.mutationOptions());

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = form.parse();
    if (!input) return;
    try {
      const invitation = await create.mutateAsync({ ...input, storeIds: input.role === "client" ? input.storeIds : [] });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.invitation.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
      ]);
      onCreated(invitation);
    } catch (error) {
      form.applyServerError(error, codeOf(error) === "CONFLICT" ? "email" : undefined);
    }
  }

  return (
    <>
      <DialogHeader>
        <DialogTitle>Invite a member</DialogTitle>
        <DialogDescription>They get a link to join {organization.name} with the role you choose.</DialogDescription>
      </DialogHeader>
      <form onSubmit={onSubmit} noValidate className="grid gap-4">
        {form.formError ? <Alert variant="destructive">{form.formError}</Alert> : null}
        <FormField label="Email" error={form.errors.email}>
          <Input
            type="email"
            autoFocus
            autoComplete="off"
            placeholder="name@example.com"
            value={form.values.email}
            onChange={(e) => form.set("email", e.target.value)}
          />
        </FormField>
        <FormField label="Role" error={form.errors.role}>
          <Select value={form.values.role} onValueChange={(v) => form.set("role", v as (typeof ROLES)[number])}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <RoleOptions roles={roles} />
            </SelectContent>
          </Select>
        </FormField>
        {form.values.role === "client" ? (
          <StoreGrantPicker value={form.values.storeIds} onChange={(ids) => form.set("storeIds", ids)} error={form.errors.storeIds} />
        ) : null}
        <FormField label="Link expires after" error={form.errors.expiresInDays} className="sm:max-w-52">
          <Select value={String(form.values.expiresInDays)} onValueChange={(v) => form.set("expiresInDays", Number(v))}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {EXPIRY_DAYS.map((days) => (
                <SelectItem key={days} value={String(days)}>
                  {days === 1 ? "1 day" : `${days} days`}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <DialogFooter className="mt-1">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button type="submit" loading={create.isPending}>
            Create invitation
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}

function InvitationCreated({ invitation, onAnother, onClose }: { invitation: CreatedInvitation; onAnother: () => void; onClose: () => void }) {
  return (
    <>
      <DialogHeader>
        <div className="mb-1 flex size-9 items-center justify-center rounded-full bg-success/10 text-success">
          <CircleCheck className="size-5" aria-hidden />
        </div>
        <DialogTitle>Invitation created</DialogTitle>
        <DialogDescription>
          {invitation.email} can join as {ROLE_LABELS[invitation.role]} until {formatDateTime(invitation.expiresAt)}. The link works once.
        </DialogDescription>
      </DialogHeader>
      <FormField label="Invitation link" hint="Anyone with this link can see the invitation; only the invited email can accept it.">
        <div className="flex gap-2">
          <Input readOnly value={invitation.link} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={invitation.link} size="md" />
        </div>
      </FormField>
      {invitation.emailed ? (
        <Alert variant="success">We emailed the link to {invitation.email}.</Alert>
      ) : (
        <Alert variant="warning" title="Not emailed">
          Email sending is not set up on this server. Copy the link and send it to {invitation.email} yourself.
        </Alert>
      )}
      <DialogFooter>
        <Button variant="secondary" onClick={onAnother}>
          Invite another
        </Button>
        <Button onClick={onClose}>Done</Button>
      </DialogFooter>
    </>
  );
}
