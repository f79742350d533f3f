"""End to end: generated marketplace sellers travel through the provider kit to the office,
which links them to its register on the encodings alone and measures the links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from destat.cli import app
from destat.demo.providers import write_provider_files
from destat.exchange.keys import signing_key
from destat.exchange.link_package import links_table
from destat.exchange.pseudonymise import unit_pseudonyms
from destat.exchange.receive import table_name
from destat.project.database import DATABASE_FILE, read_table
from destat.sources.received import received_register_share
from destat.sources.register_share import register_share

pytestmark = pytest.mark.slow  # about 30 s of CPU: a generated marketplace through both sides

AGREEMENT_ID = "DL-MKT-2025"
runner = CliRunner()


def run(*args: str | Path) -> str:
    # Wide enough that the printed lines are not wrapped.
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


@dataclass(frozen=True)
class Exchange:
    """The folders of both sides, the generated world and what the office printed."""

    world: Path
    provider: Path
    office: Path
    project: Path
    package_id: str
    unit_map: dict[str, str]
    link_output: str


def _provider_file(world: Path, out: Path) -> None:
    """Business sellers with their number of transactions and sales in the year."""
    sellers = pd.read_csv(world / "sellers.csv", dtype=str)
    listings = pd.read_csv(world / "listings.csv", dtype=str)
    sold = pd.read_csv(world / "transactions.csv").drop(columns="seller_id")
    sold = sold.merge(listings[["listing_id", "seller_id"]], on="listing_id")
    sold["sales"] = sold["quantity"] * sold["unit_price"]
    activity = sold.groupby("seller_id").agg(
        transactions=("transaction_id", "size"), sales=("sales", "sum")
    )
    business = sellers[sellers["seller_type"] == "business"]
    business = business.merge(activity, left_on="seller_id", right_index=True, how="left")
    columns = ["seller_id", "tax_id", "phone", "name", "address", "transactions", "sales"]
    business[columns].fillna({"transactions": 0, "sales": 0.0}).to_csv(out, index=False)


def _agreement(provider: Path, office: Path) -> Path:
    keys, out = office / "keys", provider / "agreement.jsonld"
    run(
        *("provider", "init", out, "--id", AGREEMENT_ID, "--provider", "Mercado Demo"),
        *("--nso", "NSO of Demo Land", "--title", "Business sellers 2025"),
        *("--purpose", "Register enterprises selling online"),
        *("--permitted-use", "Statistics only", "--start", "2020-01-01", "--end", "2099-12-31"),
        *("--delete-by", "2099-12-31", "--mode", "records", "--country-prefix", "999"),
        *("--field", "seller_id=unit", "--field", "tax_id=tax_id", "--field", "phone=phone"),
        *("--field", "name=name", "--field", "address=address"),
        *("--field", "transactions=sum", "--field", "sales=sum"),
        *("--nso-key", keys / "nso-receiving.pub.pem"),
        *("--linkage-key", keys / "nso-linkage.pub.pem"),
        *("--provider-key", provider / "keys" / "provider-signing.pub.pem"),
    )
    return out


@pytest.fixture(scope="module")
def exchange(tmp_path_factory: pytest.TempPathFactory) -> Exchange:
    root = tmp_path_factory.mktemp("exlink")
    world, provider, office = root / "world", root / "provider", root / "office"
    project = office / "project"
    (project / "data").mkdir(parents=True)
    provider.mkdir()
    files = write_provider_files(world, seed=7, enterprises=3000, postal_items=50)
    (project / "data" / "register.csv").write_bytes(files.register.read_bytes())
    _provider_file(world, provider / "sellers.csv")
    # Keys: each side makes its own; only public keys cross (in the agreement).
    run("provider", "keys", provider / "keys")
    run("exchange", "keys", office / "keys", "--rsa-bits", "1024")
    agreement = _agreement(provider, office)
    run(
        "provider",
        "blind",
        provider / "sellers.csv",
        "-a",
        agreement,
        "--out",
        provider / "req.json",
    )
    run(
        *(
            "exchange",
            "answer",
            provider / "req.json",
            "--key",
            office / "keys" / "nso-linkage.pem",
        ),
        *("--out", office / "resp.json"),
    )
    run(
        *("provider", "pack", provider / "sellers.csv", "-a", agreement),
        *("--key", provider / "keys" / "provider-signing.pem", "--out", provider / "pkg.zip"),
        *("--state", provider / "req.state.json", "--response", office / "resp.json"),
    )
    (office / "inbox").mkdir()
    (office / "inbox" / "pkg.zip").write_bytes((provider / "pkg.zip").read_bytes())
    (office / "agreement.jsonld").write_bytes(agreement.read_bytes())
    run(
        *("exchange", "receive", office / "inbox" / "pkg.zip", "--project", project),
        *("--key", office / "keys" / "nso-receiving.pem", "-a", office / "agreement.jsonld"),
    )
    (received,) = (project / "exchange" / "received").iterdir()
    package_id = received.name
    # The generator knows which seller is which enterprise; so does the test, playing the
    # provider, which alone can turn seller IDs into the pseudonyms the office sees.
    sellers = pd.read_csv(provider / "sellers.csv", dtype=str)
    key = signing_key(provider / "keys" / "provider-signing.pem")
    unit_map = unit_pseudonyms(list(sellers["seller_id"]), key, AGREEMENT_ID)
    truth = pd.read_csv(files.marketplace_truth, dtype=str)
    truth = truth[truth["seller_id"].isin(unit_map)]
    pd.DataFrame(
        {"provider_id": truth["seller_id"].map(unit_map), "register_id": truth["enterprise_id"]}
    ).to_csv(world / "truth-pseudonymous.csv", index=False)
    link_output = run(
        *("exchange", "link", "--project", project, "--package-id", package_id[:12]),
        *("--key", office / "keys" / "nso-linkage.pem"),
        *("--register", project / "data" / "register.csv"),
        *("--truth", world / "truth-pseudonymous.csv"),
    )
    return Exchange(world, provider, office, project, package_id, unit_map, link_output)


def _figure(output: str, what: str) -> tuple[float, float]:
    found = re.search(rf"{what}: precision ([0-9.]+), recall ([0-9.]+)", output)
    assert found, output
    return float(found.group(1)), float(found.group(2))


def test_links_meet_the_quality_the_issue_asks(exchange: Exchange) -> None:
    print(exchange.link_output)
    exact = _figure(exchange.link_output, "exact identifiers")
    names = _figure(exchange.link_output, "names and addresses")
    overall = _figure(exchange.link_output, "all links")
    assert exact[0] >= 0.99
    assert exact[1] >= 0.99
    # Names and addresses at the default threshold 0.92: docs/data-exchange.md measured
    # precision 0.68 and recall 0.41 on 20,000 enterprises. This register of 3,000 leaves 16
    # true pairs to them, and a new linkage key moves the CLK bits: over four keys, 6 or 7 of
    # the 16 were linked, all correctly. The floors leave room for two pairs fewer, and for
    # the precision measured on the larger register less a margin.
    assert names[0] >= 0.6
    assert names[1] >= 0.25
    # 1 in 25 true sellers lacks both tax ID and phone, so the exact step alone reaches a recall
    # near 0.96: all links must do at least that well, with precision above 0.97.
    assert overall[0] >= 0.97
    assert overall[1] >= 0.95


def test_links_are_stored_with_method_and_score_and_logged(exchange: Exchange) -> None:
    database = exchange.project / DATABASE_FILE
    links = read_table(database, links_table(exchange.package_id))
    assert list(links.columns) == ["provider_id", "register_id", "match_type", "matched_on", "dice"]
    assert links["provider_id"].is_unique
    assert links["register_id"].is_unique
    assert set(links["provider_id"]) <= set(exchange.unit_map.values())
    assert set(links["match_type"]) == {"exact", "fuzzy"}
    assert (links.loc[links["match_type"] == "fuzzy", "dice"] >= 0.92).all()
    counts = links["matched_on"].value_counts()
    printed = re.search(r"tax ID (\d+), on phone (\d+), .* (\d+); not linked", exchange.link_output)
    assert printed is not None
    assert [int(n) for n in printed.groups()] == [counts["tax_id"], counts["phone"], counts["clk"]]
    log = run("exchange", "log", "--project", exchange.project)
    assert "linked" in log
    assert "Chain intact: 2 entries" in log


def _readable(path: Path) -> str:
    """The text a reader of the file could see: raw bytes, and tables decoded."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix == ".duckdb":
        connection = duckdb.connect(str(path), read_only=True)
        for (name,) in connection.execute("SHOW TABLES").fetchall():
            text += connection.sql(f'SELECT * FROM "{name}"').df().to_csv()
        connection.close()
    elif path.suffix == ".parquet":
        text += pq.read_table(path).to_pandas().to_csv()
    return text


