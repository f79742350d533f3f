"""``destat provider ...``: the provider kit, run at the data holder, offline."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from destat.exchange.agreement import Agreement, FieldRule, Mode, Treatment, read_agreement
from destat.exchange.agreement_text import write_agreement
from destat.exchange.errors import AgreementError, ExchangeError
from destat.exchange.keys import generate_provider_keys, public_linkage_key, signing_key
from destat.exchange.oprf import BlindedRequest, blind, read_json, unblind
from destat.exchange.pack import pack, read_provider_files, write_packed
from destat.exchange.pseudonymise import pseudonym_queries

__all__ = ["parse_field", "provider_app"]

provider_app = typer.Typer(
    help="The provider kit: agree, pseudonymise, protect, sign and seal data for the NSO.",
    no_args_is_help=True,
)

AgreementOption = Annotated[Path, typer.Option("--agreement", "-a", help="Agreement (.jsonld).")]
FilesArgument = Annotated[list[Path], typer.Argument(help="The provider's data files.")]


def parse_field(spec: str) -> FieldRule:
    """A field rule from its command-line form NAME=TREATMENT[:args]."""
    name, _, rest = spec.partition("=")
    treatment, *args = rest.split(":")
    if not name or treatment not in [t.value for t in Treatment]:
        raise AgreementError(
            f"--field {spec!r}: write NAME=TREATMENT with a treatment among "
            f"{[t.value for t in Treatment]}, e.g. seller_id=unit, sales=sum:0:50000, "
            "category=group:food,books."
        )
    try:
        if treatment == Treatment.SUM and args:
            return FieldRule(name, Treatment.SUM, float(args[0]), float(args[1]))
    except (IndexError, ValueError):
        raise AgreementError(f"--field {spec!r}: bounds are written sum:LOWER:UPPER.") from None
    categories = tuple(c for c in (args[0].split(",") if args else []) if c)
    return FieldRule(name, Treatment(treatment), categories=categories)


def _pem(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise ExchangeError(f"Cannot read the public key {path}: {error}.") from None


@provider_app.command("keys")
def keys_command(
    folder: Annotated[Path, typer.Argument(help="Folder for the provider's key pair.")],
) -> None:
    """Create the provider's signing key pair (give the .pub.pem to the NSO)."""
    files = generate_provider_keys(folder)
    Console().print(f"Private key (keep it here): {files.private[0]}")
    Console().print(f"Public key (goes into the agreement): {files.public[0]}")


