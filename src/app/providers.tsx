"use client";

import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import { TooltipProvider } from "@/components/ui/tooltip";
import { ToastProvider } from "@/components/ui/toast";
import { TRPCReactProvider } from "@/trpc/react";

export function Providers({ session, children }: { session?: Session | null; children: React.ReactNode }) {
  return (
    // Passing the server's session avoids a client round trip before the first render.
    <SessionProvider session={session}>
      <TRPCReactProvider>
        <TooltipProvider delayDuration={300}>
          <ToastProvider>{children}</ToastProvider>
        </TooltipProvider>
      </TRPCReactProvider>
    </SessionProvider>
  );
}