def _found(folder: Path, needles: set[str]) -> set[str]:
    """The needles that some file under ``folder`` holds as a whole word: a 9-digit tax ID
    inside a hex pseudonym or the digits of a score is not one."""
    hits: set[str] = set()
    for path in folder.rglob("*"):
        if path.is_file():
            text = _readable(path)
            hits |= {
                needle
                for needle in needles
                if needle in text
                and re.search(rf"(?<![0-9A-Za-z]){re.escape(needle)}(?![0-9A-Za-z])", text)
            }
    return hits


def test_neither_side_holds_the_others_identifiers_in_clear(exchange: Exchange) -> None:
    register = pd.read_csv(exchange.world / "register.csv", dtype=str)
    sellers = pd.read_csv(exchange.provider / "sellers.csv", dtype=str)
    truth = pd.read_csv(exchange.world / "marketplace_truth.csv", dtype=str)
    # What the provider never had: the enterprises that do not sell on its marketplace (less
    # the names that its own file holds too, e.g. "Almacén Ramos" within "Almacén Ramos SA":
    # the demo names come from short word lists).
    provider_text = (exchange.provider / "sellers.csv").read_text(encoding="utf-8")
    not_sellers = register[~register["enterprise_id"].isin(truth["enterprise_id"])]
    register_secrets = {n for n in not_sellers["name"] if n not in provider_text}
    register_secrets |= set(not_sellers["tax_id"])
    register_secrets |= {t.replace("-", "") for t in not_sellers["tax_id"]}
    # What the office never had: the sellers' own IDs, and the names and tax IDs of sellers
    # that its register does not hold itself.
    register_text = (exchange.world / "register.csv").read_text(encoding="utf-8")
    register_digits = register_text.replace("-", "")
    seller_secrets = set(sellers["seller_id"])
    seller_secrets |= {n for n in sellers["name"] if n not in register_text}
    seller_secrets |= {
        t for t in sellers["tax_id"].dropna() if re.sub(r"\D", "", t) not in register_digits
    }
    assert len(register_secrets) > 4000
    assert len(seller_secrets) > 500
    # The scan sees clear text where it is: the register in the project, the provider's file.
    assert _found(exchange.project / "data", set(not_sellers["name"][:5])) == set(
        not_sellers["name"][:5]
    )
    assert _found(exchange.provider, set(sellers["seller_id"][:5])) == set(sellers["seller_id"][:5])
    provider_files = {p.name for p in exchange.provider.rglob("*") if p.is_file()}
    assert {"pkg.zip", "req.json", "req.state.json", "sellers.csv"} <= provider_files
    assert _found(exchange.provider, register_secrets) == set()
    office_files = {p.name for p in exchange.office.rglob("*") if p.is_file()}
    assert {DATABASE_FILE, "log.jsonl", "units.parquet", "resp.json"} <= office_files
    assert _found(exchange.office, seller_secrets) == set()


