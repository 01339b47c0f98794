"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MailPlus, Pencil, Trash2, UserPlus, Users } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectTrigger, SelectValue } from "@/components/ui/select";
import { SkeletonRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { LocalTime } from "@/components/ui/local-time";
import { useOrganization } from "@/hooks/use-organization";
import { messageOf } from "@/hooks/use-zod-form";
import { assignableRoles, ROLE_LABELS, type Role } from "@/lib/roles";
import { cn } from "@/lib/utils";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { useSession } from "next-auth/react";
import { InviteDialog } from "./invite-dialog";
import { RoleOptions } from "./role-options";
import { StoreGrantDialog } from "./store-grant-dialog";

type Member = RouterOutputs["member"]["list"][number];

export function MemberSettings() {
  const organization = useOrganization();
  const canManage = organization.can("members:manage");
  const [inviting, setInviting] = useState(false);
  return (
    <div className="grid gap-6">
      <MemberTable canManage={canManage} onInvite={() => setInviting(true)} />
      {canManage ? <PendingInvitations onInvite={() => setInviting(true)} /> : null}
      {canManage ? <InviteDialog open={inviting} onOpenChange={setInviting} /> : null}
    </div>
  );
}

function MemberTable({ canManage, onInvite }: { canManage: boolean; onInvite: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const organization = useOrganization();
  const { data: session } = useSession();
  const members = useQuery(trpc.member.list.queryOptions());
  const stores = useQuery({ ...trpc.store.list.queryOptions({ includeArchived: true }), enabled: members.isSuccess });
  const changeRole = useMutation(trpc.member.changeRole.mutationOptions());
  const remove = useMutation(trpc.member.remove.mutationOptions());
  const [granting, setGranting] = useState<{ member: Member; storeIds: string[] } | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const assignable = assignableRoles(organization.role);
  const storeNames = new Map(stores.data?.map((s) => [s.id, s.name]));

  const manageable = (member: Member) => canManage && member.userId !== session?.user.id && assignable.includes(member.role);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.member.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
  }

  async function applyRole(member: Member, role: Role, storeIds?: string[]) {
    setPendingId(member.userId);
    try {
      await changeRole.mutateAsync({ userId: member.userId, role, storeIds });
      await refresh();
      toast.success("Role changed", `${member.name || member.email} is now ${ROLE_LABELS[role].toLowerCase()}.`);
    } catch (error) {
      toast.error("Could not change the role", messageOf(error));
      throw error;
    } finally {
      setPendingId(null);
    }
  }

  function onRoleChange(member: Member, role: Role) {
    // A client sees only granted stores, so choosing the role means choosing the stores too.
    if (role === "client") setGranting({ member, storeIds: member.storeIds });
    else void applyRole(member, role).catch(() => undefined);
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Members</CardTitle>
          <CardDescription>
            {members.data ? `${members.data.length} ${members.data.length === 1 ? "person has" : "people have"} access to ${organization.name}.` : "People with access to this organization."}
          </CardDescription>
        </div>
        {canManage ? (
          <Button size="sm" onClick={onInvite}>
            <UserPlus aria-hidden />
            Invite member
          </Button>
        ) : null}
      </CardHeader>
      {members.isPending ? (
        <SkeletonRows className="border-t px-5 py-4" rows={3} />
      ) : members.isError ? (
        <p className="border-t px-5 py-4 text-sm text-destructive">{members.error.message}</p>
      ) : members.data.length === 0 ? (
        <EmptyState className="border-t" icon={Users} title="No members" />
      ) : (
        <Table containerClassName="border-t" aria-label="Members" stackOnMobile>
          <TableHeader>
            <TableRow>
              <TableHead>Member</TableHead>
              <TableHead>Role</TableHead>
              <TableHead className="hidden md:table-cell">Stores</TableHead>
              <TableHead className="hidden lg:table-cell">Joined</TableHead>
              {canManage ? (
                <TableHead className="w-12">
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.data.map((member) => {
              const isYou = member.userId === session?.user.id;
              const editable = manageable(member);
              const grantedNames = member.storeIds.map((id) => storeNames.get(id) ?? "Unknown store");
              const storesCell =
                member.role === "client" ? (
                  <div className="flex flex-wrap items-center gap-1">
                    {grantedNames.map((name, i) => (
                      <Badge key={`${member.storeIds[i]}`} variant="outline">
                        {name}
                      </Badge>
                    ))}
                    {editable ? (
                      <Button
                        variant="ghost"
                        size="sm"
                        className="h-6 px-1.5 text-xs"
                        onClick={() => setGranting({ member, storeIds: member.storeIds })}
                        aria-label={`Change which stores ${member.name || member.email} can see`}
                      >
                        <Pencil aria-hidden className="!size-3" />
                        Edit
                      </Button>
                    ) : null}
                  </div>
                ) : (
                  <span className="whitespace-nowrap text-[13px] text-muted-foreground">All stores</span>
                );
              return (
                <TableRow key={member.userId} data-testid="member-row">
                  <TableCell className="max-sm:basis-full max-sm:py-2 sm:w-full sm:max-w-0">
                    <div className="flex items-center gap-3">
                      <Avatar name={member.name || member.email} />
                      <div className="min-w-0">
                        <p className="flex items-center gap-1.5 truncate font-medium">
                          <span className="truncate">{member.name || member.email}</span>
                          {isYou ? <Badge variant="primary">You</Badge> : null}
                        </p>
                        <p className="truncate text-xs text-muted-foreground">{member.email}</p>
                        <div className="mt-1.5 max-sm:hidden md:hidden">{storesCell}</div>
                      </div>
                    </div>
                  </TableCell>
                  <TableCell className="max-sm:py-1.5 max-sm:pl-16">
                    {editable ? (
                      <Select value={member.role} onValueChange={(role) => onRoleChange(member, role as Role)} disabled={pendingId === member.userId}>
                        <SelectTrigger className="h-8 w-32" aria-label={`Role of ${member.name || member.email}`}>
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent align="end" className="w-72">
                          <RoleOptions roles={assignable} />
                        </SelectContent>
                      </Select>
                    ) : (
                      <Badge variant={member.role === "owner" ? "primary" : "neutral"}>{ROLE_LABELS[member.role]}</Badge>
                    )}
                  </TableCell>
                  <TableCell className={cn("sm:max-md:hidden", member.role === "client" ? "max-sm:py-1.5 max-sm:pl-2" : "max-sm:hidden")}>
                    {storesCell}
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap text-[13px] text-muted-foreground lg:table-cell">
                    <LocalTime date={member.joinedAt} format="date" />
                  </TableCell>
                  {canManage ? (
                    <TableCell className="max-sm:ml-auto max-sm:py-1.5">
                      {editable ? (
                        <Button
                          variant="destructive-ghost"
                          size="icon-sm"
                          onClick={() => setRemoving(member)}
                          aria-label={`Remove ${member.name || member.email}`}
                        >
                          <Trash2 aria-hidden />
                        </Button>
                      ) : null}
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}

      {granting ? (
        <StoreGrantDialog
          open
          onOpenChange={(open) => !open && setGranting(null)}
          memberName={granting.member.name || granting.member.email}
          initialStoreIds={granting.storeIds}
          onSave={async (storeIds) => {
            await applyRole(granting.member, "client", storeIds);
            setGranting(null);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing?.name || removing?.email}?`}
        description={`They lose access to ${organization.name} at once. What they did stays in the audit log, and you can invite them again later.`}
        confirmLabel="Remove member"
        destructive
        onConfirm={async () => {
          if (!removing) return;
          await remove.mutateAsync({ userId: removing.userId });
          await refresh();
          toast.success("Member removed", removing.email);
        }}
      />
    </Card>
  );
}

function PendingInvitations({ onInvite }: { onInvite: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const invitations = useQuery(trpc.invitation.list.queryOptions());
  const revoke = useMutation(trpc.invitation.revoke.mutationOptions());

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Pending invitations</CardTitle>
          <CardDescription>Links that have not been used yet. Revoke one to make its link stop working.</CardDescription>
        </div>
      </CardHeader>
      {invitations.isPending ? (
        <SkeletonRows className="border-t px-5 py-4" rows={2} />
      ) : invitations.isError ? (
        <p className="border-t px-5 py-4 text-sm text-destructive">{invitations.error.message}</p>
      ) : invitations.data.length === 0 ? (
        <EmptyState
          className="border-t"
          icon={MailPlus}
          title="No pending invitations"
          description="Invite teammates or clients; they join with the role you choose."
          action={
            <Button variant="secondary" size="sm" onClick={onInvite}>
              <UserPlus aria-hidden />
              Invite member
            </Button>
          }
        />
      ) : (
        <Table containerClassName="border-t" aria-label="Pending invitations">
          <TableHeader>
            <TableRow>
              <TableHead>Email</TableHead>
              <TableHead>Role</TableHead>
              <TableHead className="hidden sm:table-cell">Expires</TableHead>
              <TableHead className="hidden md:table-cell">Sent</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {invitations.data.map((invitation) => (
              <TableRow key={invitation.id} data-testid="invitation-row">
                <TableCell className="w-full max-w-0">
                  <p className="truncate font-medium">{invitation.email}</p>
                  <p className="text-xs text-muted-foreground sm:hidden">
                    Expires <LocalTime date={invitation.expiresAt} format="relative" />
                  </p>
                </TableCell>
                <TableCell>
                  <Badge>{ROLE_LABELS[invitation.role]}</Badge>
                </TableCell>
                <TableCell className="hidden whitespace-nowrap text-[13px] text-muted-foreground sm:table-cell">
                  <LocalTime date={invitation.expiresAt} format="relative" />
                </TableCell>
                <TableCell className="hidden whitespace-nowrap text-[13px] text-muted-foreground md:table-cell">
                  <LocalTime date={invitation.createdAt} format="relative" />
                </TableCell>
                <TableCell>
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm" className="text-destructive hover:bg-destructive/10">
                        Revoke
                      </Button>
                    }
                    title={`Revoke the invitation for ${invitation.email}?`}
                    description="The link stops working at once. You can send a new invitation later."
                    confirmLabel="Revoke invitation"
                    destructive
                    onConfirm={async () => {
                      await revoke.mutateAsync({ invitationId: invitation.id });
                      await Promise.all([
                        queryClient.invalidateQueries({ queryKey: trpc.invitation.list.queryKey() }),
                        queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
                      ]);
                      toast.success("Invitation revoked", invitation.email);
                    }}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
