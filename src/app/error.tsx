"use client";

/**
 * A page whose layout fails (the signed-in layout reads the organization first: with the database
 * down, that is where it fails) gets the same card as any page, instead of Next's bare error screen.
 */
export { default } from "./(app)/error";
