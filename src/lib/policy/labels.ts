import type { ReturnReason } from "@/lib/supplier-terms";
import type {
  CancellationWindow,
  DamageResolution,
  ExchangeOption,
  ItemCondition,
  NonReturnableItem,
  RefundMethod,
  ReturnAddressKind,
  ShippingPayer,
} from "./settings";

/** How the builder (in English, like the rest of the app) names each setting's options. */

export const REASON_LABELS: Record<ReturnReason, string> = {
  not_as_described: "Not as described or wrong item",
  damaged: "Damaged or faulty",
  wrong_size: "Wrong size",
  changed_mind: "Change of mind",
  not_delivered: "Not delivered",
  other: "Any other reason",
};

export const CANCELLATION_LABELS: Record<CancellationWindow, string> = {
  until_dispatch: "Until the order is dispatched",
  hours: "Within a number of hours",
};

export const CONDITION_LABELS: Record<ItemCondition, string> = {
  new_with_tags: "Unused, unwashed, tags attached",
  unused: "Unused, in original packaging",
  as_received: "As received",
};

export const NON_RETURNABLE_LABELS: Record<NonReturnableItem, string> = {
  personalised: "Personalised or made to order",
  intimates: "Underwear, swimwear, piercings",
  beauty: "Opened cosmetics and personal care",
  perishable: "Perishable goods",
  gift_cards: "Gift cards",
  sale_items: "Sale items",
  digital: "Downloadable products",
};

export const PAYER_LABELS: Record<ShippingPayer, string> = { store: "We pay", customer: "Customer pays" };

export const ADDRESS_KIND_LABELS: Record<ReturnAddressKind, string> = {
  none: "No return address: customers email for instructions",
  po_box: "PO box",
  address: "Returns address",
};

export const REFUND_METHOD_LABELS: Record<RefundMethod, string> = {
  original_payment: "Original payment method",
  store_credit: "Store credit",
};

export const EXCHANGE_LABELS: Record<ExchangeOption, string> = {
  none: "No exchanges",
  size: "Another size of the same product",
  same_price: "Another product of the same price",
};

export const RESOLUTION_LABELS: Record<DamageResolution, string> = {
  refund: "Full refund",
  replacement: "Free replacement",
  customer_choice: "Customer chooses refund or replacement",
};
