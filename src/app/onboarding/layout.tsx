import { redirect } from "next/navigation";
import { StandaloneFrame } from "@/components/standalone-frame";
import { auth } from "@/server/auth";
import { Providers } from "../providers";

export default async function OnboardingLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  if (!session?.user?.id) redirect("/sign-in?callbackUrl=/onboarding");
  return (
    <Providers session={session}>
      <StandaloneFrame>{children}</StandaloneFrame>
    </Providers>
  );
}
