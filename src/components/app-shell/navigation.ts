import {
  BookOpen,
  CalendarClock,
  ChartColumnStacked,
  FileText,
  KanbanSquare,
  LayoutDashboard,
  Scale,
  ScrollText,
  Settings,
  ShoppingBag,
  Upload,
  type LucideIcon,
} from "lucide-react";
import type { Permission } from "@/lib/roles";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Hidden from members whose role lacks it (the page itself still checks on the server). */
  permission?: Permission;
  /** "main" sits at the top of the sidebar; "footer" just above the user menu. */
  section: "main" | "footer";
}

/**
 * The sidebar, in order. Add a screen here when its page exists: Orders, Cases, Disputes, Ledger,
 * Deadlines, Reports and Policies join the "main" section as they are built.
 */
export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard, section: "main" },
  { href: "/orders", label: "Orders", icon: ShoppingBag, permission: "orders:read", section: "main" },
  { href: "/cases", label: "Cases", icon: KanbanSquare, permission: "orders:read", section: "main" },
  { href: "/deadlines", label: "Deadlines", icon: CalendarClock, permission: "orders:read", section: "main" },
  { href: "/disputes", label: "Disputes", icon: Scale, permission: "orders:read", section: "main" },
  { href: "/ledger", label: "Ledger", icon: BookOpen, permission: "orders:read", section: "main" },
  { href: "/reports", label: "Reports", icon: ChartColumnStacked, permission: "orders:read", section: "main" },
  { href: "/policies", label: "Policies", icon: FileText, permission: "orders:read", section: "main" },
  { href: "/imports", label: "Imports", icon: Upload, permission: "imports:run", section: "main" },
  { href: "/audit", label: "Audit log", icon: ScrollText, permission: "audit:read", section: "main" },
  { href: "/settings", label: "Settings", icon: Settings, section: "footer" },
];

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
