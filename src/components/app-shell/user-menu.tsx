"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut, useSession } from "next-auth/react";
import { ChevronsUpDown, LogOut } from "lucide-react";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";

export function UserMenu() {
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  const name = session?.user.name || session?.user.email || "Account";
  const email = session?.user.email ?? "";

  async function handleSignOut() {
    setSigningOut(true);
    queryClient.clear();
    await signOut({ redirectTo: "/sign-in" });
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full items-center gap-2.5 rounded-lg p-2 text-left transition-colors hover:bg-white/6 data-[state=open]:bg-white/6"
        aria-label={`Account: ${name}`}
      >
        <Avatar name={name} />
        <span className="grid min-w-0 flex-1 leading-tight">
          <span className="truncate text-[13px] font-medium text-sidebar-foreground">{name}</span>
          <span className="truncate text-xs text-sidebar-muted">{email}</span>
        </span>
        {signingOut ? <Spinner className="text-sidebar-muted" /> : <ChevronsUpDown className="size-4 shrink-0 text-sidebar-muted" aria-hidden />}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" side="top" className="w-(--radix-dropdown-menu-trigger-width) min-w-56">
        <DropdownMenuLabel className="grid gap-0.5 font-normal">
          <span className="truncate text-sm font-medium text-foreground">{name}</span>
          <span className="truncate">{email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void handleSignOut()} disabled={signingOut}>
          <LogOut aria-hidden />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
