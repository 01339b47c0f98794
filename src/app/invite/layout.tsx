import { StandaloneFrame } from "@/components/standalone-frame";
import { auth } from "@/server/auth";
import { Providers } from "../providers";

export default async function InviteLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  return (
    <Providers session={session}>
      <StandaloneFrame>{children}</StandaloneFrame>
    </Providers>
  );
}
