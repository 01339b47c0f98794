import { RETURN_REASONS } from "@/lib/supplier-terms";
import {
  ADDRESS_KIND_LABELS,
  CONDITION_LABELS,
  EXCHANGE_LABELS,
  NON_RETURNABLE_LABELS,
  PAYER_LABELS,
  REASON_LABELS,
  REFUND_METHOD_LABELS,
  RESOLUTION_LABELS,
} from "./labels";
import { LANGUAGE_LABELS, type PolicySettings } from "./settings";

/**
 * What changed between two versions, two ways: the settings in words ("Return window: 30 → 14
 * days"), and the published text per language, block by block.
 */

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

function listChange<T extends string>(label: string, before: readonly T[], after: readonly T[], name: (v: T) => string): string | null {
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  if (!added.length && !removed.length) return null;
  const parts = [added.length ? `added ${added.map(name).join(", ")}` : "", removed.length ? `removed ${removed.map(name).join(", ")}` : ""];
  return `${label}: ${parts.filter(Boolean).join("; ")}`;
}

const cancellationText = (s: PolicySettings) => (s.cancellation === "until_dispatch" ? "until dispatch" : `within ${plural(s.cancellationHours, "hour")}`);
const feeText = (percent: number) => (percent === 0 ? "none" : `${percent}%`);
const orNone = (text: string) => (text ? text : "none");

/** The settings that differ, one sentence each, in the builder's order. Empty when nothing did. */
export function describeSettingsChanges(before: PolicySettings, after: PolicySettings): string[] {
  const changes: (string | null)[] = [];
  const change = (label: string, from: string, to: string) => {
    if (from !== to) changes.push(`${label}: ${from} → ${to}`);
  };

  change("Contact email", before.contactEmail, after.contactEmail);
  change("Phone", orNone(before.contactPhone), orNone(after.contactPhone));
  change("Cancellations", cancellationText(before), cancellationText(after));
  change("Return window", plural(before.returnWindowDays, "day"), plural(after.returnWindowDays, "day"));
  changes.push(listChange("Accepted reasons", before.acceptedReasons, after.acceptedReasons, (r) => REASON_LABELS[r]));
  change("Wording", before.allSalesFinal ? "all sales final except…" : "we accept returns for…", after.allSalesFinal ? "all sales final except…" : "we accept returns for…");
  change("Item condition", CONDITION_LABELS[before.itemCondition], CONDITION_LABELS[after.itemCondition]);
  changes.push(listChange("Non-returnable items", before.nonReturnable, after.nonReturnable, (i) => NON_RETURNABLE_LABELS[i]));
  for (const reason of RETURN_REASONS) {
    change(`Return shipping for ${REASON_LABELS[reason].toLowerCase()}`, PAYER_LABELS[before.returnShippingPaidBy[reason]], PAYER_LABELS[after.returnShippingPaidBy[reason]]);
  }
  if (before.returnAddressKind !== after.returnAddressKind) {
    change("Return address", ADDRESS_KIND_LABELS[before.returnAddressKind], ADDRESS_KIND_LABELS[after.returnAddressKind]);
  } else if (before.returnAddress !== after.returnAddress) {
    changes.push(`${ADDRESS_KIND_LABELS[after.returnAddressKind]} changed`);
  }
  change("Refund method", REFUND_METHOD_LABELS[before.refundMethod], REFUND_METHOD_LABELS[after.refundMethod]);
  change("Refund time", plural(before.refundProcessingDays, "business day"), plural(after.refundProcessingDays, "business day"));
  change("Restocking fee", feeText(before.restockingFeePercent), feeText(after.restockingFeePercent));
  change("Exchanges", EXCHANGE_LABELS[before.exchanges], EXCHANGE_LABELS[after.exchanges]);
  change("Time to report damaged or wrong items", plural(before.damagedReportDays, "day"), plural(after.damagedReportDays, "day"));
  change("Photos of damage", before.damagedPhotosRequired ? "required" : "not required", after.damagedPhotosRequired ? "required" : "not required");
  change("Damaged or wrong items", RESOLUTION_LABELS[before.damagedResolution], RESOLUTION_LABELS[after.damagedResolution]);
  if (before.note !== after.note) changes.push(!before.note ? "Extra note added" : !after.note ? "Extra note removed" : "Extra note changed");
  changes.push(listChange("Languages", before.languages, after.languages, (l) => LANGUAGE_LABELS[l]));
  change("Default language", LANGUAGE_LABELS[before.defaultLanguage], LANGUAGE_LABELS[after.defaultLanguage]);
  return changes.filter((c): c is string => Boolean(c));
}

export interface TextBlock {
  kind: "heading" | "text";
  text: string;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/**
 * The readable blocks of a rendered policy (headings, paragraphs, list items), as text. Only ever
 * applied to HTML our own renderer wrote, whose shape it knows.
 */
export function htmlToTextBlocks(html: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const match of html.matchAll(/<(h2|p|li)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = match[2]!
      .replace(/<br\s*\/?>/g, "\n")
      .replace(/<[^>]*>/g, "")
      .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
    blocks.push({ kind: match[1] === "h2" ? "heading" : "text", text });
  }
  return blocks;
}

export type DiffOp = "same" | "added" | "removed";
export interface DiffLine extends TextBlock {
  op: DiffOp;
}

/** A block-level diff (longest common subsequence): unchanged blocks, and what was removed or added. */
export function diffBlocks(before: TextBlock[], after: TextBlock[]): DiffLine[] {
  const key = (b: TextBlock) => `${b.kind}:${b.text}`;
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = key(before[i]!) === key(after[j]!) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (key(before[i]!) === key(after[j]!)) {
      lines.push({ ...before[i]!, op: "same" });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      lines.push({ ...before[i]!, op: "removed" });
      i++;
    } else {
      lines.push({ ...after[j]!, op: "added" });
      j++;
    }
  }
  while (i < n) lines.push({ ...before[i++]!, op: "removed" });
  while (j < m) lines.push({ ...after[j++]!, op: "added" });
  return lines;
}
