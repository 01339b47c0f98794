"use client";

import * as AvatarPrimitive from "@radix-ui/react-avatar";
import { cn } from "@/lib/utils";

export function initialsOf(nameOrEmail: string): string {
  const words = nameOrEmail.replace(/@.*/, "").split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[words.length - 1]![0]}` : (words[0] ?? "?").slice(0, 2);
  return letters.toUpperCase();
}

/** A calm colour per person, stable across renders, from a small palette that keeps contrast. */
const TONES = [
  "bg-[oklch(0.9_0.05_255)] text-[oklch(0.35_0.12_255)]",
  "bg-[oklch(0.9_0.06_155)] text-[oklch(0.35_0.1_155)]",
  "bg-[oklch(0.91_0.06_75)] text-[oklch(0.4_0.1_65)]",
  "bg-[oklch(0.9_0.06_330)] text-[oklch(0.38_0.12_330)]",
  "bg-[oklch(0.9_0.05_200)] text-[oklch(0.36_0.08_210)]",
  "bg-[oklch(0.9_0.05_290)] text-[oklch(0.38_0.12_290)]",
];

function toneOf(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return TONES[Math.abs(hash) % TONES.length]!;
}

export function Avatar({
  name,
  src,
  className,
}: {
  /** The person's name, or their email when they have none. */
  name: string;
  src?: string | null;
  className?: string;
}) {
  return (
    <AvatarPrimitive.Root
      className={cn("relative inline-flex size-8 shrink-0 select-none overflow-hidden rounded-full", className)}
    >
      {src ? <AvatarPrimitive.Image src={src} alt="" className="size-full object-cover" /> : null}
      <AvatarPrimitive.Fallback
        className={cn("flex size-full items-center justify-center text-[11px] font-semibold tracking-wide", toneOf(name))}
        aria-hidden
      >
        {initialsOf(name)}
      </AvatarPrimitive.Fallback>
    </AvatarPrimitive.Root>
  );
}
