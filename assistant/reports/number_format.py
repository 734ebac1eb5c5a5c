"""Numbers and amounts as the requester writes them, by Babel's CLDR data (shipped inside the wheel, nothing is
downloaded): English and Korean '1,234.56', German and Croatian '1.234,56', Polish '1 234,56' (a no-break
space groups the thousands).

The convention for amounts is the same in every language: the number in the language's format, a space and the
ISO code of the report's currency ('1.234,56 EUR', '1,234.56 EUR'), with the currency's own decimals (two for
EUR, none for KRW). The code, not a symbol, because it cannot be mistaken ('kr', '$') and reads the same in a
spreadsheet, a PDF and a sentence. assistant.reports.number_check reads every one of these formats.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_decimal

LANGUAGES = ("en", "de", "pl", "hr", "ko")
AMOUNT = "#,##0.00"
PERCENT = "#,##0.0"
DAYS = "#,##0.##"


def report_language(language: str | None) -> str:
    """'de', 'de-AT' or 'de_AT' -> 'de'; English for a language the reports do not speak."""
    base = (language or "en").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def _number(value: Decimal | int | float) -> Decimal | int:
    # Babel formats a float through its repr; a Decimal keeps the value exactly as computed.
    return value if isinstance(value, Decimal | int) else Decimal(str(value))


def format_amount(value: Decimal | int | float, language: str, currency: str | None = None) -> str:
    """'1.234,56 EUR' (with `currency`) or '1.234,56' in `language`."""
    locale = report_language(language)
    if currency is None:
        return format_decimal(_number(value), format=AMOUNT, locale=locale)
    return format_currency(
        _number(value), currency, format=f"{AMOUNT} ¤¤", locale=locale, currency_digits=True
    )


def format_count(value: int, language: str) -> str:
    return format_decimal(value, locale=report_language(language))


def format_percent(value: Decimal | int | float, language: str) -> str:
    """One decimal, no sign: '12,5' in German. The caller writes the '%' as its language spaces it."""
    return format_decimal(_number(value), format=PERCENT, locale=report_language(language))


def format_days(value: Decimal | int | float, language: str) -> str:
    """Whole days without decimals, else up to two: '12', '12,5'."""
    return format_decimal(_number(value), format=DAYS, locale=report_language(language))


def format_change(value: float, language: str) -> str:
    """A signed change with one decimal: '+4,2', '-0,5'."""
    text = format_percent(abs(value), language)
    return f"{'+' if value >= 0 else '-'}{text}"
