"""A message that is itself SQL: the one route to run_analytics_sql.

Either 'sql:' followed by a statement (whatever it is: the tool's guard decides and explains a refusal), or a
bare SELECT / WITH ... SELECT that parses as one SQL query. Words that merely start with 'select' ('select the
cheapest chair from the catalog') do not parse as SQL and stay with the classifier.
"""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^\s*sql\s*[:>]\s*(.+?)\s*$", re.IGNORECASE | re.DOTALL)
_BARE = re.compile(r"^\s*(?:select|with)\b.*\bfrom\b", re.IGNORECASE | re.DOTALL)
_FENCE = re.compile(r"^```(?:sql)?\s*|\s*```$", re.IGNORECASE)
# What SQL has and a sentence rarely does: '*', a call, a comparison, a snake_case name, a clause keyword.
_SQL_SIGNAL = re.compile(
    r"[*(=<>]|\w_\w|\b(?:where|group\s+by|order\s+by|limit|join|having|distinct|count|sum|avg)\b",
    re.IGNORECASE,
)
# A statement after a short lead-in that ends in a colon.
_LED_IN = re.compile(r"^[^:\n]{0,60}:\s*((?:select|with)\b.*)$", re.IGNORECASE | re.DOTALL)
# A 'table' that is an article or a pronoun is English ('select chairs from the catalog').
_NOT_TABLES = frozenset({"the", "a", "an", "our", "my", "your", "this", "that", "these", "those", "all"})


def analytics_sql(text: str) -> str | None:
    """The SQL of a message that is a statement, or None for any other message."""
    stripped = _FENCE.sub("", text.strip()).strip()
    prefixed = _PREFIX.match(stripped)
    if prefixed:
        return _FENCE.sub("", prefixed[1]).strip().rstrip(";").strip() or None
    led_in = _LED_IN.search(stripped)
    if led_in and not _BARE.match(stripped):
        stripped = led_in[1]  # 'run this for me: SELECT ...', 'pokreni SQL: SELECT ...'
    if not _BARE.match(stripped) or not _SQL_SIGNAL.search(stripped):
        return None
    statement = stripped.rstrip(";").strip()
    return statement if _parses_as_one_query(statement) else None


def _parses_as_one_query(statement: str) -> bool:
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        parsed = sqlglot.parse(statement)
    except SqlglotError:
        return False
    if len(parsed) != 1 or not isinstance(parsed[0], exp.Query):
        return False
    return not any(table.name.lower() in _NOT_TABLES for table in parsed[0].find_all(exp.Table))
