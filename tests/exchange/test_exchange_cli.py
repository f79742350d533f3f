"""The whole exchange through the command line, with the two sides in separate folders."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from cryptography.hazmat.primitives import serialization
from typer.testing import CliRunner

from destat.cli import app
from destat.exchange.agreement import FieldRule, Treatment, read_agreement
from destat.exchange.cli_provider import parse_field
from destat.exchange.errors import AgreementError
from destat.project.database import DATABASE_FILE

from .conftest import SELLERS_CSV

runner = CliRunner()


def run(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def provider_agreement(provider: Path, nso: Path) -> Path:
    run("provider", "keys", provider / "keys")
    run("exchange", "keys", nso / "keys", "--rsa-bits", "1024")
    out = provider / "agreement.jsonld"
    run(
        *("provider", "init", out, "--id", "AR-MKT-2026", "--provider", "Mercado Ejemplo"),
        *("--nso", "INE", "--title", "Sellers", "--purpose", "E-commerce statistics"),
        *("--permitted-use", "Statistics only", "--start", "2020-01-01", "--end", "2099-12-31"),
        *("--delete-by", "2099-12-31", "--mode", "records", "--country-prefix", "54"),
        *("--field", "seller_id=unit", "--field", "tax_id=tax_id", "--field", "phone=phone"),
        *("--field", "name=name", "--field", "address=address", "--field", "category=group"),
        *("--field", "sales=sum", "--nso-key", nso / "keys" / "nso-receiving.pub.pem"),
        *("--linkage-key", nso / "keys" / "nso-linkage.pub.pem"),
        *("--provider-key", provider / "keys" / "provider-signing.pub.pem"),
    )
    return out


def test_exchange_by_files_and_the_provider_never_holds_the_linkage_key(tmp_path: Path) -> None:
    provider, nso = tmp_path / "provider", tmp_path / "nso"
    (nso / "project").mkdir(parents=True)
    provider.mkdir()
    agreement = provider_agreement(provider, nso)
    sellers = provider / "sellers.csv"
    sellers.write_text(SELLERS_CSV, encoding="utf-8")

    output = run("provider", "blind", sellers, "-a", agreement, "--out", provider / "req.json")
    assert "blinded values, none in clear" in output
    run(
        *("exchange", "answer", provider / "req.json"),
        *("--key", nso / "keys" / "nso-linkage.pem", "--out", provider / "resp.json"),
    )
    output = run(
        *("provider", "pack", sellers, "-a", agreement, "--out", provider / "package.zip"),
        *("--key", provider / "keys" / "provider-signing.pem"),
        *("--state", provider / "req.state.json", "--response", provider / "resp.json"),
    )
    assert "units: 6 rows (unit_id, tax_id_hash, phone_hash, clk)" in output
    report = (provider / "package.zip.report.md").read_text(encoding="utf-8")
    assert "Left out (not in the agreement): email." in report

    # Nothing the provider holds or writes contains the linkage unit's secret exponent or primes.
    pem = (nso / "keys" / "nso-linkage.pem").read_bytes()
    private = serialization.load_pem_private_key(pem, None).private_numbers()  # type: ignore[union-attr]
    secrets = [format(v, "x").encode() for v in (private.d, private.p, private.q)]
    secrets += [str(v).encode() for v in (private.d, private.p, private.q)]
    for path in provider.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not any(secret in content for secret in secrets), path
            assert b"PRIVATE KEY" not in content or path.name == "provider-signing.pem"

    output = run(
        *("exchange", "receive", provider / "package.zip", "-p", nso / "project"),
        *("--key", nso / "keys" / "nso-receiving.pem", "-a", agreement),
    )
    assert "verified" in output
    output = run("exchange", "log", "-p", nso / "project")
    assert "Chain intact: 1 entries" in output
    output = run("exchange", "obligations", "-p", nso / "project", "--today", "2100-01-01")
    assert "1 package(s) held, 1 to delete now" in output
    output = run("exchange", "delete", "-p", nso / "project", "--due", "--today", "2100-01-01")
    assert "Deleted package" in output
    connection = duckdb.connect(str(nso / "project" / DATABASE_FILE), read_only=True)
    tables = [row[0] for row in connection.execute("SHOW TABLES").fetchall()]
    connection.close()
    assert tables == ["exchange_log_head"]
    entries = (nso / "project" / "exchange" / "log.jsonl").read_text().splitlines()
    assert [json.loads(line)["event"] for line in entries] == ["received", "deleted"]


def test_a_file_that_is_no_package_is_refused_from_the_command_line(tmp_path: Path) -> None:
    provider, nso = tmp_path / "provider", tmp_path / "nso"
    (nso / "project").mkdir(parents=True)
    provider.mkdir()
    agreement = provider_agreement(provider, nso)
    bogus = provider / "package.zip"
    bogus.write_bytes(b"not a package")
    result = runner.invoke(
        app,
        [
            *("exchange", "receive", str(bogus), "-p", str(nso / "project")),
            *("--key", str(nso / "keys" / "nso-receiving.pem"), "-a", str(agreement)),
        ],
    )
    assert result.exit_code != 0
    assert "not a readable package archive" in str(result.exception)


def test_init_writes_noise_terms_that_read_back(tmp_path: Path) -> None:
    run("provider", "keys", tmp_path / "p")
    run("exchange", "keys", tmp_path / "n", "--rsa-bits", "1024")
    out = tmp_path / "dp.jsonld"
    run(
        *("provider", "init", out, "--id", "DP-1", "--provider", "P", "--nso", "N"),
        *("--title", "T", "--purpose", "Statistics", "--permitted-use", "Statistics only"),
        *("--start", "2026-01-01", "--end", "2026-12-31", "--delete-by", "2027-01-31"),
        *("--mode", "dp", "--epsilon", "0.5", "--max-rows-per-unit", "4"),
        *("--field", "seller_id=unit", "--field", "category=group:books,food"),
        *("--field", "sales=sum:0:1000", "--nso-key", tmp_path / "n" / "nso-receiving.pub.pem"),
        *("--provider-key", tmp_path / "p" / "provider-signing.pub.pem"),
    )
    agreement = read_agreement(out)
    assert (agreement.epsilon, agreement.max_rows_per_unit) == (0.5, 4)
    assert agreement.fields[1] == FieldRule(
        "category", Treatment.GROUP, categories=("books", "food")
    )
    assert agreement.fields[2] == FieldRule("sales", Treatment.SUM, 0.0, 1000.0)
    with pytest.raises(AgreementError, match=r"--field 'sales=total': write NAME=TREATMENT"):
        parse_field("sales=total")
    with pytest.raises(AgreementError, match="bounds are written sum:LOWER:UPPER"):
        parse_field("sales=sum:0")
