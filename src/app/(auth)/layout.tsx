import { AuthFrame } from "@/components/auth/auth-frame";
import { Providers } from "../providers";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <Providers>
      <AuthFrame>{children}</AuthFrame>
    </Providers>
  );
}
