"""Words and phrases that signal (or argue against) online selling, in many languages.

Each concept lists lower-case phrases. Languages covered: the six UN languages (ar, zh, en,
fr, ru, es), pt, de, it, nl, pl, cs, sk, uk, bg, sv, da, no, fi, lt, hu, tr, id, fa, ja, ko,
and for carts, checkout and delivery also ro, sr, el, he, vi, th, hi and sw.
Phrases are kept specific: a bare "buy" or "order" appears on many sites that sell nothing,
so such words are listed only in shop-like combinations.
"""

from __future__ import annotations

# Tables of phrases, laid out by language rather than one phrase per line.
# fmt: off
CART = (
    # en
    "cart", "shopping cart", "my cart", "your cart", "view cart", "basket", "shopping basket",
    "your basket", "my basket", "shopping bag", "my bag", "trolley",
    # de
    "warenkorb", "einkaufswagen", "einkaufskorb", "zum warenkorb",
    # fr
    "panier", "mon panier", "votre panier", "caddie",
    # es
    "carrito", "carrito de compras", "carrito de compra", "mi carrito", "cesta de la compra",
    "mi cesta", "bolsa de compras",
    # pt
    "carrinho", "carrinho de compras", "meu carrinho", "sacola de compras",
    # it
    "carrello", "il mio carrello",
    # nl
    "winkelwagen", "winkelwagentje", "winkelmand", "winkelmandje",
    # pl, cs, sk
    "koszyk", "twój koszyk", "košík", "nákupní košík",
    # ru, uk, bg
    "корзина", "корзину", "моя корзина", "ваша корзина", "кошик", "количка", "кошница",
    # ar, fa
    "سلة التسوق", "سلة المشتريات", "عربة التسوق", "سلة الشراء", "سبد خرید",
    # zh, ja, ko
    "购物车", "購物車", "购物篮", "カート", "ショッピングカート", "買い物かご", "買い物カゴ",
    "장바구니",
    # sv, da, no, fi
    "varukorg", "varukorgen", "kundvagn", "indkøbskurv", "indkøbsvogn", "handlekurv",
    "handlekurven", "handlevogn", "ostoskori",
    # lt, hu, tr, id
    "krepšelis", "krepšelyje", "kosár", "kosaram", "sepet", "sepetim", "alışveriş sepeti",
    "keranjang", "keranjang belanja",
    # sk, da, ja, ro, sr, el, he, vi, th, hi, sw
    "nákupný košík", "kurv", "din kurv", "お買い物かご", "coș", "coșul meu", "cos de cumparaturi",
    "coș de cumpărături", "korpa", "корпа", "καλάθι", "το καλάθι μου", "עגלת קניות",
    "סל הקניות", "giỏ hàng", "ตะกร้าสินค้า", "कार्ट", "kikapu",
)

ADD_TO_CART = (
    "add to cart", "add to basket", "add to bag", "add to trolley", "add to shopping cart",
    "in den warenkorb", "in den einkaufswagen", "zum warenkorb hinzufügen",
    "ajouter au panier", "ajout au panier", "mettre au panier", "mettre dans le panier",
    "añadir al carrito", "agregar al carrito", "añadir a la cesta", "añadir a la bolsa",
    "adicionar ao carrinho", "adicionar à sacola", "colocar no carrinho",
    "aggiungi al carrello", "metti nel carrello",
    "in winkelwagen", "toevoegen aan winkelwagen", "in winkelmand", "in mijn winkelwagen",
    "do koszyka", "dodaj do koszyka", "do košíku", "vložit do košíku", "pridať do košíka",
    "do košíka",
    "в корзину", "добавить в корзину", "положить в корзину", "в кошик", "додати в кошик",
    "купить в один клик", "добави в количката", "добави в кошницата",
    "أضف إلى السلة", "اضف الى السلة", "أضف للسلة", "إضافة إلى السلة", "أضف إلى عربة التسوق",
    "افزودن به سبد خرید", "افزودن به سبد",
    "加入购物车", "加入購物車", "放入购物车", "カートに入れる", "カートに追加",
    "買い物かごに入れる",
    "장바구니 담기",
    "lägg i varukorgen", "köp nu", "læg i kurv", "læg i indkøbskurv", "legg i handlekurven",
    "legg i handlekurv", "lisää ostoskoriin",
    "į krepšelį", "dėti į krepšelį", "kosárba", "kosárba teszem", "sepete ekle",
    "tambah ke keranjang", "masukkan keranjang", "beli sekarang",
    "buy now", "buy it now", "jetzt kaufen", "sofort kaufen", "acheter maintenant",
    "comprar ahora", "compre agora", "compre já", "acquista ora", "compra ora", "nu kopen",
    "koop nu", "kup teraz", "koupit nyní", "купить сейчас", "اشتر الآن", "اشتري الآن",
    "立即购买", "立即購買", "今すぐ購入", "바로구매", "kjøp nå", "køb nu", "osta nyt",
    "satın al", "pirkti dabar",
    "adaugă în coș", "adauga in cos", "dodaj u korpu", "додај у корпу", "προσθήκη στο καλάθι",
    "הוסף לסל", "הוספה לסל", "thêm vào giỏ", "mua ngay", "หยิบใส่ตะกร้า", "कार्ट में जोड़ें",
    "अभी खरीदें", "nunua sasa",
)

