"""The report's prose, from templates in the requester's language (en, de, pl, hr, ko), stating the headline
numbers and their change. Every number comes from the computed figures; nothing is estimated here."""

from __future__ import annotations

from decimal import Decimal

from assistant.reports.number_format import format_amount, format_count, format_days, format_percent
from assistant.reports.period_labels import describe_period, format_day, localise_label
from assistant.reports.results import Figure, ReportResult, Unit
from assistant.reports.specs import HrSpec, PipelineSpec, ReportKind, SalesSpec, spec_from_json

LANGUAGES = ("en", "de", "pl", "hr", "ko")
LANGUAGE_NAMES = {"en": "English", "de": "German", "pl": "Polish", "hr": "Croatian", "ko": "Korean"}

_EMPTY = {
    "en": "There is no data for {subject}; the report is empty.",
    "de": "Für den Zeitraum {subject} liegen keine Daten vor; der Bericht ist leer.",
    "pl": "Brak danych za okres {subject}; raport jest pusty.",
    "hr": "Za razdoblje {subject} nema podataka; izvještaj je prazan.",
    "ko": "{subject} 기간에 데이터가 없어 보고서가 비어 있습니다.",
}
_CHANGE = {
    "en": ("up {pct}% from {previous}", "down {pct}% from {previous}", "unchanged from {previous}"),
    "de": (
        "{pct} % mehr als {previous}",
        "{pct} % weniger als {previous}",
        "unverändert gegenüber {previous}",
    ),
    "pl": (
        "wzrost o {pct}% wobec {previous}",
        "spadek o {pct}% wobec {previous}",
        "bez zmian wobec {previous}",
    ),
    "hr": (
        "rast od {pct}% u odnosu na {previous}",
        "pad od {pct}% u odnosu na {previous}",
        "bez promjene ({previous})",
    ),
    "ko": ("{previous} 대비 {pct}% 증가", "{previous} 대비 {pct}% 감소", "{previous}와 동일"),
}
_SENTENCES: dict[ReportKind, dict[str, str]] = {
    ReportKind.SALES: {
        "en": "Revenue for {subject} was {revenue} from {orders} orders{revenue_change}. "
        "Average order value: {average_order}. The largest group is {top_group} with {top_share}% of revenue.",
        "de": "Der Umsatz im Zeitraum {subject} betrug {revenue} aus {orders} Bestellungen{revenue_change}. "
        "Durchschnittlicher Bestellwert: {average_order}. Größte Gruppe: {top_group} mit {top_share} % des Umsatzes.",
        "pl": "Sprzedaż w okresie {subject} wyniosła {revenue} z {orders} zamówień{revenue_change}. "
        "Średnia wartość zamówienia: {average_order}. Największa grupa: {top_group} ({top_share}% sprzedaży).",
        "hr": "Prihod u razdoblju {subject} iznosio je {revenue} iz {orders} narudžbi{revenue_change}. "
        "Prosječna vrijednost narudžbe: {average_order}. Najveća skupina: {top_group} s {top_share}% prihoda.",
        "ko": "{subject} 매출은 주문 {orders}건에서 {revenue}입니다{revenue_change}. "
        "평균 주문 금액은 {average_order}이며, 가장 큰 그룹은 {top_group}(매출의 {top_share}%)입니다.",
    },
    ReportKind.INVENTORY: {
        "en": "Of {skus} SKUs, {class_a_skus} are class A. {dead_stock_skus} SKUs are dead stock worth "
        "{dead_stock_value} at cost, and {below_safety_skus} are below safety stock.",
        "de": "Von {skus} Artikeln sind {class_a_skus} A-Artikel. {dead_stock_skus} Artikel sind Ladenhüter im "
        "Wert von {dead_stock_value} (Einstand), {below_safety_skus} liegen unter dem Sicherheitsbestand.",
        "pl": "Spośród {skus} SKU {class_a_skus} to klasa A. {dead_stock_skus} SKU to zapasy martwe o wartości "
        "{dead_stock_value} (koszt), a {below_safety_skus} jest poniżej zapasu bezpieczeństwa.",
        "hr": "Od {skus} artikala {class_a_skus} je u klasi A. {dead_stock_skus} artikala su mrtve zalihe "
        "vrijedne {dead_stock_value} (nabavna cijena), a {below_safety_skus} je ispod sigurnosne zalihe.",
        "ko": "SKU {skus}개 중 {class_a_skus}개가 A등급입니다. 악성 재고는 {dead_stock_skus}개(원가 "
        "{dead_stock_value})이며, 안전 재고 미만은 {below_safety_skus}개입니다.",
    },
    ReportKind.RECEIVABLES: {
        "en": "Customers owe {outstanding} on {invoices} open invoices ({customers} customers). "
        "{over_90} ({over_90_share}%) is more than 90 days past due.",
        "de": "Kunden schulden {outstanding} aus {invoices} offenen Rechnungen ({customers} Kunden). "
        "{over_90} ({over_90_share} %) sind mehr als 90 Tage überfällig.",
        "pl": "Klienci są winni {outstanding} z {invoices} otwartych faktur ({customers} klientów). "
        "{over_90} ({over_90_share}%) jest przeterminowane o ponad 90 dni.",
        "hr": "Kupci duguju {outstanding} po {invoices} otvorenih računa ({customers} kupaca). "
        "{over_90} ({over_90_share}%) kasni više od 90 dana.",
        "ko": "고객 {customers}곳의 미결 송장 {invoices}건, 총 {outstanding}의 미수금이 있습니다. "
        "이 중 {over_90}({over_90_share}%)는 90일 넘게 연체되었습니다.",
    },
    ReportKind.PIPELINE: {
        "en": "{orders} orders were placed ({subject}); {open_orders} are not shipped yet and {shipped_late} "
        "shipped more than {late_days} days after the order. {late_orders} unshipped orders are late (worth "
        "{late_value}).",
        "de": "Im Zeitraum {subject} gingen {orders} Bestellungen ein; {open_orders} sind noch nicht versandt, "
        "{shipped_late} wurden später als {late_days} Tage nach der Bestellung versandt. {late_orders} nicht "
        "versandte Bestellungen sind verspätet (Wert {late_value}).",
        "pl": "W okresie {subject} złożono {orders} zamówień; {open_orders} nie wysłano jeszcze, a "
        "{shipped_late} wysłano później niż {late_days} dni po zamówieniu. {late_orders} niewysłanych zamówień "
        "jest opóźnionych (wartość {late_value}).",
        "hr": "U razdoblju {subject} zaprimljeno je {orders} narudžbi; {open_orders} još nije poslano, a "
        "{shipped_late} je poslano više od {late_days} dana nakon narudžbe. {late_orders} neposlanih narudžbi "
        "kasni (vrijednost {late_value}).",
        "ko": "{subject} 기간 주문 {orders}건 중 {open_orders}건이 아직 출고되지 않았고 {shipped_late}건은 주문 후 "
        "{late_days}일이 지나 출고되었습니다. 미출고 지연 주문은 {late_orders}건(금액 {late_value})입니다.",
    },
    ReportKind.PURCHASING: {
        "en": "{open_orders} purchase orders are open with {open_value} still to receive; {overdue_orders} are "
        "past their expected day.",
        "de": "{open_orders} Bestellungen bei Lieferanten sind offen, {open_value} stehen noch aus; "
        "{overdue_orders} sind über dem erwarteten Liefertag.",
        "pl": "Otwartych zamówień zakupu: {open_orders}, do przyjęcia pozostało {open_value}; {overdue_orders} "
        "przekroczyło oczekiwany termin.",
        "hr": "Otvoreno je {open_orders} narudžbenica, za primiti je još {open_value}; {overdue_orders} kasni "
        "nakon očekivanog dana.",
        "ko": "미결 발주 {open_orders}건, 입고 예정 금액 {open_value}이며 {overdue_orders}건이 예정일을 "
        "넘겼습니다.",
    },
    ReportKind.HR: {
        "en": "{headcount} active employees. Annual leave: {annual_taken} of {annual_entitled} days taken, "
        "{annual_remaining} remaining; {sick_days} sick days.",
        "de": "{headcount} aktive Mitarbeitende. Jahresurlaub: {annual_taken} von {annual_entitled} Tagen "
        "genommen, {annual_remaining} übrig; {sick_days} Krankheitstage.",
        "pl": "{headcount} aktywnych pracowników. Urlop wypoczynkowy: wykorzystano {annual_taken} z "
        "{annual_entitled} dni, zostało {annual_remaining}; {sick_days} dni chorobowych.",
        "hr": "{headcount} aktivnih zaposlenika. Godišnji odmor: iskorišteno {annual_taken} od {annual_entitled} "
        "dana, preostalo {annual_remaining}; {sick_days} dana bolovanja.",
        "ko": "재직 인원 {headcount}명. 연차는 {annual_entitled}일 중 {annual_taken}일 사용, "
        "{annual_remaining}일 남았고 병가는 {sick_days}일입니다.",
    },
}


