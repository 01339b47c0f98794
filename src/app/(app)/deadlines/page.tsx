import type { Metadata } from "next";
import { DeadlinesInboxView } from "@/components/deadlines/inbox-view";

export const metadata: Metadata = { title: "Deadlines" };

export default function DeadlinesPage() {
  return <DeadlinesInboxView />;
}
