"""A small set of Russian and English comments with their topics, written for the text-model
tests (not the demo's): each topic is said in several ways and word forms, so a held-out comment
shares stems with the training ones but rarely a whole sentence."""

DELIVERY = [
    "Доставка опоздала на три дня, машина пришла только в пятницу",
    "Опять задержали доставку, монтаж стоял",
    "Сроки доставки сорваны, ждали неделю",
    "Машина с трубами пришла позже обещанного срока",
    "Доставкой недовольны: водитель приехал на день позже",
    "Просим соблюдать сроки поставки, очередная задержка",
    "Отгрузку перенесли без предупреждения, поставка опоздала",
    "Задержка поставки на две недели",
    "The delivery was late again, the truck came three days after the date",
    "Shipment delayed by a week, our site was waiting",
    "Late delivery of the pipes, missed the agreed date",
    "The truck arrived late and the delivery date was missed",
    "Deliveries keep being late",
    "Delayed shipment, nobody warned us about the delay",
]

QUALITY = [
    "В партии труб брак: трещины на сварном шве",
    "Качество металла плохое, много дефектов",
    "Обнаружили ржавчину и трещины на листах",
    "Трубы с дефектами, пришлось вернуть часть партии",
    "Бракованный лист, покрытие отслаивается",
    "Дефекты сварки на трубах, качество ниже ожидаемого",
    "Опять брак в поставленной партии арматуры",
    "Металл с трещинами и ржавчиной",
    "Defects in the welded seam of the pipes",
    "Poor quality steel, cracks on several sheets",
    "Rust and cracks found on the delivered sheets",
    "The pipes had defects, we returned part of the batch",
    "Coating is peeling, a defective batch",
    "Quality of the steel was below the specification, many defects",
]

DOCUMENTS = [
    "Сертификаты качества не приложили к отгрузке",
    "Ошибки в счёте-фактуре, пришлось переделывать",
    "В накладной неверное количество, документы с ошибками",
    "Нет сертификата на партию, бухгалтерия ждёт документы",
    "Документы пришли с опечатками в реквизитах",
    "Счёт выставлен с ошибкой в сумме",
    "Паспорт качества не соответствует накладной",
    "Опять не прислали закрывающие документы",
    "The certificates were missing from the shipment",
    "Errors in the invoice, the amount was wrong",
    "The delivery note had the wrong quantity",
    "Documents arrived with mistakes in our company details",
    "No quality certificate for the batch, accounting is waiting for documents",
    "Invoice errors again, we had to ask for corrected documents",
]

MANAGER = [
    "Менеджер не отвечает на звонки и письма",
    "Наш менеджер долго отвечает, приходится звонить по три раза",
    "Менеджер вежливый, но на письма отвечает через неделю",
    "Не можем дозвониться до менеджера",
    "Менеджер забыл перезвонить, ответа так и нет",
    "Сложно связаться с менеджером по продажам",
    "Менеджер не ответил на запрос коммерческого предложения",
    "Звонки менеджеру остаются без ответа",
    "The account manager does not answer calls or e-mails",
    "Our sales manager replies very slowly",
    "We could not reach the manager for a week",
    "The manager forgot to call back, still no answer",
    "Hard to get a reply from the sales manager",
    "No answer from the manager to our request for a quote",
]

PRICE = [
    "Цена выше, чем у конкурентов",
    "Подняли цены без предупреждения",
    "Дорого, у других поставщиков дешевле",
    "Цены выросли на десять процентов, скидку не дали",
    "Стоимость металла завышена по сравнению с рынком",
    "Цена на трубы слишком высокая",
    "Просим пересмотреть цены, дорого",
    "Ценовое предложение хуже, чем у конкурента",
    "The price is higher than the competitors' price",
    "Prices were raised without any notice",
    "Too expensive, other suppliers are cheaper",
    "Prices went up ten percent and no discount",
    "The steel price is well above the market",
    "The price of the pipes is too high",
]

EXAMPLES = {
    "delivery": DELIVERY,
    "quality": QUALITY,
    "documents": DOCUMENTS,
    "manager": MANAGER,
    "price": PRICE,
}

PRAISE = [
    "Спасибо, всё пришло вовремя и без замечаний",
    "Отличная работа, очень довольны",
    "Благодарим за быструю и качественную работу",
    "Всё отлично, спасибо команде",
    "Очень довольны сотрудничеством",
    "Great job, thank you, everything was perfect",
    "Very happy with the service, thanks",
    "Excellent work, thank you to the team",
    "Thank you, all good and on time",
    "Perfect, we are very satisfied",
]

# two themes none of the topics above is about: the emerging-topics tests group them
WEIGHING = [
    "Вес на весах не совпал с накладной",
    "Весы показали меньший вес",
    "Недовес при взвешивании на весах",
    "Вес партии меньше, перевесили на весах",
]

PARKING = [
    "Водителю негде парковаться у склада",
    "Нет парковки у склада, водитель у ворот",
    "Парковка у склада занята, водителю негде встать",
    "Охрана склада не пускает водителя на парковку",
]


def examples(polarity="complaint"):
    """(text, [topic], polarity) triples of every topic's comments."""
    return [(text, [topic], polarity) for topic, texts in EXAMPLES.items() for text in texts]