@provider_app.command("init")
def init_command(
    out: Annotated[Path, typer.Argument(help="Agreement file to write (.jsonld).")],
    agreement_id: Annotated[str, typer.Option("--id", help="Agreement ID, e.g. AR-MKT-2026.")],
    provider: Annotated[str, typer.Option(help="Name of the data provider.")],
    nso: Annotated[str, typer.Option(help="Name of the receiving statistical office.")],
    title: Annotated[str, typer.Option(help="Title of the dataset.")],
    purpose: Annotated[str, typer.Option(help="Purpose the data may be used for.")],
    permitted_use: Annotated[str, typer.Option(help="Permitted use, in plain words.")],
    fields: Annotated[list[str], typer.Option("--field", help="NAME=TREATMENT[:args].")],
    start: Annotated[str, typer.Option(help="First day data may be sent (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option(help="Last day data may be sent and used.")],
    delete_by: Annotated[str, typer.Option(help="Day by which all data must be deleted.")],
    mode: Annotated[Mode, typer.Option(help="records, cells or dp.")],
    nso_key: Annotated[Path, typer.Option(help="NSO receiving key (.pub.pem).")],
    provider_key: Annotated[Path, typer.Option(help="Provider signing key (.pub.pem).")],
    linkage_key: Annotated[Path | None, typer.Option(help="NSO linkage key (.pub.pem).")] = None,
    min_cell_size: Annotated[int, typer.Option(help="Mode cells: fewest units per cell.")] = 0,
    epsilon: Annotated[float, typer.Option(help="Mode dp: total privacy budget.")] = 0.0,
    max_rows_per_unit: Annotated[int, typer.Option(help="Mode dp: rows kept per unit.")] = 0,
    country_prefix: Annotated[str, typer.Option(help="Calling code dropped from phones.")] = "",
) -> None:
    """Write a data-sharing agreement (ODRL 2.2 on DCAT 3, JSON-LD) and its text version."""
    try:
        days = [date.fromisoformat(day) for day in (start, end, delete_by)]
    except ValueError as error:
        raise AgreementError(f"Dates are written YYYY-MM-DD: {error}.") from None
    agreement = Agreement(
        agreement_id=agreement_id,
        title=title,
        provider=provider,
        nso=nso,
        purpose=purpose,
        permitted_use=permitted_use,
        fields=tuple(parse_field(spec) for spec in fields),
        start=days[0],
        end=days[1],
        delete_by=days[2],
        mode=mode,
        nso_receiving_key=_pem(nso_key),
        provider_signing_key=_pem(provider_key),
        nso_linkage_key=_pem(linkage_key) if linkage_key else "",
        min_cell_size=min_cell_size,
        epsilon=epsilon,
        max_rows_per_unit=max_rows_per_unit,
        phone_country_prefix=country_prefix,
    )
    paths = write_agreement(agreement, out)
    Console().print(f"Wrote {paths[0]} and {paths[1]} (digest {agreement.digest()[:16]}…).")


@provider_app.command("blind")
def blind_command(
    files: FilesArgument,
    agreement_path: AgreementOption,
    out: Annotated[Path, typer.Option(help="Request file for the NSO's linkage unit.")],
) -> None:
    """Write the blinded pseudonymisation request (and the private state kept here)."""
    agreement = read_agreement(agreement_path)
    if not agreement.nso_linkage_key:
        raise AgreementError(f"{agreement_path} names no NSO linkage key; nothing to blind.")
    data = read_provider_files(files, agreement)
    key = public_linkage_key(agreement.nso_linkage_key, str(agreement_path))
    request = blind(pseudonym_queries(data.frame, agreement), key, agreement.agreement_id)
    state_path = out.with_name(out.stem + ".state.json")
    for target in (out, state_path):
        if target.exists():
            raise ExchangeError(f"{target} exists already; choose another request name.")
    descriptor = os.open(state_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(request.state(), handle)
    out.write_text(json.dumps(request.message), encoding="utf-8")
    console = Console()
    console.print(f"Wrote {out}: {len(request.queries):,} blinded values, none in clear.")
    console.print(f"Keep {state_path} here (it unblinds the answer); send {out} to the NSO.")


@provider_app.command("pack")
def pack_command(
    files: FilesArgument,
    agreement_path: AgreementOption,
    key: Annotated[Path, typer.Option(help="Provider signing key (.pem).")],
    out: Annotated[Path, typer.Option(help="Package file to write (.zip).")],
    state: Annotated[Path | None, typer.Option(help="State file from 'blind'.")] = None,
    response: Annotated[Path | None, typer.Option(help="Linkage unit's answer.")] = None,
) -> None:
    """Pseudonymise or aggregate, report, sign and seal the agreed data for the NSO."""
    agreement = read_agreement(agreement_path)
    data = read_provider_files(files, agreement)
    pseudonyms = None
    if state is not None and response is not None:
        request = BlindedRequest.from_state(read_json(state), str(state))
        linkage = public_linkage_key(agreement.nso_linkage_key, str(agreement_path))
        pseudonyms = unblind(request, read_json(response), linkage, str(response))
    packed = pack(data, agreement, signing_key(key), datetime.now(UTC), pseudonyms)
    package, report = write_packed(packed, out)
    console = Console()
    for name, table in packed.tables.items():
        console.print(f"{name}: {table.num_rows:,} rows ({', '.join(table.column_names)})")
    console.print(f"Wrote {package} (package {packed.manifest.package_id}).")
    console.print(f"Read {report} before sending: it lists everything the kit did.")
