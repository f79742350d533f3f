"""``destat exchange ...``: the NSO's side of a data exchange."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from destat.errors import ConfigError
from destat.exchange.agreement import read_agreement
from destat.exchange.errors import ExchangeError
from destat.exchange.keys import generate_nso_keys, linkage_key, receiving_key
from destat.exchange.link_package import link_package, read_register
from destat.exchange.log import read_log
from destat.exchange.obligations import Status, delete_packages, obligations
from destat.exchange.oprf import evaluate, read_json
from destat.exchange.receive import receive_package
from destat.project.database import DATABASE_FILE
from destat.project.inputs import read_text_table
from destat.sources.register_share import DEFAULT_THRESHOLD

__all__ = ["exchange_app"]

exchange_app = typer.Typer(
    help="Receive packages from data providers, keep the log, meet the agreements.",
    no_args_is_help=True,
)

ProjectOption = Annotated[Path, typer.Option("--project", "-p", help="Project folder.")]
TodayOption = Annotated[
    str | None, typer.Option(help="Date to check against (YYYY-MM-DD); default today.")
]


def _now(today: str | None) -> datetime:
    if today is None:
        return datetime.now(UTC)
    try:
        return datetime.combine(date.fromisoformat(today), time(12), UTC)
    except ValueError:
        raise ConfigError(f"--today {today!r}: write the date as YYYY-MM-DD.") from None


@exchange_app.command("keys")
def keys_command(
    folder: Annotated[Path, typer.Argument(help="Folder for the NSO's key pairs.")],
    rsa_bits: Annotated[int, typer.Option(help="Size of the linkage key.")] = 3072,
) -> None:
    """Create the receiving key pair and the linkage unit's pseudonymisation key pair."""
    files = generate_nso_keys(folder, rsa_bits)
    console = Console()
    console.print("Private keys (never leave the office): " + ", ".join(map(str, files.private)))
    console.print("Public keys (go into agreements): " + ", ".join(map(str, files.public)))


@exchange_app.command("answer")
def answer_command(
    request: Annotated[Path, typer.Argument(help="Blinded request from a provider.")],
    key: Annotated[Path, typer.Option(help="Linkage unit's private key (.pem).")],
    out: Annotated[Path, typer.Option(help="Response file to send back.")],
    max_values: Annotated[
        int, typer.Option(help="Largest request answered (about the provider's value count).")
    ] = 1_000_000,
) -> None:
    """The linkage unit answers a blinded request; it sees no value in clear."""
    message = read_json(request)
    response = evaluate(message, linkage_key(key), str(request), max_values)
    if out.exists():
        raise ExchangeError(f"{out} exists already; choose another response name.")
    out.write_text(json.dumps(response), encoding="utf-8")
    Console().print(
        f"Answered {len(response['evaluated']):,} blinded values of agreement "
        f"{message.get('agreement_id')!r}: wrote {out}."
    )


@exchange_app.command("receive")
def receive_command(
    package: Annotated[Path, typer.Argument(help="Package file from a provider.")],
    project: ProjectOption,
    key: Annotated[Path, typer.Option(help="Receiving private key (.pem).")],
    agreement: Annotated[Path, typer.Option("--agreement", "-a", help="The NSO's copy.")],
) -> None:
    """Verify a package completely, then load it into the project, or load nothing."""
    receipt = receive_package(
        package, project, receiving_key(key), read_agreement(agreement), datetime.now(UTC)
    )
    console = Console()
    console.print(f"Package {receipt.package_id} of agreement {receipt.agreement_id}: verified.")
    for name, rows in receipt.tables.items():
        console.print(f"  loaded {name}: {rows:,} rows")
    console.print(f"Log entry {receipt.entry.seq}; delete by {receipt.delete_by}.")


@exchange_app.command("log")
def log_command(project: ProjectOption) -> None:
    """Check the exchange log's hash chain and list its entries."""
    entries = read_log(project, project / DATABASE_FILE)
    table = Table("seq", "time", "event", "package", "agreement", "hash")
    for entry in entries:
        table.add_row(
            str(entry.seq),
            entry.time[:19],
            entry.event,
            str(entry.data.get("package_id", ""))[:12],
            str(entry.data.get("agreement_id", "")),
            entry.hash[:16] + "…",
        )
    console = Console()
    console.print(table)
    head = entries[-1].hash if entries else "none"
    console.print(f"Chain intact: {len(entries)} entries; head hash {head} (keep a copy).")


