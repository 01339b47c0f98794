import { cn } from "@/lib/utils";

/**
 * Plain table primitives. The wrapper scrolls sideways on narrow screens instead of squeezing columns;
 * with `stackOnMobile`, each row becomes a wrapping card-like block under 640px instead (give the cells
 * `max-sm:` classes to arrange them).
 */
export function Table({
  className,
  containerClassName,
  stackOnMobile = false,
  ...props
}: React.ComponentProps<"table"> & { containerClassName?: string; stackOnMobile?: boolean }) {
  return (
    <div className={cn("relative w-full overflow-x-auto", containerClassName)}>
      <table
        className={cn(
          "w-full caption-bottom border-collapse text-sm",
          stackOnMobile &&
            "max-sm:block max-sm:[&_tbody]:block max-sm:[&_tbody_tr]:flex max-sm:[&_tbody_tr]:flex-wrap max-sm:[&_tbody_tr]:items-center max-sm:[&_tbody_tr]:py-2 max-sm:[&_thead]:hidden",
          className,
        )}
        {...props}
      />
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead className={cn("[&_tr]:border-b [&_tr]:bg-muted/40", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return <tr className={cn("border-b transition-colors hover:bg-muted/30 data-[state=selected]:bg-muted", className)} {...props} />;
}

export function TableHead({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th
      className={cn(
        "h-9 whitespace-nowrap px-4 text-left align-middle text-xs font-medium text-muted-foreground first:pl-5 last:pr-5",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: React.ComponentProps<"td">) {
  return <td className={cn("px-4 py-3 align-middle first:pl-5 last:pr-5", className)} {...props} />;
}

export function TableCaption({ className, ...props }: React.ComponentProps<"caption">) {
  return <caption className={cn("mt-3 text-sm text-muted-foreground", className)} {...props} />;
}
