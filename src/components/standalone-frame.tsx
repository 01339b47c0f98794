"use client";

import Link from "next/link";
import { signOut, useSession } from "next-auth/react";
import { useState } from "react";
import { Brand } from "@/components/app-shell/brand";
import { Button } from "@/components/ui/button";

/** A light top bar with the brand and the account, around pages that come before the app shell. */
export function StandaloneFrame({ children }: { children: React.ReactNode }) {
  const { data: session, status } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-14 items-center justify-between gap-3 border-b bg-card px-4 sm:px-6">
        <Link href="/" className="rounded-md">
          <Brand tone="light" />
        </Link>
        {status === "authenticated" ? (
          <div className="flex min-w-0 items-center gap-3">
            <span className="hidden truncate text-[13px] text-muted-foreground sm:inline">{session.user.email}</span>
            <Button
              variant="ghost"
              size="sm"
              loading={signingOut}
              onClick={() => {
                setSigningOut(true);
                void signOut({ redirectTo: "/sign-in" });
              }}
            >
              Sign out
            </Button>
          </div>
        ) : null}
      </header>
      <main className="flex flex-1 justify-center px-4 py-10 sm:py-14">
        <div className="w-full max-w-xl">{children}</div>
      </main>
    </div>
  );
}
