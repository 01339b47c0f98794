import type { Metadata } from "next";
import { ExchangeRateSettings } from "@/components/settings/exchange-rates/exchange-rate-settings";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Exchange rates" };

export default async function ExchangeRatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // `?currency=KRW&validFrom=2026-01-01` (from the loss report's missing-rate link) fills in the form.
  const { currency, validFrom } = await searchParams;
  await getQueryClient().prefetchQuery(trpc.report.rates.queryOptions());
  return (
    <HydrateClient>
      <ExchangeRateSettings
        initialCurrency={typeof currency === "string" && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : undefined}
        initialValidFrom={typeof validFrom === "string" ? validFrom : undefined}
      />
    </HydrateClient>
  );
}