CHECKOUT = (
    "checkout", "check out", "proceed to checkout", "place order", "place your order",
    "zur kasse", "kasse", "bestellung abschließen", "zahlungsarten", "zahlungsweisen",
    "passer commande", "valider ma commande", "valider la commande", "modes de paiement",
    "moyens de paiement", "paiement sécurisé",
    "finalizar compra", "tramitar pedido", "realizar pedido", "formas de pago",
    "métodos de pago", "pago seguro",
    "finalizar pedido", "fechar pedido", "formas de pagamento", "pagamento seguro",
    "procedi all'acquisto", "vai alla cassa", "completa l'ordine", "metodi di pagamento",
    "pagamento sicuro",
    "afrekenen", "naar de kassa", "betaalmethoden", "veilig betalen",
    "do kasy", "złóż zamówienie", "formy płatności", "metody płatności",
    "k pokladně", "pokladna", "pokladňa", "způsoby platby", "spôsoby platby",
    "оформить заказ", "оформление заказа", "оформить", "способы оплаты", "оплата и доставка",
    "доставка и оплата", "оформити замовлення", "способи оплати", "завърши поръчката",
    "إتمام الشراء", "إتمام الطلب", "طرق الدفع", "تکمیل خرید", "پرداخت آنلاین",
    "结算", "去结算", "結帳", "结账", "提交订单", "支付方式", "レジに進む", "ご購入手続き",
    "お支払い方法", "결제하기", "주문하기",
    "till kassan", "gå till kassan", "til kassen", "gå til kassen", "betalingsmåter",
    "betalingsmetoder", "kassalle", "maksutavat",
    "apmokėjimas", "atsiskaityti", "pénztár", "fizetési módok", "ödeme yöntemleri",
    "siparişi tamamla", "metode pembayaran",
    "ثبت سفارش", "在线支付", "finalizează comanda", "finalizare comandă", "naplata",
    "ολοκλήρωση παραγγελίας", "לתשלום", "thanh toán", "ชำระเงิน",
)

ORDER_ACCOUNT = (
    "my orders", "order status", "track order", "track your order", "order tracking",
    "order history", "wishlist", "wish list", "my wishlist",
    "meine bestellungen", "bestellstatus", "sendungsverfolgung", "merkzettel", "wunschliste",
    "mes commandes", "suivi de commande", "suivre ma commande", "liste d'envies",
    "mis pedidos", "seguimiento de pedido", "estado del pedido", "lista de deseos",
    "meus pedidos", "acompanhar pedido", "lista de desejos",
    "i miei ordini", "stato ordine", "lista dei desideri",
    "mijn bestellingen", "verlanglijst", "verlanglijstje",
    "moje zamówienia", "status zamówienia", "lista życzeń", "moje objednávky",
    "мои заказы", "статус заказа", "история заказов", "мої замовлення", "моите поръчки",
    "طلباتي", "تتبع الطلب", "سفارش های من", "پیگیری سفارش",
    "我的订单", "我的訂單", "订单查询", "注文履歴", "주문조회",
    "mina beställningar", "önskelista", "mine ordrer", "mine bestillinger", "ønskeliste",
    "tilaukseni", "mano užsakymai", "rendeléseim", "siparişlerim", "sipariş takibi",
    "pesanan saya",
)

