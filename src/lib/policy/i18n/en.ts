import type { PolicyPhrases } from "./types";

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);
const businessDays = (n: number) => (n === 1 ? "1 business day" : `${n} business days`);
const hours = (n: number) => (n === 1 ? "1 hour" : `${n} hours`);

export const en: PolicyPhrases = {
  lang: "en",
  locale: "en-US",
  htmlLang: "en",
  name: "English",
  title: (shop) => `${shop}: refund and returns policy`,
  intro: (shop) => `This page explains how cancellations, returns and refunds work for orders placed with ${shop}.`,
  effectiveFrom: (date) => `Effective from ${date}`,
  languagesLabel: "Languages",
  headings: {
    cancellation: "Cancelling an order",
    returns: "Returns",
    condition: "Condition of returned items",
    nonReturnable: "Items that cannot be returned",
    returnShipping: "Return shipping costs",
    howToReturn: "How to start a return",
    refunds: "Refunds",
    restockingFee: "Restocking fee",
    exchanges: "Exchanges",
    damaged: "Damaged, wrong or missing orders",
    contact: "Contact us",
    note: "Additional information",
  },
  cancellation: {
    untilDispatch: "You can cancel your order at any time until it has been dispatched.",
    afterDispatch: "Once an order has been dispatched, it can no longer be cancelled.",
    withinHours: (n) => `You can cancel your order within ${hours(n)} of placing it.`,
    afterHours: "After that, the order can no longer be cancelled.",
    howTo: "To cancel, email us at {email} with your order number.",
    refund: "We refund a cancelled order in full.",
  },
  returns: {
    noReturns: "All sales are final: we do not accept returns.",
    finalExcept: "All sales are final, except in the following cases:",
    acceptedFor: "We accept returns for the following reasons:",
    reasons: {
      not_as_described: "The item is not as described, or is not what you ordered",
      damaged: "The item arrived damaged or faulty",
      wrong_size: "The item does not fit (wrong size)",
      changed_mind: "You changed your mind",
      not_delivered: "Your order did not arrive",
      other: "Any other reason",
    },
    window: (n) => `You have ${days(n)} from the day you receive your order to ask for a return.`,
  },
  condition: {
    new_with_tags: "Returned items must be unused, unwashed and in their original packaging, with all tags attached.",
    unused: "Returned items must be unused and in their original packaging.",
    as_received: "Items may be returned in the condition in which you received them.",
  },
  faultyException: "This does not apply to items that arrived damaged or faulty.",
  nonReturnable: {
    intro: "The following items cannot be returned:",
    items: {
      personalised: "Personalised or made-to-order items",
      intimates: "Underwear, swimwear and pierced jewellery, for hygiene reasons",
      beauty: "Opened cosmetics and personal care products",
      perishable: "Perishable goods such as food and flowers",
      gift_cards: "Gift cards",
      sale_items: "Items bought on sale",
      digital: "Downloadable products",
    },
  },
  shipping: {
    store: "We pay for return shipping in these cases:",
    customer: "You pay for return shipping in these cases:",
  },
  howToReturn: {
    none: "We do not have a returns address. To start a return, email us at {email} with your order number and the reason for the return, and we will reply with instructions.",
    noneWait: "Please do not send anything back before you have received our instructions.",
    po_box: "To start a return, email us at {email} with your order number and the reason for the return. Once we have confirmed it, send the item to our PO box:",
    address: "To start a return, email us at {email} with your order number and the reason for the return. Once we have confirmed it, send the item to our returns address:",
    orderNumber: "Please include your order number in the parcel.",
  },
  refunds: {
    original_payment: "Once we have received and checked your return, or confirmed your cancellation, we refund you to your original payment method.",
    store_credit: "Once we have received and checked your return, or confirmed your cancellation, we refund you with store credit that you can spend on any future order.",
    processing: (n) => `We process refunds within ${businessDays(n)}.`,
    bankDelay: "Your bank or card provider may need a few more days to show the money in your account.",
  },
  restocking: {
    none: "We do not charge a restocking fee.",
    fee: (percent) => `We deduct a restocking fee of ${percent} of the item price from refunds for returns that are not caused by a mistake on our part.`,
  },
  exchanges: {
    none: "We do not offer exchanges.",
    size: "We exchange items for a different size of the same product, as long as it is in stock.",
    same_price: "We exchange items for another product of the same price, as long as it is in stock.",
    returnInstead: "If you would like something else, return the item for a refund and place a new order.",
    howTo: "To ask for an exchange, email us at {email}.",
  },
  damaged: {
    report: (n) => `If your order arrives damaged or faulty, or is not what you ordered, tell us within ${days(n)} of delivery.`,
    photos: "Please send photos of the item and of its packaging.",
    resolution: {
      refund: "We will then refund you in full.",
      replacement: "We will then send you a replacement at no extra cost.",
      customer_choice: "You can then choose between a free replacement and a full refund.",
    },
    otherwise: "If your order arrives damaged or is not what you ordered, contact us at {email} and we will look into it.",
    missing: "If your order does not arrive, contact us at {email} and we will refund it in full.",
  },
  contact: {
    email: "If you have any questions about this policy, email us at {email}.",
    phone: (phone) => `You can also call us on ${phone}.`,
  },
  notFound: {
    title: "Page not found",
    body: "This refund policy does not exist or has not been published.",
  },
};
