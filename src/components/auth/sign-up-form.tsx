"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { codeOf, useZodForm } from "@/hooks/use-zod-form";
import { authHref } from "@/lib/redirects";
import { emailSchema, nameSchema } from "@/lib/validation";
import { useTRPC } from "@/trpc/react";
import { AuthCard } from "./auth-frame";
import { signInErrorMessage } from "./sign-in-form";

// The server adds the rest of the password rules (common passwords, the email inside it) and says which.
const signUpFormSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: z.string().min(8, "Use at least 8 characters.").max(128, "Use at most 128 characters."),
});

export function SignUpForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const form = useZodForm(signUpFormSchema, { name: "", email: defaultEmail, password: "" });
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [signingIn, setSigningIn] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = form.parse();
    if (!input) return;
    try {
      await signUp.mutateAsync(input);
    } catch (error) {
      const code = codeOf(error);
      form.applyServerError(error, code === "CONFLICT" ? "email" : code === "BAD_REQUEST" ? "password" : undefined);
      return;
    }
    setSigningIn(true);
    const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false }).catch(() => null);
    if (!result || result.error) {
      setSigningIn(false);
      form.setFormError(`Your account was created, but signing in failed: ${signInErrorMessage(result?.code)}`);
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  const signInLink = authHref("/sign-in", {
    callbackUrl: callbackUrl === "/onboarding" ? undefined : callbackUrl,
    email: form.values.email || undefined,
  });

  return (
    <AuthCard
      title="Create your account"
      description="Start with your account; you will set up your organization next."
      footer={
        <>
          Already have an account?{" "}
          <Link href={signInLink} className="font-medium text-primary hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-4">
        {form.formError ? <Alert variant="destructive">{form.formError}</Alert> : null}
        <FormField label="Full name" error={form.errors.name}>
          <Input name="name" autoComplete="name" autoFocus value={form.values.name} onChange={(e) => form.set("name", e.target.value)} />
        </FormField>
        <FormField label="Work email" error={form.errors.email}>
          <Input type="email" name="email" autoComplete="email" value={form.values.email} onChange={(e) => form.set("email", e.target.value)} />
        </FormField>
        <FormField label="Password" error={form.errors.password} hint="At least 8 characters. Avoid common passwords.">
          <Input
            type="password"
            name="password"
            autoComplete="new-password"
            value={form.values.password}
            onChange={(e) => form.set("password", e.target.value)}
          />
        </FormField>
        <Button type="submit" className="mt-1 w-full" loading={signUp.isPending || signingIn}>
          Create account
        </Button>
      </form>
    </AuthCard>
  );
}