def test_register_share_from_received_links_equals_the_plain_file_figure(
    exchange: Exchange,
) -> None:
    register = pd.read_csv(exchange.world / "register.csv", dtype=str)
    received = received_register_share(exchange.project, exchange.package_id, register)
    # The same links, computed from the plain files: seller IDs instead of pseudonyms, and
    # sellers with a transaction read from the marketplace's own transactions file.
    links = read_table(exchange.project / DATABASE_FILE, links_table(exchange.package_id))
    seller_of = {pseudonym: seller for seller, pseudonym in exchange.unit_map.items()}
    plain_links = links.assign(provider_id=links["provider_id"].map(seller_of))
    listings = pd.read_csv(exchange.world / "listings.csv", dtype=str)
    transactions = pd.read_csv(exchange.world / "transactions.csv", dtype=str)
    sold = transactions.drop(columns="seller_id").merge(listings, on="listing_id")
    selling = sold["seller_id"].drop_duplicates()
    plain = register_share(register, plain_links, selling)
    pd.testing.assert_frame_equal(received, plain)
    total = received[(received["size_class"] == "_T") & (received["industry"] == "_T")]
    assert total["enterprises"].iloc[0] == 3000
    assert 100 < total["found"].iloc[0] < 3000
    records = read_table(
        exchange.project / DATABASE_FILE, table_name(exchange.package_id, "records")
    )
    assert np.isclose(records["sales"].sum(), pd.read_csv(exchange.provider / "sellers.csv")[
        "sales"].sum())  # fmt: skip
