import type { Metadata } from "next";
import { Suspense } from "react";
import { OrdersView } from "@/components/orders/orders-view";

export const metadata: Metadata = { title: "Orders" };

export default function OrdersPage() {
  // The filters live in the query string, which the client reads with useSearchParams.
  return (
    <Suspense>
      <OrdersView />
    </Suspense>
  );
}
