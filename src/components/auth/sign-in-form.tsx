"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useZodForm } from "@/hooks/use-zod-form";
import { authHref } from "@/lib/redirects";
import { emailSchema } from "@/lib/validation";
import { AuthCard } from "./auth-frame";

const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password."),
});

/** What to tell someone whose sign-in failed, from the code Auth.js passes back. */
export function signInErrorMessage(code: string | undefined): string {
  const throttled = code?.match(/^throttled_(\d+)$/);
  if (throttled) {
    const minutes = Math.max(1, Math.ceil(Number(throttled[1]) / 60));
    return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  return "Email or password is incorrect.";
}

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail: string }) {
  const router = useRouter();
  const form = useZodForm(signInSchema, { email: defaultEmail, password: "" });
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = form.parse();
    if (!input) return;
    setPending(true);
    try {
      const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
      if (!result || result.error) {
        form.setFormError(signInErrorMessage(result?.code));
        setPending(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      form.setFormError("We could not reach Recoup. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Sign in to your workspace."
      footer={
        <>
          New to Recoup?{" "}
          <Link href={authHref("/sign-up", { callbackUrl: callbackUrl === "/dashboard" ? undefined : callbackUrl, email: form.values.email || undefined })} className="font-medium text-primary hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-4">
        {form.formError ? <Alert variant="destructive">{form.formError}</Alert> : null}
        <FormField label="Email" error={form.errors.email}>
          <Input
            type="email"
            name="email"
            autoComplete="email"
            autoFocus={!defaultEmail}
            value={form.values.email}
            onChange={(e) => form.set("email", e.target.value)}
          />
        </FormField>
        <FormField label="Password" error={form.errors.password}>
          <Input
            type="password"
            name="password"
            autoComplete="current-password"
            autoFocus={Boolean(defaultEmail)}
            value={form.values.password}
            onChange={(e) => form.set("password", e.target.value)}
          />
        </FormField>
        <Button type="submit" className="mt-1 w-full" loading={pending}>
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
