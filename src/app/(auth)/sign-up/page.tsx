import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { firstParam, safeCallbackUrl } from "@/lib/redirects";
import { auth } from "@/server/auth";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const raw = firstParam(params.callbackUrl);
  const session = await auth();
  if (session?.user?.id) redirect(safeCallbackUrl(raw));
  // A new account has no organization yet: onboarding comes next unless an invitation is waiting.
  return <SignUpForm callbackUrl={safeCallbackUrl(raw, "/onboarding")} defaultEmail={firstParam(params.email) ?? ""} />;
}