SHIPPING = (
    "free shipping", "free delivery", "shipping & returns", "shipping and returns",
    "free returns", "in stock", "out of stock", "ships within", "delivery charges",
    "versandkostenfrei", "kostenloser versand", "versandkosten", "lieferzeit", "auf lager",
    "sofort lieferbar", "zzgl. versand", "inkl. mwst", "inkl. mwst.", "kostenlose rücksendung",
    "livraison gratuite", "frais de port", "frais de livraison", "en stock", "retour gratuit",
    "envío gratis", "envíos gratis", "gastos de envío", "envío gratuito", "devolución gratis",
    "frete grátis", "frete gratis", "entrega grátis", "em estoque", "cálculo do frete",
    "spedizione gratuita", "spese di spedizione", "disponibilità immediata",
    "gratis verzending", "verzendkosten", "op voorraad", "gratis retour",
    "darmowa dostawa", "koszty dostawy", "koszt dostawy", "doprava zdarma", "skladem",
    "бесплатная доставка", "в наличии", "стоимость доставки", "самовывоз",
    "безкоштовна доставка", "в наявності", "безплатна доставка",
    "شحن مجاني", "الشحن مجاني", "ارسال رایگان",
    "包邮", "免运费", "免運費", "送料無料", "在庫あり", "무료배송",
    "fri frakt", "fri fragt", "gratis fragt", "fri levering", "på lager", "i lager",
    "ilmainen toimitus", "nemokamas pristatymas", "ingyenes szállítás", "raktáron",
    "ücretsiz kargo", "gratis ongkir",
    "na sklade", "в наличност", "livrare gratuită", "livrare gratuita", "besplatna dostava",
    "δωρεάν αποστολή", "משלוח חינם", "miễn phí vận chuyển", "ส่งฟรี", "मुफ्त डिलीवरी",
)

SHOP_NAME = (
    "online shop", "online store", "web shop", "webshop", "e-shop", "eshop", "shop online",
    "shop now", "order online", "buy online",
    "onlineshop", "online-shop", "online kaufen", "online bestellen", "jetzt bestellen",
    "boutique en ligne", "achat en ligne", "acheter en ligne", "commander en ligne",
    "tienda online", "tienda en línea", "comprar online", "compra online", "comprar en línea",
    "loja online", "loja virtual", "compre online", "comprar online",
    "negozio online", "acquista online", "webwinkel", "online bestellen",
    "sklep internetowy", "sklep online", "kup online", "internetový obchod", "internetový obchod",
    "интернет-магазин", "интернет магазин", "купить онлайн", "заказать онлайн",
    "інтернет-магазин", "онлайн магазин",
    "متجر إلكتروني", "المتجر الإلكتروني", "تسوق الآن", "تسوق أونلاين", "فروشگاه اینترنتی",
    "فروشگاه آنلاین", "网上商城", "在线商城", "网店", "網路商店", "オンラインショップ", "通販",
    "온라인쇼핑", "nettbutikk", "netbutik", "nätbutik", "verkkokauppa",
    "elektroninė parduotuvė", "internetinė parduotuvė", "el. parduotuvė", "webáruház",
    "online áruház", "online alışveriş", "toko online", "belanja online",
)

BOOKING = (
    "book now", "book online", "online booking", "reserve now", "buy tickets", "book tickets",
    "buy ticket", "check availability", "booking engine",
    "jetzt buchen", "online buchen", "tickets kaufen", "karten kaufen", "ticket kaufen",
    "réserver", "réservez", "réserver en ligne", "réservation en ligne", "acheter des billets",
    "billetterie", "reservar", "reserve ahora", "reservar ahora", "reserva online",
    "comprar entradas", "comprar billetes", "reserve agora", "comprar ingressos",
    "comprar bilhetes", "prenota", "prenota ora", "prenota online", "acquista biglietti",
    "boek nu", "online boeken", "tickets kopen", "zarezerwuj", "rezerwacja online",
    "kup bilet", "rezervovat", "koupit vstupenky", "забронировать", "онлайн-бронирование",
    "онлайн бронирование", "купить билет", "купить билеты", "забронювати", "резервирай",
    "احجز الآن", "الحجز عبر الإنترنت", "رزرو آنلاین", "خرید بلیط", "رزرو بلیط",
    "立即预订", "在线预订", "网上订票", "購票", "今すぐ予約", "予約する", "예약하기",
    "boka nu", "boka online", "book nu", "bestill nå", "varaa nyt", "pirkti bilietą",
    "pirkti bilietus", "užsisakyti", "foglaljon most", "rezervasyon yap", "pesan sekarang",
    # ticket sales, reservation systems and gift vouchers
    "online ticketing", "ticketing system", "ticket sales", "online tickets", "gift voucher",
    "gift vouchers", "gift card", "gift cards", "e-ticket", "reservation system",
    "online-tickets", "ticketshop", "gutschein kaufen", "geschenkgutschein", "buchungssystem",
    "réservation rapide", "carte cadeau", "chèque cadeau", "billet électronique",
    "reserva en línea", "tarjeta regalo", "venta de entradas", "vale-presente", "cartão presente",
    "buono regalo", "carta regalo", "cadeaubon", "bon podarunkowy", "karta podarunkowa",
    "dárkový poukaz", "подарочный сертификат", "подарочные сертификаты", "электронный билет",
    "система бронирования", "подарунковий сертифікат", "бронювання", "قسيمة هدية", "بطاقة هدية",
    "سامانه رزرواسیون", "رزرواسیون", "خرید با کارت", "خرید اینترنتی", "在线订票", "礼品卡",
    "ギフト券", "ギフトカード", "기프트카드", "presentkort", "gavekort", "lahjakortti",
    "dovanų kuponai", "dovanų kuponas", "ajándékutalvány", "hediye çeki", "hediye kartı",
    "voucher hadiah",
)

