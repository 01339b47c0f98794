import type { PolicyPhrases } from "./types";

/** "innerhalb eines Tages" / "innerhalb von 30 Tagen": the dative plural needs its own form. */
const withinDays = (n: number) => (n === 1 ? "innerhalb eines Tages" : `innerhalb von ${n} Tagen`);
const withinBusinessDays = (n: number) => (n === 1 ? "innerhalb eines Werktages" : `innerhalb von ${n} Werktagen`);
const withinHours = (n: number) => (n === 1 ? "innerhalb einer Stunde" : `innerhalb von ${n} Stunden`);

export const de: PolicyPhrases = {
  lang: "de",
  locale: "de-DE",
  htmlLang: "de",
  name: "Deutsch",
  title: (shop) => `${shop}: Rückgabe- und Erstattungsbedingungen`,
  intro: (shop) => `Auf dieser Seite erfahren Sie, wie Stornierungen, Rücksendungen und Erstattungen bei Bestellungen im Shop ${shop} ablaufen.`,
  effectiveFrom: (date) => `Gültig ab ${date}`,
  languagesLabel: "Sprachen",
  headings: {
    cancellation: "Bestellung stornieren",
    returns: "Rücksendungen",
    condition: "Zustand zurückgesendeter Artikel",
    nonReturnable: "Von der Rückgabe ausgeschlossene Artikel",
    returnShipping: "Kosten der Rücksendung",
    howToReturn: "So melden Sie eine Rücksendung an",
    refunds: "Erstattungen",
    restockingFee: "Wiedereinlagerungsgebühr",
    exchanges: "Umtausch",
    damaged: "Beschädigte, falsche oder fehlende Bestellungen",
    contact: "Kontakt",
    note: "Weitere Informationen",
  },
  cancellation: {
    untilDispatch: "Sie können Ihre Bestellung jederzeit stornieren, solange sie noch nicht versandt wurde.",
    afterDispatch: "Nach dem Versand kann eine Bestellung nicht mehr storniert werden.",
    withinHours: (n) => `Sie können Ihre Bestellung ${withinHours(n)} nach der Bestellung stornieren.`,
    afterHours: "Danach ist keine Stornierung mehr möglich.",
    howTo: "Schreiben Sie uns dazu eine E-Mail an {email} und nennen Sie Ihre Bestellnummer.",
    refund: "Eine stornierte Bestellung erstatten wir vollständig.",
  },
  returns: {
    noReturns: "Alle Verkäufe sind endgültig: Wir nehmen keine Rücksendungen an.",
    finalExcept: "Alle Verkäufe sind endgültig, außer in folgenden Fällen:",
    acceptedFor: "Wir nehmen Rücksendungen aus folgenden Gründen an:",
    reasons: {
      not_as_described: "Der Artikel entspricht nicht der Beschreibung oder nicht Ihrer Bestellung",
      damaged: "Der Artikel ist beschädigt oder defekt angekommen",
      wrong_size: "Der Artikel passt nicht (falsche Größe)",
      changed_mind: "Sie haben es sich anders überlegt",
      not_delivered: "Ihre Bestellung ist nicht angekommen",
      other: "Jeder sonstige Grund",
    },
    window: (n) => `Sie können eine Rücksendung ${withinDays(n)} nach Erhalt Ihrer Bestellung anmelden.`,
  },
  condition: {
    new_with_tags: "Zurückgesendete Artikel müssen ungetragen, ungewaschen und in der Originalverpackung sein, mit allen Etiketten.",
    unused: "Zurückgesendete Artikel müssen unbenutzt und in der Originalverpackung sein.",
    as_received: "Artikel können in dem Zustand zurückgesendet werden, in dem Sie sie erhalten haben.",
  },
  faultyException: "Dies gilt nicht für Artikel, die beschädigt oder defekt angekommen sind.",
  nonReturnable: {
    intro: "Folgende Artikel sind von der Rückgabe ausgeschlossen:",
    items: {
      personalised: "Personalisierte oder auf Bestellung angefertigte Artikel",
      intimates: "Unterwäsche, Bademode und Piercingschmuck, aus hygienischen Gründen",
      beauty: "Geöffnete Kosmetik- und Körperpflegeprodukte",
      perishable: "Verderbliche Waren wie Lebensmittel und Blumen",
      gift_cards: "Geschenkgutscheine",
      sale_items: "Reduziert gekaufte Artikel",
      digital: "Digitale Produkte zum Herunterladen",
    },
  },
  shipping: {
    store: "In diesen Fällen übernehmen wir die Kosten der Rücksendung:",
    customer: "In diesen Fällen tragen Sie die Kosten der Rücksendung:",
  },
  howToReturn: {
    none: "Wir haben keine Rücksendeadresse. Um eine Rücksendung anzumelden, schreiben Sie uns eine E-Mail an {email} mit Ihrer Bestellnummer und dem Grund der Rücksendung; wir antworten Ihnen mit einer Anleitung.",
    noneWait: "Bitte senden Sie nichts zurück, bevor Sie unsere Anleitung erhalten haben.",
    po_box: "Um eine Rücksendung anzumelden, schreiben Sie uns eine E-Mail an {email} mit Ihrer Bestellnummer und dem Grund der Rücksendung. Sobald wir sie bestätigt haben, senden Sie den Artikel an unser Postfach:",
    address: "Um eine Rücksendung anzumelden, schreiben Sie uns eine E-Mail an {email} mit Ihrer Bestellnummer und dem Grund der Rücksendung. Sobald wir sie bestätigt haben, senden Sie den Artikel an unsere Rücksendeadresse:",
    orderNumber: "Bitte legen Sie Ihre Bestellnummer dem Paket bei.",
  },
  refunds: {
    original_payment: "Sobald wir Ihre Rücksendung erhalten und geprüft oder Ihre Stornierung bestätigt haben, erstatten wir den Betrag über Ihre ursprüngliche Zahlungsart.",
    store_credit: "Sobald wir Ihre Rücksendung erhalten und geprüft oder Ihre Stornierung bestätigt haben, erstatten wir den Betrag als Guthaben, das Sie bei jeder künftigen Bestellung einlösen können.",
    processing: (n) => `Wir bearbeiten Erstattungen ${withinBusinessDays(n)}.`,
    bankDelay: "Ihre Bank oder Ihr Kartenanbieter benötigt unter Umständen einige Tage länger, bis der Betrag auf Ihrem Konto erscheint.",
  },
  restocking: {
    none: "Wir erheben keine Wiedereinlagerungsgebühr.",
    fee: (percent) =>
      `Bei Rücksendungen, die nicht auf einen Fehler unsererseits zurückgehen, ziehen wir eine Wiedereinlagerungsgebühr von ${percent} des Artikelpreises von der Erstattung ab.`,
  },
  exchanges: {
    none: "Wir bieten keinen Umtausch an.",
    size: "Wir tauschen Artikel gegen eine andere Größe desselben Produkts um, solange der Vorrat reicht.",
    same_price: "Wir tauschen Artikel gegen ein anderes Produkt zum gleichen Preis um, solange der Vorrat reicht.",
    returnInstead: "Wenn Sie etwas anderes möchten, senden Sie den Artikel gegen Erstattung zurück und geben Sie eine neue Bestellung auf.",
    howTo: "Für einen Umtausch schreiben Sie uns eine E-Mail an {email}.",
  },
  damaged: {
    report: (n) =>
      `Wenn Ihre Bestellung beschädigt oder defekt ankommt oder nicht dem entspricht, was Sie bestellt haben, melden Sie sich bitte ${withinDays(n)} nach der Zustellung bei uns.`,
    photos: "Bitte schicken Sie uns Fotos des Artikels und seiner Verpackung.",
    resolution: {
      refund: "Wir erstatten Ihnen dann den vollen Betrag.",
      replacement: "Wir schicken Ihnen dann kostenlos einen Ersatz.",
      customer_choice: "Sie können dann zwischen einem kostenlosen Ersatz und einer vollständigen Erstattung wählen.",
    },
    otherwise: "Wenn Ihre Bestellung beschädigt ankommt oder nicht dem entspricht, was Sie bestellt haben, wenden Sie sich an {email}; wir kümmern uns darum.",
    missing: "Wenn Ihre Bestellung nicht ankommt, wenden Sie sich an {email}; wir erstatten sie Ihnen vollständig.",
  },
  contact: {
    email: "Bei Fragen zu diesen Bedingungen schreiben Sie uns eine E-Mail an {email}.",
    phone: (phone) => `Telefonisch erreichen Sie uns unter ${phone}.`,
  },
  notFound: {
    title: "Seite nicht gefunden",
    body: "Diese Erstattungsbedingungen gibt es nicht, oder sie wurden noch nicht veröffentlicht.",
  },
};
