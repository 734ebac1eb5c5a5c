"""Every report's numbers against independent SQL written here, on the demo company."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from assistant.db.types import to_money
from assistant.reports.compute import compute_report
from assistant.reports.periods import parse_period_request
from assistant.reports.results import ReportResult
from assistant.reports.specs import (
    HrSpec,
    InventorySpec,
    Period,
    PipelineSpec,
    PurchasingSpec,
    ReceivablesSpec,
    ReportSpec,
    SalesGrouping,
    SalesSpec,
)
from tests.reports.conftest import AS_OF, NOW


def _moment(session: Session, day: date) -> Any:
    """Midnight UTC of `day` as each database stores timestamps (SQLite: naive UTC text)."""
    if session.get_bind().dialect.name == "sqlite":
        return f"{day.isoformat()} 00:00:00.000000"
    return datetime(day.year, day.month, day.day, tzinfo=NOW.tzinfo)


def _day(session: Session, day: date) -> Any:
    return day.isoformat() if session.get_bind().dialect.name == "sqlite" else day


def _run(session: Session, spec: ReportSpec) -> ReportResult:
    return compute_report(session, spec=spec, requested_by="test", now=NOW)


def _money(value: Any) -> Decimal:
    return to_money(value if value is not None else 0)


def test_sales_by_region_q3_vs_q2_matches_sql(demo: Session) -> None:
    periods = parse_period_request("sales by region for Q3 compared with Q2", today=AS_OF)
    assert periods is not None and periods.compare_to is not None
    result = _run(demo, SalesSpec(period=periods.period, compare_to=periods.compare_to))
    query = text(
        "SELECT c.region, SUM(l.quantity * l.unit_price), COUNT(DISTINCT o.id) FROM sales_order_lines l "
        "JOIN sales_orders o ON o.id = l.order_id JOIN customers c ON c.id = o.customer_id "
        "WHERE o.placed_at >= :start AND o.placed_at < :end AND o.status <> 'cancelled' GROUP BY c.region"
    )
    for period, column in ((periods.period, "revenue"), (periods.compare_to, "previous")):
        params = {"start": _moment(demo, period.start), "end": _moment(demo, period.end + timedelta(days=1))}
        expected = {region: _money(revenue) for region, revenue, _ in demo.execute(query, params)}
        table = result.table("by_group")
        assert dict(zip(table.column("group"), table.column(column), strict=True)) == expected
    q3 = {"start": _moment(demo, date(2026, 7, 1)), "end": _moment(demo, date(2026, 10, 1))}
    revenue, orders = demo.execute(
        text(
            "SELECT SUM(l.quantity * l.unit_price), COUNT(DISTINCT o.id) FROM sales_order_lines l "
            "JOIN sales_orders o ON o.id = l.order_id "
            "WHERE o.placed_at >= :start AND o.placed_at < :end AND o.status <> 'cancelled'"
        ),
        q3,
    ).one()
    assert result.figure("revenue").value == _money(revenue) and result.figure("orders").value == orders
    assert result.figure("revenue").previous == sum(result.table("by_group").column("previous"), Decimal(0))
    assert result.charts and result.charts[0].categories == result.table("by_group").column("group")


def test_sales_by_product_is_capped_with_and_n_more(demo: Session) -> None:
    period = Period(start=date(2026, 10, 1), end=date(2026, 10, 31), label="October 2026")
    result = _run(demo, SalesSpec(period=period, group_by=SalesGrouping.PRODUCT, top=5))
    products = demo.scalar(
        text(
            "SELECT COUNT(DISTINCT p.id) FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id "
            "JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id "
            "WHERE o.placed_at >= :start AND o.placed_at < :end AND o.status <> 'cancelled'"
        ),
        {"start": _moment(demo, period.start), "end": _moment(demo, date(2026, 11, 1))},
    )
    table = result.table("by_group")
    assert (
        len(table.rows) == 5
        and table.more == products - 5
        and f"and {products - 5} more" in (table.note or "")
    )


def test_a_period_without_data_gives_an_empty_report(demo: Session) -> None:
    result = _run(
        demo, SalesSpec(period=Period(start=date(2020, 1, 1), end=date(2020, 3, 31), label="Q1 2020"))
    )
    assert result.empty and result.figure("revenue").value == Decimal("0.00")
    assert result.table("by_group").rows == [] and result.charts == []


def test_inventory_health_matches_sql(demo: Session) -> None:
    result = _run(demo, InventorySpec(as_of=AS_OF))
    since_180 = _moment(demo, AS_OF - timedelta(days=180))
    until = _moment(demo, AS_OF + timedelta(days=1))
    dead = demo.execute(
        text(
            "SELECT v.sku, SUM(s.on_hand) FROM variants v JOIN stock_levels s ON s.variant_id = v.id "
            "WHERE v.id NOT IN (SELECT l.variant_id FROM sales_order_lines l JOIN sales_orders o "
            "ON o.id = l.order_id WHERE o.status <> 'cancelled' AND o.placed_at >= :since AND o.placed_at < :until) "
            "GROUP BY v.sku HAVING SUM(s.on_hand) > 0"
        ),
        {"since": since_180, "until": until},
    ).all()
    assert result.figure("dead_stock_skus").value == len(dead) == 11  # the demo plants 11
    dead_table = result.table("dead_stock")
    assert set(dead_table.column("sku")) <= {sku for sku, _ in dead}
    assert all(
        dict(dead)[sku] == quantity
        for sku, quantity in zip(dead_table.column("sku"), dead_table.column("on_hand"), strict=True)
    )

    since_90 = _moment(demo, AS_OF - timedelta(days=90))
    below = demo.execute(
        text(
            "SELECT v.sku, SUM(s.on_hand - s.reserved), v.safety_stock, v.lead_time_days, "
            "(SELECT COALESCE(SUM(l.quantity), 0) FROM sales_order_lines l "
            " JOIN sales_orders o ON o.id = l.order_id WHERE l.variant_id = v.id AND o.status <> 'cancelled' "
            " AND o.placed_at >= :since AND o.placed_at < :until), "
            "(SELECT COALESCE(SUM(pl.quantity - pl.received_quantity), 0) FROM purchase_order_lines pl "
            " JOIN purchase_orders po ON po.id = pl.purchase_order_id WHERE pl.variant_id = v.id "
            " AND po.status IN ('draft', 'ordered', 'partially_received')) "
            "FROM variants v JOIN stock_levels s ON s.variant_id = v.id "
            "GROUP BY v.id, v.sku, v.safety_stock, v.lead_time_days HAVING SUM(s.on_hand - s.reserved) < v.safety_stock"
        ),
        {"since": since_90, "until": until},
    ).all()
    assert result.figure("below_safety_skus").value == len(below) == 11
    expected = {
        sku: max(math.ceil(lead * Decimal(units) / 90) + safety - free - on_order, 0)
        for sku, free, safety, lead, units, on_order in below
    }
    table = result.table("below_safety")
    assert dict(zip(table.column("sku"), table.column("suggested"), strict=True)).items() <= expected.items()

    revenue_365 = demo.execute(
        text(
            "SELECT l.variant_id, SUM(l.quantity * l.unit_price) AS revenue FROM sales_order_lines l "
            "JOIN sales_orders o ON o.id = l.order_id WHERE o.status <> 'cancelled' "
            "AND o.placed_at >= :since AND o.placed_at < :until GROUP BY l.variant_id ORDER BY revenue DESC"
        ),
        {"since": _moment(demo, AS_OF - timedelta(days=365)), "until": until},
    ).all()
    total = sum(_money(revenue) for _, revenue in revenue_365)
    class_a, running = 0, Decimal(0)
    for _, revenue in revenue_365:  # A while the share ranked above is under 80 %
        if running / total >= Decimal("0.8"):
            break
        class_a += 1
        running += _money(revenue)
    abc = result.table("abc")
    assert abc.column("skus")[0] == class_a
    assert abc.column("revenue")[0] == running
    assert sum(abc.column("skus")) == result.figure("skus").value  # type: ignore[arg-type]


def test_receivables_aging_matches_sql(demo: Session) -> None:
    result = _run(demo, ReceivablesSpec(as_of=AS_OF))
    rows = demo.execute(
        text(
            "SELECT i.due_date, i.total_amount - COALESCE((SELECT SUM(p.amount) FROM invoice_payments p "
            " WHERE p.invoice_id = i.id AND p.paid_on <= :as_of), 0) AS outstanding FROM invoices i "
            "WHERE i.direction = 'receivable' AND i.status NOT IN ('draft', 'void') AND i.issue_date <= :as_of"
        ),
        {"as_of": _day(demo, AS_OF)},
    ).all()
    buckets = {"0-30": Decimal(0), "31-60": Decimal(0), "61-90": Decimal(0), "90+": Decimal(0)}
    for due, outstanding in rows:
        amount = _money(outstanding)
        if amount <= 0:
            continue
        due_day = due if isinstance(due, date) else date.fromisoformat(due)
        late = (AS_OF - due_day).days
        key = "0-30" if late <= 30 else "31-60" if late <= 60 else "61-90" if late <= 90 else "90+"
        buckets[key] += amount
    table = result.table("buckets")
    assert dict(zip(table.column("bucket"), table.column("amount"), strict=True)) == buckets
    assert result.figure("outstanding").value == sum(buckets.values())
    assert buckets["90+"] > 0  # the demo has invoices more than 90 days overdue


def test_pipeline_matches_sql(demo: Session) -> None:
    period = Period(start=AS_OF - timedelta(days=29), end=AS_OF)
    result = _run(demo, PipelineSpec(period=period, as_of=AS_OF, late_after_days=2))
    by_status = dict(
        demo.execute(
            text(
                "SELECT status, COUNT(*) FROM sales_orders WHERE placed_at >= :start AND placed_at < :end "
                "GROUP BY status"
            ),
            {"start": _moment(demo, period.start), "end": _moment(demo, AS_OF + timedelta(days=1))},
        ).all()
    )
    table = result.table("by_status")
    assert dict(zip(table.column("status"), table.column("orders"), strict=True)) == by_status
    late = demo.scalar(
        text(
            "SELECT COUNT(*) FROM sales_orders WHERE status IN ('pending', 'pending (item modified)', 'processed') "
            "AND placed_at < :before"
        ),
        {"before": _moment(demo, AS_OF - timedelta(days=2))},
    )
    assert result.figure("late_orders").value == late


def test_orders_shipped_late_match_sql(demo: Session) -> None:
    """Shipped late: placed in the period, first parcel more than `late_after_days` days (to the minute) later."""
    period = Period(start=AS_OF - timedelta(days=29), end=AS_OF)
    result = _run(demo, PipelineSpec(period=period, as_of=AS_OF, late_after_days=2))
    if demo.get_bind().dialect.name == "sqlite":
        elapsed = "julianday(f.first_shipped) - julianday(o.placed_at)"
    else:
        elapsed = "EXTRACT(EPOCH FROM (f.first_shipped - o.placed_at)) / 86400"
    rows = demo.execute(
        text(
            "SELECT o.number FROM sales_orders o JOIN (SELECT order_id, MIN(shipped_at) AS first_shipped "
            "FROM fulfillments WHERE shipped_at IS NOT NULL GROUP BY order_id) f ON f.order_id = o.id "
            f"WHERE o.placed_at >= :start AND o.placed_at < :end AND {elapsed} > 2 ORDER BY o.placed_at, o.number"
        ),
        {"start": _moment(demo, period.start), "end": _moment(demo, AS_OF + timedelta(days=1))},
    ).scalars()
    expected = list(rows)
    assert expected, "the demo has orders that shipped more than two days after they were placed"
    assert result.figure("shipped_late").value == len(expected)
    table = result.table("shipped_late")
    assert table.column("order") == expected[: len(table.rows)] and table.more == len(expected) - len(
        table.rows
    )
    assert all(float(days) > 2 for days in table.column("days_to_ship"))  # type: ignore[arg-type]
    stricter = _run(demo, PipelineSpec(period=period, as_of=AS_OF, late_after_days=3))
    assert int(stricter.figure("shipped_late").value or 0) < len(expected)


def test_purchasing_matches_sql(demo: Session) -> None:
    result = _run(demo, PurchasingSpec(as_of=AS_OF))
    count, value = demo.execute(
        text(
            "SELECT COUNT(DISTINCT po.id), SUM((pl.quantity - pl.received_quantity) * pl.unit_cost) "
            "FROM purchase_orders po JOIN purchase_order_lines pl ON pl.purchase_order_id = po.id "
            "WHERE po.status IN ('ordered', 'partially_received')"
        )
    ).one()
    assert result.figure("open_orders").value == count and result.figure("open_value").value == _money(value)
    stated = dict(demo.execute(text("SELECT name, lead_time_days FROM suppliers")).all())
    table = result.table("lead_times")
    assert all(
        stated[name] == days
        for name, days in zip(table.column("supplier"), table.column("stated"), strict=True)
    )


def test_hr_matches_sql(demo: Session) -> None:
    result = _run(demo, HrSpec(year=2026, as_of=AS_OF))
    headcount = demo.scalar(text("SELECT COUNT(*) FROM employees WHERE is_active = :yes"), {"yes": True})
    taken = demo.scalar(
        text(
            "SELECT COALESCE(SUM(r.days), 0) FROM leave_requests r JOIN employees e ON e.id = r.employee_id "
            "WHERE e.is_active = :yes AND r.status = 'approved' AND r.leave_type = 'annual' "
            "AND r.start_date >= :start AND r.start_date <= :end"
        ),
        {"yes": True, "start": _day(demo, date(2026, 1, 1)), "end": _day(demo, date(2026, 12, 31))},
    )
    assert result.figure("headcount").value == headcount == 40
    assert result.figure("annual_taken").value == Decimal(str(taken)).quantize(Decimal("0.1"))


def test_provenance_holds_the_spec_and_the_sql(demo: Session) -> None:
    spec = ReceivablesSpec(as_of=AS_OF)
    result = _run(demo, spec)
    provenance = result.provenance
    assert provenance.spec == spec.model_dump(mode="json") and provenance.requested_by == "test"
    assert provenance.data_as_of == NOW and provenance.database == demo.get_bind().dialect.name
    assert provenance.queries and all(
        "SELECT" in query.sql and "invoices" in query.sql for query in provenance.queries
    )
