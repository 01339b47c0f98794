"use client";

import { useId, useRef, useState } from "react";
import { FileText, UploadCloud, X } from "lucide-react";
import { cn } from "@/lib/utils";

const sizeFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`;
  return `${sizeFormat.format(bytes / (1024 * 1024))} MB`;
}

/**
 * Pick one file by clicking or by dropping it on the zone. The real `<input type="file">` stays in
 * the page (visually hidden), so keyboards, screen readers and test drivers can use it directly.
 */
export function FileDropZone({
  file,
  onFileChange,
  accept,
  hint,
  disabled,
  invalid,
  label = "Choose a file",
}: {
  file: File | null;
  onFileChange: (file: File | null) => void;
  accept?: string;
  hint?: React.ReactNode;
  disabled?: boolean;
  invalid?: boolean;
  label?: string;
}) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  function choose(files: FileList | null) {
    onFileChange(files?.[0] ?? null);
  }

  return (
    <div
      onDragOver={(event) => {
        if (disabled) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        if (!disabled) choose(event.dataTransfer.files);
      }}
      className={cn(
        "relative rounded-lg border border-dashed bg-muted/20 transition-colors",
        dragging ? "border-primary bg-primary/5" : invalid ? "border-destructive/60" : "border-input hover:border-foreground/30",
        disabled && "pointer-events-none opacity-60",
      )}
    >
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        accept={accept}
        disabled={disabled}
        aria-label={label}
        className="peer sr-only"
        onChange={(event) => choose(event.target.files)}
      />
      {file ? (
        <div className="flex items-center gap-3 px-4 py-4">
          <span className="flex size-10 shrink-0 items-center justify-center rounded-md border bg-card text-primary">
            <FileText className="size-5" aria-hidden />
          </span>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium" data-testid="chosen-file">
              {file.name}
            </p>
            <p className="text-xs text-muted-foreground">{formatFileSize(file.size)}</p>
          </div>
          <label
            htmlFor={inputId}
            className="cursor-pointer rounded-md px-2.5 py-1.5 text-[13px] font-medium text-primary transition-colors hover:bg-primary/10"
          >
            Replace
          </label>
          <button
            type="button"
            className="rounded-md p-1.5 text-muted-foreground transition-colors hover:bg-muted hover:text-foreground"
            onClick={() => {
              if (inputRef.current) inputRef.current.value = "";
              onFileChange(null);
            }}
          >
            <X className="size-4" aria-hidden />
            <span className="sr-only">Remove file</span>
          </button>
        </div>
      ) : (
        <label
          htmlFor={inputId}
          className="flex cursor-pointer flex-col items-center gap-2 rounded-lg px-6 py-8 text-center peer-focus-visible:outline-2 peer-focus-visible:outline-ring"
        >
          <span className="flex size-10 items-center justify-center rounded-full border bg-card text-muted-foreground">
            <UploadCloud className="size-5" aria-hidden />
          </span>
          <span className="text-sm">
            <span className="font-medium text-primary">Choose a file</span> or drag it here
          </span>
          {hint ? <span className="text-xs text-muted-foreground">{hint}</span> : null}
        </label>
      )}
    </div>
  );
}
