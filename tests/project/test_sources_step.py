"""``destat run`` with a ``[sources]`` section: the marketplace and postal tables of the demo
country's generated provider files are published beside the survey's figures (outputs in every
format, the project database, SDMX in outputs/sdmx/), flagged experimental, checked against the
generator's truth; a bad provider file stops the run and changes nothing."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from destat.demo.showcase import prepare_demo
from destat.errors import DestatError
from destat.project.pipeline import RunResult, run_project
from destat.sources.errors import SourceFileError

pytestmark = pytest.mark.slow  # runs a 20,000-enterprise project with provider files

SECRET_ENV = "DESTAT_TEST_LINKAGE_SECRET"
SECRET = "linkage secret of the tests, 0123456789abcdef"
TABLES = ("marketplace_sellers", "marketplace_prices", "marketplace_register_share", "postal_flows")
FLOWS = ("MKT_SELLERS", "MKT_PRICES", "MKT_REGISTER", "POSTAL_FLOWS")


@pytest.fixture(scope="module")
def secret() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SECRET_ENV, SECRET)
        yield SECRET


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, secret: str) -> Path:
    folder = tmp_path_factory.mktemp("sources") / "project"
    prepare_demo(folder, n_enterprises=20_000, seed=5)
    config = folder / "destat.toml"
    text = config.read_text(encoding="utf-8")
    section = "[sources.marketplace.linkage]\n"
    config.write_text(text.replace(section, f'{section}secret_env = "{SECRET_ENV}"\n'), "utf-8")
    return folder


@pytest.fixture(scope="module")
def ran(project: Path) -> RunResult:
    return run_project(project)


def _stored(database: Path, name: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(f"SELECT * FROM {name}").df()


def test_tables_are_published_in_every_format_stored_and_flagged(ran: RunResult) -> None:
    for name in TABLES:
        parquet = pd.read_parquet(ran.outputs / f"{name}.parquet")
        csv = pd.read_csv(ran.outputs / f"{name}.csv")
        excel = pd.read_excel(ran.outputs / f"{name}.xlsx")
        stored = _stored(ran.database, name)
        assert len(parquet) == len(csv) == len(excel) == len(stored) > 0, name
        assert parquet["experimental"].all(), name
        assert stored["experimental"].all(), name
        assert set(parquet["CONF_STATUS"]) <= {"F", "C", "D"}
    # The survey's figures are still there, in the same run.
    assert len(_stored(ran.database, "results")) == len(ran.results)


def test_sdmx_files_sit_beside_the_surveys_and_mark_every_observation(ran: RunResult) -> None:
    sdmx = ran.outputs / "sdmx"
    assert (sdmx / "NSO_ICT_BUS_1.0_data.csv").is_file()
    for flow in FLOWS:
        assert (sdmx / f"NSO_{flow}_1.0_structure.xml").is_file()
        data = pd.read_csv(sdmx / f"NSO_{flow}_1.0_data.csv", dtype=str)
        assert set(data["EXPERIMENTAL"]) == {"Y"}, flow
        assert set(data["REF_AREA"]) == {"DL"}


def test_postal_corridor_totals_equal_the_generated_truth(ran: RunResult, project: Path) -> None:
    truth = pd.read_csv(project / "data" / "providers" / "postal_truth.csv", dtype={"items": int})
    flows = pd.read_parquet(ran.outputs / "postal_flows.parquet")
    totals = flows[(flows["hs_chapter"] == "_T") & (flows["value_band"] == "_T")]
    shown = totals[totals["CONF_STATUS"] == "F"]
    compared = shown.merge(truth, on=["month", "origin", "destination"], suffixes=("", "_true"))
    # 400 items (20,000 enterprises / 50) over 12 months and 16 corridors: many blocks are too
    # small to publish, but every published block total is the true count of its corridor.
    assert len(compared) == len(shown) >= 10
    assert (compared["items"] == compared["items_true"]).all()
    assert int(truth["items"].sum()) == 400


def test_sellers_selling_are_counted_from_the_transactions(ran: RunResult, project: Path) -> None:
    files = project / "data" / "providers"
    sellers = pd.read_csv(files / "sellers.csv", dtype=str)
    listings = pd.read_csv(files / "listings.csv", dtype=str)
    transactions = pd.read_csv(files / "transactions.csv", dtype=str)
    selling = transactions.merge(listings, on="listing_id", suffixes=("", "_l"))["seller_id"]
    kinds = sellers[sellers["seller_id"].isin(selling)]["seller_type"].value_counts()
    table = pd.read_parquet(ran.outputs / "marketplace_sellers.parquet")
    total = table[(table[["sex", "region", "category"]] == "_T").all(axis=1)].set_index(
        "seller_type"
    )
    assert set(table["year"]) == {"2025"}
    assert total.loc["BUS", "sellers"] == kinds["business"]
    assert total.loc["IND", "sellers"] == kinds["individual"]


def test_register_share_is_close_to_the_truth(ran: RunResult, project: Path) -> None:
    files = project / "data" / "providers"
    truth = pd.read_csv(files / "marketplace_truth.csv", dtype=str)
    transactions = pd.read_csv(files / "transactions.csv", dtype=str)
    listings = pd.read_csv(files / "listings.csv", dtype=str)
    selling = transactions.merge(listings, on="listing_id", suffixes=("", "_l"))["seller_id"]
    truly_selling = truth.loc[truth["seller_id"].isin(selling), "enterprise_id"].nunique()
    share = pd.read_parquet(ran.outputs / "marketplace_register_share.parquet")
    total = share[(share["size_class"] == "_T") & (share["industry"] == "_T")].iloc[0]
    assert total["enterprises"] == 20_000
    assert total["found"] == pytest.approx(truly_selling, rel=0.05)
    assert ran.sources.quality is not None
    assert ran.sources.quality.precision >= 0.95
    assert ran.sources.quality.recall >= 0.95


def test_the_linkage_secret_is_written_nowhere_in_the_project(
    ran: RunResult, project: Path
) -> None:
    clear = SECRET.encode()
    for path in project.rglob("*"):
        if path.is_file():
            assert clear not in path.read_bytes(), path
            assert clear.hex().encode() not in path.read_bytes(), path


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_bad_provider_file_stops_the_run_and_changes_nothing(
    ran: RunResult, project: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(project, folder)
    path = folder / "data" / "providers" / "transactions.csv"
    transactions = pd.read_csv(path, dtype=str)
    transactions.loc[6, "quantity"] = "-2"
    transactions.to_csv(path, index=False)
    outputs_before = _fingerprint(folder / "outputs")
    stored_before = _stored(folder / "destat.duckdb", "marketplace_sellers")
    runs_before = len(_stored(folder / "destat.duckdb", "runs"))
    with pytest.raises(SourceFileError) as caught:
        run_project(folder)
    message = str(caught.value)
    assert "transactions.csv" in message
    assert "'quantity'" in message
    assert "row 7" in message
    assert _fingerprint(folder / "outputs") == outputs_before
    after = _stored(folder / "destat.duckdb", "marketplace_sellers")
    pd.testing.assert_frame_equal(after, stored_before)
    assert len(_stored(folder / "destat.duckdb", "runs")) == runs_before


def test_a_missing_secret_variable_is_named_with_the_fix(
    ran: RunResult, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(project, folder)
    monkeypatch.delenv(SECRET_ENV)
    with pytest.raises(DestatError, match=f"{SECRET_ENV}.*secret_env"):
        run_project(folder)


def test_a_missing_provider_file_names_the_setting(
    ran: RunResult, project: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(project, folder)
    (folder / "data" / "providers" / "listings.csv").unlink()
    with pytest.raises(SourceFileError, match=r"listings in \[sources.marketplace\]"):
        run_project(folder)
