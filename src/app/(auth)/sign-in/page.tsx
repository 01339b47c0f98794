import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { firstParam, safeCallbackUrl } from "@/lib/redirects";
import { auth } from "@/server/auth";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstParam(params.callbackUrl));
  const session = await auth();
  if (session?.user?.id) redirect(callbackUrl);
  return <SignInForm callbackUrl={callbackUrl} defaultEmail={firstParam(params.email) ?? ""} />;
}
