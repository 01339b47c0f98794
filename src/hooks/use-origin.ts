"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** This site's origin in the browser ("" while rendering on the server), for links users copy. */
export function useOrigin(): string {
  return useSyncExternalStore(
    noop,
    () => window.location.origin,
    () => "",
  );
}
