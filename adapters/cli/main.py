"""The `backoffice` command line: set up the database, load data, inspect settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from adapters.cli import deps
from adapters.cli.action_commands import actions_app
from adapters.cli.audit_commands import audit_app
from adapters.cli.chat_commands import ask, chat
from adapters.cli.db_commands import db_app
from adapters.cli.document_commands import classify, documents_app
from adapters.cli.eval_commands import run_eval
from adapters.cli.knowledge_commands import ingest, list_policies, run_ingest, search_policies
from adapters.cli.render import key_value_table, model_table
from adapters.cli.report_commands import register as register_report_commands
from adapters.cli.slack_commands import slack
from adapters.cli.token_commands import serve, tokens_app
from adapters.cli.tool_commands import call, list_tools
from adapters.cli.usage_commands import stats, usage
from assistant.datasets import DEMO_HANDBOOK
from assistant.datasets.summary import company_summary, sample_people
from assistant.db.migrate import DatabaseNotEmptyError, holds_business_data, initialise

app = typer.Typer(
    name="backoffice",
    help="Chat-driven back-office assistant: orders, stock, customers, invoices, people, documents, policies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(actions_app, name="actions")
app.add_typer(audit_app, name="audit")
app.add_typer(documents_app, name="documents")
app.add_typer(tokens_app, name="tokens")
app.command("serve")(serve)
app.command("slack")(slack)
app.command("classify")(classify)
app.command("tools")(list_tools)
app.command("ask")(ask)
app.command("chat")(chat)
app.command("eval")(run_eval)
app.command("ingest")(ingest)
app.command("policies")(list_policies)
app.command("search-policies")(search_policies)
app.command("usage")(usage)
app.command("stats")(stats)
register_report_commands(app)
app.command("call", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(call)

IMPORT_FORMATS = ("tau2-retail",)


@app.command()
def config() -> None:
    """Print the effective settings (environment, .env, defaults) with secrets masked."""
    deps.console.print(key_value_table("Effective settings", deps.settings().masked()))


@app.command()
def init(
    demo: Annotated[bool, typer.Option("--demo", help="Build the demo company.")] = False,
    import_: Annotated[
        tuple[str, Path] | None,
        typer.Option(
            "--import", metavar="FORMAT PATH", help="Import a dataset, e.g. --import tau2-retail db.json."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Delete an existing company first.")] = False,
    discard_audit_log: Annotated[
        bool, typer.Option("--discard-audit-log", help="With --force: also delete a non-empty audit log.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed of the demo company (same seed, same company).")] = 7,
    as_of: Annotated[
        str | None, typer.Option(help="Demo company's 'today' (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Create the database schema and fill it: the demo company, an imported dataset, or nothing."""
    from sqlalchemy.orm import Session

    tau2_data = None
    if import_ is not None:
        data_format, path = import_
        if data_format not in IMPORT_FORMATS:
            raise deps.fail(f"unknown import format {data_format!r}; known: {', '.join(IMPORT_FORMATS)}", 2)
        from assistant.datasets.tau2 import Tau2ImportError, load_tau2_file

        try:
            tau2_data = load_tau2_file(path)
        except Tau2ImportError as error:
            raise deps.fail(str(error)) from error
    demo_day = _parse_day(as_of) if as_of else date.today()  # noqa: DTZ011  (the user's calendar day)

    def populate(session: Session) -> None:
        if demo:
            from assistant.datasets.demo import build_demo_company

            build_demo_company(session, seed=seed, as_of=demo_day)
        if tau2_data is not None:
            from assistant.datasets.tau2 import import_tau2_retail

            import_tau2_retail(session, data=tau2_data)

    engine = deps.engine()
    try:
        initialise(engine, force=force, populate=populate, discard_audit=discard_audit_log)
    except DatabaseNotEmptyError as error:
        raise deps.fail(str(error)) from error
    except ValueError as error:  # validation errors of the importers name the record and field
        raise deps.fail(f"nothing was imported: {error}") from error
    finally:
        engine.dispose()
    deps.console.print(f"[green]Database ready[/] at {deps.settings().masked()['database_url']}")
    if demo and DEMO_HANDBOOK.is_dir():
        run_ingest([DEMO_HANDBOOK], prune=True)  # the demo company's handbook; unchanged files are skipped
    _print_summary(demo_day)


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Seed of the demo company.")] = 7,
    as_user: Annotated[
        str | None, typer.Option("--as", help="Chat as this employee (default: the first staff member).")
    ] = None,
) -> None:
    """Build the demo company if the database is empty, show what it holds, then open the chat (a short
    scripted conversation when there is no terminal)."""
    engine = deps.engine()
    try:
        with engine.connect() as connection:
            has_data = holds_business_data(connection)
    finally:
        engine.dispose()
    if not has_data:
        init(demo=True, import_=None, force=False, discard_audit_log=False, seed=seed, as_of=None)
    else:
        deps.console.print(
            "The database already holds a company (`backoffice init --demo --force` rebuilds it)."
        )
        _print_summary(date.today())  # noqa: DTZ011
    if as_user is None:
        with deps.command_session() as session:
            as_user = sample_people(session).get("staff")
    if as_user is None:
        raise deps.fail("no staff member to chat as; pass --as EMAIL")
    deps.console.print(f"\nChatting as {as_user}.")
    chat(as_user=as_user)


@app.command()
def summary() -> None:
    """Show what the database holds."""
    _print_summary(date.today())  # noqa: DTZ011


@app.command("export")
def export_data(
    data_format: Annotated[str, typer.Argument(metavar="FORMAT", help="tau2-retail")],
    out: Annotated[Path, typer.Argument(help="Output JSON file.")],
) -> None:
    """Export the database in a dataset's shape (tau2-retail: users, products, orders as JSON)."""
    if data_format not in IMPORT_FORMATS:
        raise deps.fail(f"unknown export format {data_format!r}; known: {', '.join(IMPORT_FORMATS)}", 2)
    from assistant.datasets.tau2 import export_tau2_retail, write_tau2_file

    with deps.command_session() as session:
        data = export_tau2_retail(session)
    write_tau2_file(data, out)
    deps.console.print(
        f"Wrote {len(data['users'])} users, {len(data['products'])} products, {len(data['orders'])} orders to {out}"
    )


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise deps.fail(f"--as-of must be a date like 2026-11-24, not {text!r}", 2) from error


def _print_summary(today: date) -> None:
    with deps.command_session() as session:
        result = company_summary(session, today=today)
        people = sample_people(session)
    deps.console.print(model_table(f"{deps.settings().company_name}: what the database holds", result))
    if people:
        deps.console.print("Act as someone with --as EMAIL, e.g.:")
        for role, email in people.items():
            deps.console.print(f"  {role:<9} {email}")
        deps.console.print("  backoffice tools   |   backoffice call find_orders --status pending --as EMAIL")


if __name__ == "__main__":
    app()
