"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Separator } from "@/components/ui/separator";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { useOrganization } from "@/hooks/use-organization";
import { useZodForm } from "@/hooks/use-zod-form";
import { currencyOptions } from "@/lib/locale-data";
import { ROLE_LABELS } from "@/lib/roles";
import { currencySchema, nameSchema } from "@/lib/validation";
import { useTRPC } from "@/trpc/react";
import { SettingsSection } from "./settings-section";

// The same rules as the server's updateOrganizationSchema, built from the shared pieces.
const organizationSettingsSchema = z.object({ name: nameSchema, reportingCurrency: currencySchema });

/**
 * The organization's reporting currency. `organization.current` does not return it yet, so until it
 * does this reads the latest "organization.updated" audit event, whose `after` records it; with no such
 * event the organization still has the column's default, USD.
 */
function useReportingCurrency() {
  const trpc = useTRPC();
  const organization = useOrganization();
  const direct = "reportingCurrency" in organization ? String(organization.reportingCurrency) : null;
  const latestUpdate = useQuery({
    ...trpc.audit.list.queryOptions({ action: "organization.updated", limit: 1 }),
    // A client sees only its stores' events, never the organization's own, so it cannot read it this way.
    enabled: direct === null && !organization.storeIds,
  });
  if (direct) return { currency: direct, pending: false };
  if (latestUpdate.isPending) return { currency: null, pending: true };
  const after = latestUpdate.data?.items[0]?.after as { reportingCurrency?: unknown } | null | undefined;
  return { currency: typeof after?.reportingCurrency === "string" ? after.reportingCurrency : "USD", pending: false };
}

export function OrganizationSettings() {
  const organization = useOrganization();
  const reporting = useReportingCurrency();
  const canEdit = organization.can("members:manage");

  return (
    <div className="grid gap-8">
      <SettingsSection
        title="General"
        description={
          canEdit ? "The name your team and clients see, and the currency reports roll up into." : "Only owners and admins can change these."
        }
      >
        {!canEdit ? (
          <Card>
            <dl className="grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-[10rem_1fr]">
              <dt className="text-muted-foreground">Name</dt>
              <dd className="font-medium">{organization.name}</dd>
              {reporting.currency && !organization.storeIds ? (
                <>
                  <dt className="text-muted-foreground">Reporting currency</dt>
                  <dd>{reporting.currency}</dd>
                </>
              ) : null}
            </dl>
          </Card>
        ) : reporting.pending || !reporting.currency ? (
          <Card className="grid gap-4 p-5">
            <Skeleton className="h-9 w-full" />
            <Skeleton className="h-9 w-40" />
          </Card>
        ) : (
          <OrganizationForm
            key={`${organization.id}:${organization.name}:${reporting.currency}`}
            name={organization.name}
            reportingCurrency={reporting.currency}
          />
        )}
      </SettingsSection>

      <Separator />

      <SettingsSection title="Details" description="Set when the organization was created.">
        <Card>
          <dl className="grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-muted-foreground">Address</dt>
            <dd className="font-mono text-[13px]">{organization.slug}</dd>
            <dt className="text-muted-foreground">Kind</dt>
            <dd>{organization.kind === "agency" ? "Agency" : "Merchant"}</dd>
            <dt className="text-muted-foreground">Your role</dt>
            <dd>
              <Badge variant="primary">{ROLE_LABELS[organization.role]}</Badge>
            </dd>
          </dl>
        </Card>
      </SettingsSection>

      {organization.can("organization:transfer") ? (
        <>
          <Separator />
          <SettingsSection
            title="Transfer ownership"
            description="Make another member the owner. You stay in the organization as an admin."
          >
            <TransferOwnership />
          </SettingsSection>
        </>
      ) : null}
    </div>
  );
}

function OrganizationForm({ name, reportingCurrency }: { name: string; reportingCurrency: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useZodForm(organizationSettingsSchema, { name, reportingCurrency });
  const update = useMutation(trpc.organization.update.mutationOptions());
  const dirty = form.values.name !== name || form.values.reportingCurrency !== reportingCurrency;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = form.parse();
    if (!input) return;
    try {
      await update.mutateAsync(input);
      await queryClient.invalidateQueries();
      toast.success("Organization settings saved");
    } catch (error) {
      form.applyServerError(error);
    }
  }

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate>
        <CardContent className="grid gap-4 pt-5">
          {form.formError ? <Alert variant="destructive">{form.formError}</Alert> : null}
          <FormField label="Organization name" error={form.errors.name}>
            <Input value={form.values.name} onChange={(e) => form.set("name", e.target.value)} />
          </FormField>
          <FormField
            label="Reporting currency"
            error={form.errors.reportingCurrency}
            hint="Loss reports across stores in different currencies are converted into this one."
            className="sm:max-w-xs"
          >
            <Select value={form.values.reportingCurrency} onValueChange={(v) => form.set("reportingCurrency", v)}>
              <SelectTrigger>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {currencyOptions(reportingCurrency).map((option) => (
                  <SelectItem key={option.value} value={option.value} description={option.hint}>
                    {option.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
        </CardContent>
        <CardFooter>
          <p className="text-xs text-muted-foreground">Changes are recorded in the audit log.</p>
          <Button type="submit" size="sm" loading={update.isPending} disabled={!dirty}>
            Save changes
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function TransferOwnership() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const organization = useOrganization();
  const members = useQuery(trpc.member.list.queryOptions());
  const transfer = useMutation(trpc.organization.transferOwnership.mutationOptions());
  const [userId, setUserId] = useState<string>("");

  const candidates = (members.data ?? []).filter((m) => m.role !== "owner");
  const chosen = candidates.find((m) => m.userId === userId);

  if (members.isPending) return <Skeleton className="h-24 w-full rounded-xl" />;

  return (
    <Card>
      <CardContent className="grid gap-4 pt-5">
        {candidates.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            Invite someone to {organization.name} first; ownership can only go to an existing member.
          </p>
        ) : (
          <FormField label="New owner" className="sm:max-w-sm">
            <Select value={userId} onValueChange={setUserId}>
              <SelectTrigger>
                <SelectValue placeholder="Choose a member" />
              </SelectTrigger>
              <SelectContent>
                {candidates.map((member) => (
                  <SelectItem key={member.userId} value={member.userId} description={`${member.email} · ${ROLE_LABELS[member.role]}`}>
                    {member.name || member.email}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
        )}
      </CardContent>
      {candidates.length > 0 ? (
        <CardFooter>
          <p className="text-xs text-muted-foreground">Only an owner can delete the organization or transfer it again.</p>
          <ConfirmDialog
            trigger={
              <Button variant="destructive" size="sm" disabled={!chosen}>
                Transfer ownership
              </Button>
            }
            title={`Transfer ownership to ${chosen?.name || chosen?.email}?`}
            description="They become the owner of the organization and you become an admin. Only they can give ownership back."
            confirmLabel="Transfer ownership"
            destructive
            onConfirm={async () => {
              if (!chosen) return;
              await transfer.mutateAsync({ userId: chosen.userId });
              await queryClient.invalidateQueries();
              setUserId("");
              toast.success("Ownership transferred", `${chosen.name || chosen.email} now owns ${organization.name}.`);
            }}
          />
        </CardFooter>
      ) : null}
    </Card>
  );
}
