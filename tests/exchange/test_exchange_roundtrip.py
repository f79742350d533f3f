"""Round trip: pack at the provider, receive at the NSO, link to the register."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from destat.exchange.agreement import Agreement
from destat.exchange.linkage import EncodingConfig, UnitFields
from destat.exchange.log import verify_log
from destat.exchange.pseudonymise import encode_register_units
from destat.exchange.receive import receive_package
from destat.project.database import DATABASE_FILE

from .conftest import NOW, Parties
from .helpers import packed_records


def test_records_round_trip_loads_pseudonymised_tables(
    tmp_path: Path, parties: Parties, make_agreement: Callable[..., Agreement], sellers: Path
) -> None:
    agreement = make_agreement()
    package = packed_records(agreement, sellers, parties, tmp_path / "pkg.zip")
    project = tmp_path / "nso"
    project.mkdir()
    receipt = receive_package(package, project, parties.nso, agreement, NOW)
    assert sorted(receipt.tables.values()) == [6, 7]
    connection = duckdb.connect(str(project / DATABASE_FILE), read_only=True)
    units = connection.sql(f'SELECT * FROM "exchange_{receipt.package_id[:12]}_units"').df()
    records = connection.sql(f'SELECT * FROM "exchange_{receipt.package_id[:12]}_records"').df()
    connection.close()
    assert list(records.columns) == ["seller_id", "category", "sales"]
    assert records["sales"].sum() == 1200.5 + 300 + 800 + 450 + 75 + 60 + 40
    assert "S1" not in set(records["seller_id"])
    assert records["seller_id"].nunique() == 6
    text = package.read_bytes() + units.to_csv().encode() + records.to_csv().encode()
    for clear in (b"30712345679", b"Corrientes", b"TEXTIL", b"pan@example.com", b"1141234567"):
        assert clear not in text
    # The linkage unit encodes its register with the key itself: equal pseudonyms link.
    register = pd.DataFrame(
        {
            "unit_id": ["R1", "R2"],
            "tax_id": ["30 71234567 9", "30-55555555-1"],
            "phone": ["", "+54 351 400-1000"],
            "name": ["Pan Núñez", "Textiles del Sur S.A."],
            "address": ["Corrientes 1234", "Calle Belgrano 55"],
        }
    )
    fields = UnitFields("unit_id", "tax_id", "phone", "name", "address")
    encoded = encode_register_units(
        register, fields, parties.linkage, EncodingConfig(phone_country_prefix="54")
    )
    assert encoded.table.loc[0, "tax_id_hash"] in set(units["tax_id_hash"])
    assert encoded.table.loc[1, "phone_hash"] in set(units["phone_hash"])
    same_name = units.loc[units["tax_id_hash"] == encoded.table.loc[0, "tax_id_hash"], "clk"]
    assert same_name.iloc[0] == encoded.clk[0].tobytes().hex()
    assert verify_log(project, project / DATABASE_FILE)[0] == 1
