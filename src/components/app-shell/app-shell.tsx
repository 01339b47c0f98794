"use client";

import Link from "next/link";
import { useState } from "react";
import { Menu, X } from "lucide-react";
import * as DialogPrimitive from "@radix-ui/react-dialog";
import { Dialog, DrawerContent } from "@/components/ui/dialog";
import { Brand } from "./brand";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { SidebarContent } from "./sidebar";

/**
 * The signed-in frame: a fixed dark sidebar from 768px up; below that, a top bar whose menu button
 * opens the same sidebar as a drawer.
 */
export function AppShell({ children }: { children: React.ReactNode }) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  return (
    <div className="min-h-dvh md:pl-60">
      <a
        href="#main"
        className="sr-only z-[70] rounded-md bg-card px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <aside aria-label="Sidebar" className="fixed inset-y-0 left-0 z-30 hidden w-60 md:block" data-testid="sidebar">
        <SidebarContent />
      </aside>

      <header
        className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-white/8 bg-sidebar px-2 text-sidebar-foreground md:hidden"
        data-testid="mobile-topbar"
      >
        <Dialog open={drawerOpen} onOpenChange={setDrawerOpen}>
          <DialogPrimitive.Trigger
            className="flex size-10 items-center justify-center rounded-md text-sidebar-foreground transition-colors hover:bg-white/8"
            aria-label="Open navigation"
          >
            <Menu className="size-5" aria-hidden />
          </DialogPrimitive.Trigger>
          <DrawerContent aria-describedby={undefined}>
            <DialogPrimitive.Title className="sr-only">Navigation</DialogPrimitive.Title>
            <SidebarContent
              onNavigate={() => setDrawerOpen(false)}
              closeButton={
                <DialogPrimitive.Close
                  className="-mr-2 flex size-9 items-center justify-center rounded-md text-sidebar-muted transition-colors hover:bg-white/8 hover:text-sidebar-foreground"
                  aria-label="Close navigation"
                >
                  <X className="size-5" aria-hidden />
                </DialogPrimitive.Close>
              }
            />
          </DrawerContent>
        </Dialog>
        <Link href="/dashboard" className="rounded-md">
          <Brand />
        </Link>
        <NotificationBell className="ml-auto" />
      </header>

      <main id="main" className="min-w-0">
        {children}
      </main>
    </div>
  );
}
