"""Linking a received package to the register: links by hand, refusals, deletion with the data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from typer.testing import CliRunner

from destat.cli import app
from destat.exchange.agreement import Agreement
from destat.exchange.errors import ExchangeError
from destat.exchange.link_package import link_package, links_table, read_register
from destat.exchange.log import read_log
from destat.exchange.obligations import delete_packages, obligations
from destat.exchange.receive import receive_package
from destat.project.database import DATABASE_FILE

from .conftest import NOW, Parties
from .helpers import cells_package, packed_records, stored_tables

# The office's register, in its own column names. R1 has S1's tax ID written otherwise; R2
# S2's phone with the country code; R3 is S3's name with another legal-form spelling and
# address; R4 matches nobody.
REGISTER_CSV = """ID_EMP,NIT,TELEFONO,RAZON_SOCIAL,DIRECCION
R1,30 71234567 9,,Panadería Núñez,Av. Corrientes 1234
R2,30-55555555-1,+54 351 400-1000,Textiles del Sur S.A.,Calle Belgrano 55
R3,30-66666666-2,,Ferreteria Gomes Hnos S.A.,Pasaje Mitre 7
R4,30-77777777-3,,Estudio Contable Ruiz,Lavalle 900
"""
MAPPING_CSV = """file,national_variable,model_variable,national_code,model_code,label
register.csv,ID_EMP,enterprise_id,,,
register.csv,NIT,tax_id,,,
register.csv,TELEFONO,phone,,,
register.csv,RAZON_SOCIAL,name,,,
register.csv,DIRECCION,address,,,
"""
PROJECT_TOML = """[project]
name = "Linkage test"
ref_area = "AR"
reference_period = "2026"

[inputs]
register = "data/register.csv"
sample = "data/sample.csv"
survey = "data/survey.csv"
mapping = "data/mapping.csv"
"""


@pytest.fixture
def received(
    tmp_path: Path,
    parties: Parties,
    make_agreement: Callable[..., Agreement],
    sellers: Path,
    project: Path,
) -> str:
    package = packed_records(make_agreement(), sellers, parties, tmp_path / "pkg.zip")
    (project / "data").mkdir()
    (project / "data" / "register.csv").write_text(REGISTER_CSV, encoding="utf-8")
    (project / "data" / "mapping.csv").write_text(MAPPING_CSV, encoding="utf-8")
    (project / "destat.toml").write_text(PROJECT_TOML, encoding="utf-8")
    return receive_package(package, project, parties.nso, make_agreement(), NOW).package_id


def test_links_by_hand_from_the_register_of_destat_toml(
    project: Path, parties: Parties, received: str
) -> None:
    register = read_register(project, None, None)
    linked = link_package(project, received[:8], register, parties.linkage, NOW, threshold=0.5)
    pairs = linked.result.pairs.set_index("register_id")
    # S1: same tax ID once normalised; S2: same phone once normalised (prefix 54 dropped).
    assert pairs.loc["R1", "matched_on"] == "tax_id"
    assert pairs.loc["R2", "matched_on"] == "phone"
    # S3 has neither: its name shares most letter pairs with R3's (Dice of the CLKs ≥ 0.5).
    assert pairs.loc["R3", "matched_on"] == "clk"
    assert pairs.loc["R3", "dice"] >= 0.5
    assert "R4" not in pairs.index
    assert len(set(pairs["provider_id"])) == 3
    assert linked.table == links_table(received) in stored_tables(project)
    entry = read_log(project, project / DATABASE_FILE)[-1]
    assert entry.event == "linked"
    assert entry.data["register"] == "register.csv"
    assert (entry.data["exact_tax_id"], entry.data["exact_phone"]) == (1, 1)
    # Nothing of the register in clear went into the log, the database or the exchange folder.
    texts = [p.read_bytes() for p in (project / "exchange").rglob("*") if p.is_file()]
    assert not [t for t in texts if b"71234567" in t or "Panadería".encode() in t]


def test_deleting_the_package_deletes_its_links(
    project: Path, parties: Parties, received: str
) -> None:
    data = project / "data"
    register = read_register(project, data / "register.csv", data / "mapping.csv")
    link_package(project, received, register, parties.linkage, NOW)
    (held,) = obligations(project, NOW.date())
    assert links_table(received) in held.tables
    delete_packages(project, [held], "test", NOW + timedelta(days=1))
    assert stored_tables(project) == ["exchange_log_head"]
    with pytest.raises(ExchangeError, match=r"was deleted \(log entry 3 .*test\)"):
        link_package(project, received, register, parties.linkage, NOW)


def test_unknown_package_is_refused_and_nothing_is_stored(
    project: Path, parties: Parties, received: str
) -> None:
    register = read_register(project, None, None)
    with pytest.raises(ExchangeError, match="No package 'ffff' was received into this project"):
        link_package(project, "ffff", register, parties.linkage, NOW)
    assert links_table(received) not in stored_tables(project)
    assert len(read_log(project, project / DATABASE_FILE)) == 1


def test_package_without_encoded_identifiers_is_refused(
    tmp_path: Path, parties: Parties, cells_agreement: Agreement, sellers: Path, project: Path
) -> None:
    package = cells_package(cells_agreement, sellers, parties, tmp_path / "cells.zip")
    package_id = receive_package(package, project, parties.nso, cells_agreement, NOW).package_id
    register = pd.DataFrame(columns=["enterprise_id", "tax_id", "phone", "name", "address"])
    with pytest.raises(ExchangeError, match="holds no encoded identifier columns"):
        link_package(project, package_id, register, parties.linkage, NOW)


def test_another_linkage_key_is_refused(project: Path, parties: Parties, received: str) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    register = read_register(project, None, None)
    with pytest.raises(ExchangeError, match="names the linkage key"):
        link_package(project, received, register, other, NOW)
    assert links_table(received) not in stored_tables(project)


def test_register_without_identifier_columns_is_refused(project: Path, received: str) -> None:
    path = project / "data" / "register.csv"
    path.write_text("ID_EMP,NIT\nR1,30-1\n", encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"register.csv has no column \['phone', 'name'"):
        read_register(project, None, None)


def test_link_command_prints_the_counts_and_keeps_the_key_out_of_the_project(
    tmp_path: Path, project: Path, parties: Parties, received: str
) -> None:
    key = tmp_path / "office-keys" / "nso-linkage.pem"
    key.parent.mkdir()
    key.write_bytes(
        parties.linkage.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    command = ["exchange", "link", "--project", str(project), "--key", str(key)]
    result = CliRunner().invoke(
        app, [*command, "--package-id", received[:8], "--threshold", "0.5"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "linked on tax ID 1, on phone 1, on name and address (Dice >= 0.5) 1; not linked 3" in (
        result.output
    )
    private = [p for p in project.rglob("*") if p.is_file() and b"PRIVATE KEY" in p.read_bytes()]
    assert private == []
    refused = CliRunner().invoke(app, [*command, "--package-id", "ffff"])
    assert refused.exit_code != 0
    assert "No package 'ffff' was received into this project" in str(refused.exception)
