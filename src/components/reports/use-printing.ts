"use client";

import { useSyncExternalStore } from "react";
import { flushSync } from "react-dom";

/**
 * Whether the page is being printed. The charts draw at the width they measure on screen, but a
 * browser lays the page out again for paper without running resize observers, so the charts would
 * keep their screen shape (letterboxed in the wider print column). They redraw at their print size
 * in `beforeprint` instead, synchronously, before the browser takes the print layout.
 */
let beforePrint = false;

function subscribe(onChange: () => void) {
  const print = window.matchMedia("print");
  const update = (printing: boolean) => () => {
    beforePrint = printing;
    flushSync(onChange);
  };
  const onBefore = update(true);
  const onAfter = update(false);
  const onMedia = () => flushSync(onChange);
  window.addEventListener("beforeprint", onBefore);
  window.addEventListener("afterprint", onAfter);
  print.addEventListener("change", onMedia);
  return () => {
    window.removeEventListener("beforeprint", onBefore);
    window.removeEventListener("afterprint", onAfter);
    print.removeEventListener("change", onMedia);
  };
}

export function usePrinting(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => beforePrint || window.matchMedia("print").matches,
    () => false,
  );
}
