import type { PolicyPhrases } from "./types";

const days = (n: number) => (n === 1 ? "1 dia" : `${n} dias`);
const businessDays = (n: number) => (n === 1 ? "1 dia útil" : `${n} dias úteis`);
const hours = (n: number) => (n === 1 ? "1 hora" : `${n} horas`);

export const pt: PolicyPhrases = {
  lang: "pt",
  locale: "pt-BR",
  htmlLang: "pt",
  name: "Português",
  title: (shop) => `${shop}: política de reembolso e devolução`,
  intro: (shop) => `Esta página explica como funcionam os cancelamentos, as devoluções e os reembolsos dos pedidos feitos na loja ${shop}.`,
  effectiveFrom: (date) => `Em vigor a partir de ${date}`,
  languagesLabel: "Idiomas",
  headings: {
    cancellation: "Cancelamento de pedidos",
    returns: "Devoluções",
    condition: "Estado dos produtos devolvidos",
    nonReturnable: "Produtos que não podem ser devolvidos",
    returnShipping: "Custos do frete de devolução",
    howToReturn: "Como solicitar uma devolução",
    refunds: "Reembolsos",
    restockingFee: "Taxa de reposição de estoque",
    exchanges: "Trocas",
    damaged: "Pedidos danificados, errados ou extraviados",
    contact: "Fale conosco",
    note: "Informações adicionais",
  },
  cancellation: {
    untilDispatch: "Você pode cancelar o seu pedido a qualquer momento até que ele seja despachado.",
    afterDispatch: "Depois de despachado, o pedido não pode mais ser cancelado.",
    withinHours: (n) => `Você pode cancelar o seu pedido em até ${hours(n)} após a compra.`,
    afterHours: "Depois desse prazo, o pedido não pode mais ser cancelado.",
    howTo: "Para cancelar, envie um e-mail para {email} informando o número do pedido.",
    refund: "Reembolsamos integralmente os pedidos cancelados.",
  },
  returns: {
    noReturns: "Todas as vendas são definitivas: não aceitamos devoluções.",
    finalExcept: "Todas as vendas são definitivas, exceto nos seguintes casos:",
    acceptedFor: "Aceitamos devoluções pelos seguintes motivos:",
    reasons: {
      not_as_described: "O produto não corresponde à descrição ou não é o que você encomendou",
      damaged: "O produto chegou danificado ou com defeito",
      wrong_size: "O produto não serve (tamanho errado)",
      changed_mind: "Você mudou de ideia",
      not_delivered: "O seu pedido não chegou",
      other: "Qualquer outro motivo",
    },
    window: (n) => `Você tem ${days(n)} a partir do recebimento do pedido para solicitar uma devolução.`,
  },
  condition: {
    new_with_tags: "Os produtos devolvidos devem estar sem uso, sem lavagem e na embalagem original, com todas as etiquetas.",
    unused: "Os produtos devolvidos devem estar sem uso e na embalagem original.",
    as_received: "Os produtos podem ser devolvidos no estado em que você os recebeu.",
  },
  faultyException: "Isso não se aplica a produtos que chegaram danificados ou com defeito.",
  nonReturnable: {
    intro: "Os seguintes produtos não podem ser devolvidos:",
    items: {
      personalised: "Produtos personalizados ou feitos sob encomenda",
      intimates: "Roupas íntimas, moda praia e joias para piercing, por motivos de higiene",
      beauty: "Cosméticos e produtos de cuidados pessoais abertos",
      perishable: "Produtos perecíveis, como alimentos e flores",
      gift_cards: "Vale-presentes",
      sale_items: "Produtos comprados em promoção",
      digital: "Produtos digitais para baixar",
    },
  },
  shipping: {
    store: "Nós pagamos o frete de devolução nestes casos:",
    customer: "Você paga o frete de devolução nestes casos:",
  },
  howToReturn: {
    none: "Não temos endereço para devoluções. Para solicitar uma devolução, envie um e-mail para {email} com o número do pedido e o motivo da devolução, e responderemos com as instruções.",
    noneWait: "Não envie nada de volta antes de receber as nossas instruções.",
    po_box: "Para solicitar uma devolução, envie um e-mail para {email} com o número do pedido e o motivo da devolução. Depois da nossa confirmação, envie o produto para a nossa caixa postal:",
    address: "Para solicitar uma devolução, envie um e-mail para {email} com o número do pedido e o motivo da devolução. Depois da nossa confirmação, envie o produto para o nosso endereço de devoluções:",
    orderNumber: "Coloque o número do pedido dentro do pacote.",
  },
  refunds: {
    original_payment: "Assim que recebermos e verificarmos a sua devolução, ou confirmarmos o seu cancelamento, devolveremos o valor pelo mesmo meio de pagamento usado na compra.",
    store_credit: "Assim que recebermos e verificarmos a sua devolução, ou confirmarmos o seu cancelamento, devolveremos o valor como crédito na loja, que você pode usar em qualquer pedido futuro.",
    processing: (n) => `Processamos os reembolsos em até ${businessDays(n)}.`,
    bankDelay: "O seu banco ou a operadora do cartão pode levar mais alguns dias para mostrar o valor na sua conta.",
  },
  restocking: {
    none: "Não cobramos taxa de reposição de estoque.",
    fee: (percent) => `Nas devoluções que não forem causadas por um erro nosso, descontamos do reembolso uma taxa de reposição de estoque de ${percent} do preço do produto.`,
  },
  exchanges: {
    none: "Não fazemos trocas.",
    size: "Trocamos produtos por outro tamanho do mesmo modelo, conforme a disponibilidade em estoque.",
    same_price: "Trocamos produtos por outro de mesmo preço, conforme a disponibilidade em estoque.",
    returnInstead: "Se preferir outro produto, devolva o que recebeu para ser reembolsado e faça um novo pedido.",
    howTo: "Para pedir uma troca, envie um e-mail para {email}.",
  },
  damaged: {
    report: (n) => `Se o seu pedido chegar danificado, com defeito ou diferente do que você encomendou, avise-nos em até ${days(n)} após a entrega.`,
    photos: "Envie fotos do produto e da embalagem.",
    resolution: {
      refund: "Nesse caso, devolveremos o valor integral.",
      replacement: "Nesse caso, enviaremos um produto novo sem custo adicional.",
      customer_choice: "Nesse caso, você pode escolher entre receber um produto novo sem custo ou o reembolso integral.",
    },
    otherwise: "Se o seu pedido chegar danificado ou diferente do que você encomendou, escreva para {email} e analisaremos o caso.",
    missing: "Se o seu pedido não chegar, escreva para {email} e devolveremos o valor integral.",
  },
  contact: {
    email: "Se tiver dúvidas sobre esta política, envie um e-mail para {email}.",
    phone: (phone) => `Você também pode nos ligar no número ${phone}.`,
  },
  notFound: {
    title: "Página não encontrada",
    body: "Esta política de reembolso não existe ou ainda não foi publicada.",
  },
};
