"use client";

import Link from "next/link";
import { usePathname } from "@/hooks/navigation";
import { useOrganization } from "@/hooks/use-organization";
import { cn } from "@/lib/utils";
import { Brand } from "./brand";
import { isActive, NAV_ITEMS, type NavItem } from "./navigation";
import { OrganizationSwitcher } from "./organization-switcher";
import { UserMenu } from "./user-menu";
import { NotificationBell } from "@/components/notifications/notification-bell";

function NavLink({ item, pathname, onNavigate }: { item: NavItem; pathname: string; onNavigate?: () => void }) {
  const active = isActive(pathname, item.href);
  const Icon = item.icon;
  return (
    <Link
      href={item.href}
      onClick={onNavigate}
      aria-current={active ? "page" : undefined}
      className={cn(
        "group flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px] font-medium transition-colors",
        active
          ? "bg-sidebar-accent text-white shadow-[inset_0_0_0_1px_rgb(255_255_255/0.06)]"
          : "text-sidebar-muted hover:bg-white/5 hover:text-sidebar-foreground",
      )}
    >
      <Icon className={cn("size-4 shrink-0", active ? "text-white" : "text-sidebar-muted group-hover:text-sidebar-foreground")} aria-hidden />
      {item.label}
    </Link>
  );
}

/** Brand, organization switcher, navigation and the user menu: the desktop sidebar and the phone drawer. */
export function SidebarContent({ onNavigate, closeButton }: { onNavigate?: () => void; closeButton?: React.ReactNode }) {
  const pathname = usePathname();
  const { can } = useOrganization();
  const visible = NAV_ITEMS.filter((item) => !item.permission || can(item.permission));
  return (
    <div className="flex h-full flex-col bg-sidebar text-sidebar-foreground">
      <div className="flex h-14 shrink-0 items-center justify-between px-4">
        <Link href="/dashboard" onClick={onNavigate} className="rounded-md">
          <Brand />
        </Link>
        {closeButton ?? <NotificationBell />}
      </div>
      <div className="px-3 pb-3">
        <OrganizationSwitcher onNavigate={onNavigate} />
      </div>
      <nav aria-label="Main" className="flex min-h-0 flex-1 flex-col gap-0.5 overflow-y-auto px-3 py-2">
        {visible
          .filter((item) => item.section === "main")
          .map((item) => (
            <NavLink key={item.href} item={item} pathname={pathname} onNavigate={onNavigate} />
          ))}
        <div className="mt-auto flex flex-col gap-0.5 pt-4">
          {visible
            .filter((item) => item.section === "footer")
            .map((item) => (
              <NavLink key={item.href} item={item} pathname={pathname} onNavigate={onNavigate} />
            ))}
        </div>
      </nav>
      <div className="border-t border-white/8 p-2">
        <UserMenu />
      </div>
    </div>
  );
}
