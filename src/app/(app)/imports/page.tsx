import type { Metadata } from "next";
import { ImportsView } from "@/components/imports/imports-view";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // `?storeId=…&kind=supplier_orders` (from an order list or a finished import) preselects the form.
  const { storeId, kind } = await searchParams;
  return <ImportsView initialStoreId={typeof storeId === "string" ? storeId : undefined} initialKind={typeof kind === "string" ? kind : undefined} />;
}