@exchange_app.command("obligations")
def obligations_command(
    project: ProjectOption,
    today: TodayOption = None,
    warn_days: Annotated[int, typer.Option(help="Days before the deadline to warn.")] = 30,
) -> None:
    """List what the agreements require now: data held and when it must be deleted."""
    found = obligations(project, _now(today).date(), warn_days)
    table = Table("status", "delete by", "agreement", "package", "tables")
    for item in found:
        table.add_row(
            item.status.value,
            str(item.delete_by),
            item.agreement_id,
            item.package_id[:12],
            ", ".join(item.tables),
        )
    console = Console()
    console.print(table)
    due = sum(item.status is not Status.HELD for item in found)
    console.print(f"{len(found)} package(s) held, {due} to delete now (destat exchange delete).")


@exchange_app.command("delete")
def delete_command(
    project: ProjectOption,
    package: Annotated[list[str] | None, typer.Option(help="Package ID (or its start).")] = None,
    due: Annotated[bool, typer.Option("--due", help="Delete everything due or overdue.")] = False,
    reason: Annotated[str, typer.Option(help="Why, for the log.")] = "deletion date of agreement",
    today: TodayOption = None,
) -> None:
    """Delete received data (tables and files) as the agreements require, and log it."""
    held = obligations(project, _now(today).date(), warn_days=0)
    wanted = list(package or [])
    selected = [
        item
        for item in held
        if (due and item.status is not Status.HELD)
        or any(item.package_id.startswith(prefix) for prefix in wanted)
    ]
    unknown = [p for p in wanted if not any(i.package_id.startswith(p) for i in held)]
    if unknown or not (due or wanted):
        raise ExchangeError(
            f"No package held matches {unknown}; see 'destat exchange obligations'."
            if unknown
            else "Say what to delete: --due, or --package ID."
        )
    console = Console()
    for deletion in delete_packages(project, selected, reason, datetime.now(UTC)):
        console.print(
            f"Deleted package {deletion.package_id}: tables {', '.join(deletion.tables)} and "
            f"{deletion.folder}; log entry {deletion.entry.seq}."
        )
    if not selected:
        console.print("Nothing is due for deletion.")


@exchange_app.command("link")
def link_command(
    project: ProjectOption,
    package_id: Annotated[str, typer.Option("--package-id", help="Package ID (or its start).")],
    key: Annotated[Path, typer.Option(help="Linkage unit's private key (nso-linkage.pem).")],
    register: Annotated[
        Path | None, typer.Option(help="Register file; default [inputs] register of destat.toml.")
    ] = None,
    mapping: Annotated[Path | None, typer.Option(help="Mapping of the register's names.")] = None,
    threshold: Annotated[float, typer.Option(help="Least Dice score of a name link.")] = (
        DEFAULT_THRESHOLD
    ),
    truth: Annotated[
        Path | None, typer.Option(help="True pairs (provider_id, register_id) to measure.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the LSH blocking.")] = 0,
) -> None:
    """Link a received package's units to the business register on their encodings."""
    true_pairs = read_text_table(truth) if truth is not None else None
    if true_pairs is not None:
        true_pairs.attrs["path"] = str(truth)
    linked = link_package(
        project,
        package_id,
        read_register(project, register, mapping),
        linkage_key(key),
        datetime.now(UTC),
        threshold=threshold,
        truth=true_pairs,
        seed=seed,
    )
    stats = linked.result.stats
    console = Console()
    console.print(
        f"Package {linked.package_id}: {stats.provider_units:,} units, register "
        f"{stats.register_units:,} enterprises."
    )
    console.print(
        f"  linked on tax ID {stats.exact_tax_id:,}, on phone {stats.exact_phone:,}, on name and "
        f"address (Dice >= {stats.threshold}) {stats.fuzzy:,}; not linked "
        f"{stats.unlinked_provider:,}."
    )
    quality = linked.quality
    if quality is not None:
        for what, precision, recall in (
            ("exact identifiers", quality.exact_precision, quality.exact_recall),
            ("names and addresses", quality.fuzzy_precision, quality.fuzzy_recall),
            ("all links", quality.precision, quality.recall),
        ):
            console.print(f"  {what}: precision {precision:.3f}, recall {recall:.3f}")
    console.print(f"Stored table {linked.table}; log entry {linked.entry.seq}.")
