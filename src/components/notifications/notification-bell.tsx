"use client";

import Link from "next/link";
import * as Popover from "@radix-ui/react-popover";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/components/ui/button";
import { formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";

/** The bell: unread count, the latest notifications, and "mark all read". Polls once a minute. */
export function NotificationBell({ className }: { className?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.notification.list.queryOptions(), refetchInterval: 60_000 });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.notification.list.queryKey() });
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSuccess: invalidate }));
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <button
          type="button"
          className={cn(
            "relative inline-flex size-9 items-center justify-center rounded-md text-current transition-colors hover:bg-white/10 focus-visible:outline-2",
            className,
          )}
          aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
          data-testid="notification-bell"
        >
          <Bell className="size-[18px]" aria-hidden />
          {unread ? (
            <span
              className="absolute -right-0.5 -top-0.5 min-w-[18px] rounded-full bg-destructive px-1 text-center text-[11px] font-semibold leading-[18px] text-white"
              data-testid="notification-count"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={8}
          className="z-50 w-[min(92vw,380px)] rounded-lg border bg-card text-card-foreground shadow-lg outline-none"
        >
          <div className="flex items-center justify-between border-b px-4 py-3">
            <p className="text-sm font-semibold">Notifications</p>
            <Button
              variant="ghost"
              size="sm"
              disabled={!unread || markRead.isPending}
              onClick={() => markRead.mutate({ ids: "all" })}
            >
              Mark all read
            </Button>
          </div>
          {items.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-muted-foreground">Nothing new. Deadlines near or missed show up here.</p>
          ) : (
            <ul className="max-h-[60vh] divide-y overflow-y-auto">
              {items.map((n) => {
                const body = (
                  <div className="flex gap-3 px-4 py-3">
                    <span
                      aria-hidden
                      className={cn("mt-1.5 size-2 shrink-0 rounded-full", n.readAt ? "bg-transparent" : "bg-primary")}
                    />
                    <div className="min-w-0">
                      <p className={cn("text-sm", !n.readAt && "font-medium")}>{n.title}</p>
                      <p className="mt-0.5 text-xs text-muted-foreground">
                        {n.body} · {formatRelative(n.createdAt)}
                      </p>
                    </div>
                  </div>
                );
                return (
                  <li key={n.id}>
                    {n.link ? (
                      <Popover.Close asChild>
                        <Link
                          href={n.link}
                          className="block hover:bg-muted/60"
                          onClick={() => {
                            if (!n.readAt) markRead.mutate({ ids: [n.id] });
                          }}
                        >
                          {body}
                        </Link>
                      </Popover.Close>
                    ) : (
                      body
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
