"use client";

import Link from "next/link";
import { usePathname } from "@/hooks/navigation";
import { ArrowLeftRight, Bell, Building, Store, Users, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils";

const SECTIONS: { href: string; label: string; icon: LucideIcon }[] = [
  { href: "/settings/organization", label: "Organization", icon: Building },
  { href: "/settings/stores", label: "Stores", icon: Store },
  { href: "/settings/members", label: "Members", icon: Users },
  { href: "/settings/notifications", label: "Notifications", icon: Bell },
  { href: "/settings/exchange-rates", label: "Exchange rates", icon: ArrowLeftRight },
];

/** Settings sections as underlined tabs; each is its own page so it can be linked to. */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="-mx-4 overflow-x-auto border-b px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1">
        {SECTIONS.map(({ href, label, icon: Icon }) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "relative flex h-10 items-center gap-2 rounded-t-md px-3 text-sm font-medium transition-colors",
                  active
                    ? "text-foreground after:absolute after:inset-x-2 after:-bottom-px after:h-0.5 after:rounded-full after:bg-primary"
                    : "text-muted-foreground hover:text-foreground",
                )}
              >
                <Icon className="size-4" aria-hidden />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
