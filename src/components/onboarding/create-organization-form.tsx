"use client";

import { useMutation } from "@tanstack/react-query";
import { Building2, Store, type LucideIcon } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useSwitchOrganization } from "@/hooks/use-organization";
import { codeOf, useZodForm } from "@/hooks/use-zod-form";
import { ORGANIZATION_KINDS, type OrganizationKind } from "@/lib/roles";
import { cn } from "@/lib/utils";
import { nameSchema, slugify, slugSchema } from "@/lib/validation";
import { useTRPC } from "@/trpc/react";

// The server's own rules (createOrganizationSchema); an empty address means "derive it from the name".
const organizationFormSchema = z.object({
  name: nameSchema,
  kind: z.enum(ORGANIZATION_KINDS),
  slug: z.union([z.literal("").transform(() => undefined), slugSchema]),
});

const KINDS: Record<OrganizationKind, { label: string; description: string; icon: LucideIcon }> = {
  agency: { label: "Agency", description: "You run stores for clients and work cases across all of them.", icon: Building2 },
  merchant: { label: "Merchant", description: "You run one or a few stores of your own.", icon: Store },
};

export function CreateOrganizationForm() {
  const trpc = useTRPC();
  const switchOrganization = useSwitchOrganization();
  const form = useZodForm(organizationFormSchema, { name: "", kind: "merchant", slug: "" });
  const create = useMutation(trpc.organization.create.mutationOptions());
  // Pending through both steps: creating, then making it the active organization and leaving.
  const [pending, setPending] = useState(false);
  const suggestedSlug = form.values.name.trim().length >= 3 ? slugify(form.values.name) : "";

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = form.parse();
    if (!input) return;
    setPending(true);
    try {
      const organization = await create.mutateAsync(input);
      await switchOrganization(organization.id);
    } catch (error) {
      setPending(false);
      form.applyServerError(error, codeOf(error) === "CONFLICT" ? "slug" : undefined);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5">
      {form.formError ? <Alert variant="destructive">{form.formError}</Alert> : null}
      <FormField label="Organization name" error={form.errors.name}>
        <Input
          name="name"
          autoFocus
          placeholder="Acme Commerce"
          value={form.values.name}
          onChange={(e) => form.set("name", e.target.value)}
        />
      </FormField>

      <fieldset className="grid gap-2">
        <legend className="mb-1.5 text-[13px] font-medium">What kind of business is it?</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {ORGANIZATION_KINDS.map((kind) => {
            const { label, description, icon: Icon } = KINDS[kind];
            const checked = form.values.kind === kind;
            return (
              <label
                key={kind}
                className={cn(
                  "relative flex cursor-pointer gap-3 rounded-lg border p-3.5 transition-colors has-focus-visible:outline-2 has-focus-visible:outline-ring",
                  checked ? "border-primary bg-primary/5 ring-1 ring-primary" : "hover:bg-muted/50",
                )}
              >
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={checked}
                  onChange={() => form.set("kind", kind)}
                  className="sr-only"
                />
                <Icon className={cn("mt-0.5 size-4 shrink-0", checked ? "text-primary" : "text-muted-foreground")} aria-hidden />
                <span className="grid gap-0.5">
                  <span className="text-sm font-medium">{label}</span>
                  <span className="text-[13px] leading-snug text-muted-foreground">{description}</span>
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>

      <FormField
        label="Address"
        optional
        error={form.errors.slug}
        hint="Appears in the addresses of your public refund-policy pages. Leave it empty to use one based on the name."
      >
        <Input
          name="slug"
          placeholder={suggestedSlug || "acme-commerce"}
          autoCapitalize="none"
          spellCheck={false}
          value={form.values.slug}
          onChange={(e) => form.set("slug", e.target.value)}
        />
      </FormField>

      <div className="flex justify-end">
        <Button type="submit" loading={pending} className="w-full sm:w-auto">
          Create organization
        </Button>
      </div>
    </form>
  );
}