def format_value(
    value: Decimal | int | float | None, unit: Unit, currency: str = "EUR", language: str = "en"
) -> str:
    """A figure as `language` writes it (assistant.reports.number_format): '1.234,56 EUR', '12,5', '1 234'."""
    if value is None:
        return "–"
    if unit is Unit.MONEY:
        return format_amount(value, language, currency)
    if unit is Unit.PERCENT:
        return format_percent(value, language)
    if isinstance(value, int):
        return format_count(value, language)
    return format_days(value, language)


def _change(figure: Figure, language: str, currency: str) -> str:
    change = figure.change_percent
    if change is None:
        return ""
    up, down, same = _CHANGE[language]
    previous = format_value(figure.previous, figure.unit, currency, language)
    pct = format_percent(abs(change), language)
    text = up if change > 0.05 else down if change < -0.05 else same
    phrase = text.format(pct=pct, previous=previous)
    return f" ({phrase})" if language == "ko" else f", {phrase}"


def subject(result: ReportResult, language: str) -> str:
    """What the report covers, in `language`: the period for sales and the pipeline, else the day or year."""
    spec = spec_from_json(result.provenance.spec)
    if isinstance(spec, SalesSpec | PipelineSpec):
        return describe_period(spec.period, language)
    if isinstance(spec, HrSpec):
        return localise_label(str(spec.year), language)
    return format_day(spec.as_of, language)


def narrate(result: ReportResult, *, language: str = "en", currency: str = "EUR") -> str:
    """Two or three sentences stating the headline numbers in `language` (English when unknown)."""
    language = language if language in LANGUAGES else "en"
    values: dict[str, str] = {"subject": subject(result, language)}
    if result.empty:
        return _EMPTY[language].format(**values)
    for figure in result.figures:
        values[figure.key] = format_value(figure.value, figure.unit, currency, language)
        values[f"{figure.key}_change"] = _change(figure, language, currency)
    if result.kind is ReportKind.SALES:
        table = result.table("by_group")
        values["top_group"] = str(table.rows[0][0]) if table.rows else "–"
        top_share = table.rows[0][2] if table.rows else None
        values["top_share"] = format_value(top_share, Unit.PERCENT, language=language)  # type: ignore[arg-type]
    if result.kind is ReportKind.PIPELINE:
        values["late_days"] = str(result.provenance.spec["late_after_days"])
    return _SENTENCES[result.kind][language].format(**values)