DONATE = (
    "donate", "donation", "donations", "make a donation", "spenden", "jetzt spenden",
    "faire un don", "donar", "donativo", "donaciones", "doação", "doações", "doar",
    "dona ora", "donazione", "doneren", "wesprzyj", "darovat", "пожертвовать",
    "пожертвование", "пожертвования", "تبرع", "تبرعات", "اهدای", "捐款", "捐赠", "寄付",
    "donér", "lahjoita", "paaukoti", "adomány", "bağış yap", "donasi",
)

CLASSIFIEDS = (
    "classifieds", "classified ads", "post an ad", "post ad", "post your ad", "place an ad",
    "free ads", "buy and sell", "kleinanzeigen", "anzeige aufgeben", "inserat aufgeben",
    "petites annonces", "déposer une annonce", "passer une annonce", "anuncios clasificados",
    "publicar anuncio", "poner anuncio", "anúncios classificados", "anunciar grátis",
    "annunci gratuiti", "inserisci annuncio", "zoekertjes", "advertentie plaatsen",
    "ogłoszenia", "dodaj ogłoszenie", "inzeráty", "podat inzerát", "bazár", "inzercia",
    "доска объявлений", "подать объявление", "разместить объявление", "объявления",
    "дошка оголошень", "подати оголошення", "обяви", "публикувай обява", "безплатни обяви",
    "إعلانات مبوبة", "أضف إعلان", "نيازمندی", "分类广告", "分類廣告", "クラシファイド",
    "annonser", "köp och sälj", "køb og salg", "kjøp og salg", "ilmoitukset", "skelbimai",
    "apróhirdetés", "hirdetésfeladás", "ilan ver", "ücretsiz ilan", "iklan baris",
    "pasang iklan",
)

COMPARISON = (
    "compare prices", "price comparison", "coupon codes", "promo codes", "discount codes",
    "voucher codes", "we may earn a commission", "affiliate links", "affiliate link",
    "preisvergleich", "preise vergleichen", "gutscheincodes", "gutscheine",
    "comparateur de prix", "comparer les prix", "codes promo", "bons de réduction",
    "comparar precios", "comparador de precios", "cupones de descuento",
    "comparar preços", "comparador de preços", "cupons de desconto", "confronta prezzi",
    "codici sconto", "prijsvergelijking", "prijzen vergelijken", "kortingscodes",
    "porównywarka cen", "porównaj ceny", "kody rabatowe", "srovnání cen", "porovnání cen",
    "slevové kupóny", "сравнение цен", "сравнить цены", "промокоды", "порівняння цін",
    "مقارنة الأسعار", "كوبونات", "مقایسه قیمت", "比价", "比價", "价格比较", "価格比較",
    "가격비교", "prisjämförelse", "rabattkoder", "prissammenligning", "rabatkoder",
    "kupongkoder", "kupongkode", "hintavertailu", "kainų palyginimas", "árösszehasonlítás",
    "árösszehasonlító", "fiyat karşılaştırma", "indirim kodları", "perbandingan harga",
    "kode kupon",
)

# fmt: on

CONCEPTS: dict[str, tuple[str, ...]] = {
    "cart": CART,
    "add_to_cart": ADD_TO_CART,  # also "buy now" buttons
    "checkout": CHECKOUT,
    "order_account": ORDER_ACCOUNT,
    "shipping": SHIPPING,
    "shop_name": SHOP_NAME,
    "booking": BOOKING,
    "donate": DONATE,
    "classifieds": CLASSIFIEDS,
    "comparison": COMPARISON,
}
"""Concept name to phrases; the keys name the ``*_words`` page features."""
