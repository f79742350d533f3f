"""Extraction on Spark (``local[*]``) gives the same page and site tables as a local run.

The WARC files are written by the crawler's own writer (:class:`WarcStore`: warcinfo, request
and response records, one gzip member each, bodies gzip-encoded as served) from real
development pages of the evaluation set; hosts repeat across files, so sites are combined
from pages read by different tasks.
"""

from __future__ import annotations

import csv
import gzip
import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from destat.cli import app
from destat.errors import EngineUnavailableError, InputFileError
from destat.web.crawl.fetch import Exchange
from destat.web.crawl.warc_store import WarcStore
from destat.web.extract.batch import extract_sources
from destat.web.extract.sources import iter_pages, page_files
from destat.web.extract.table import page_table, site_table

WEBPAGES = Path(__file__).resolve().parents[3] / "shared" / "eval" / "webpages"
HOSTS = ("shop.example.com", "news.example.org", "kiosk.example.ru")


def exchange(url: str, status: int, content_type: str, body: bytes) -> Exchange:
    return Exchange(
        url=url,
        request_headers=(("User-Agent", "destat-test"),),
        status=status,
        reason="OK" if status == 200 else "Moved",
        http_version="HTTP/1.1",
        headers=(("Content-Type", content_type), ("Content-Encoding", "gzip")),
        body=gzip.compress(body),
        truncated=False,
        fetched_at=datetime(2026, 11, 26, tzinfo=UTC),
    )


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four WARC files of 24 development pages over three hosts, with an image and a redirect
    that both runs must skip."""
    labels = WEBPAGES / "dev_labels.csv"
    if not labels.is_file():
        pytest.fail(f"the evaluation pages are missing: expected {labels}")
    with labels.open(newline="", encoding="utf-8") as stream:
        ids = [row["id"] for row in csv.DictReader(stream)][:24]
    folder = tmp_path_factory.mktemp("warcs")
    store = WarcStore(folder, max_file_bytes=1, software="destat-test")  # a new file per write
    for number, chunk in enumerate(range(0, len(ids), 6)):
        exchanges = []
        for offset, page_id in enumerate(ids[chunk : chunk + 6]):
            body = gzip.decompress((WEBPAGES / "pages" / f"{page_id}.html.gz").read_bytes())
            host = HOSTS[(chunk + offset) % len(HOSTS)]
            exchanges.append(exchange(f"https://{host}/{page_id}", 200, "text/html", body))
        exchanges.append(exchange(f"https://{HOSTS[0]}/logo{number}.png", 200, "image/png", b"png"))
        exchanges.append(exchange(f"https://{HOSTS[1]}/old{number}", 301, "text/html", b"moved"))
        store.write(tuple(exchanges))
    store.close()
    assert len(page_files(folder)) == 4
    return folder


@pytest.mark.spark
@pytest.mark.slow
def test_spark_and_local_runs_give_the_same_page_and_site_tables(warcs: Path) -> None:
    from destat.web.extract.spark import extract_on_spark

    local = list(extract_sources(iter_pages(warcs)))
    local_pages, local_sites = page_table(local), site_table(local)
    pages, sites = extract_on_spark(page_files(warcs))

    assert local_pages.num_rows == 24
    assert local_sites.column("pages").to_pylist() == [8, 8, 8]
    assert pages.schema == local_pages.schema
    assert sites.schema == local_sites.schema
    for spark_rows, local_rows in ((pages, local_pages), (sites, local_sites)):
        for spark_row, local_row in zip(
            spark_rows.to_pylist(), local_rows.to_pylist(), strict=True
        ):
            assert spark_row == local_row
    assert pages.equals(local_pages)
    assert sites.equals(local_sites)


@pytest.mark.spark
@pytest.mark.slow
def test_extract_command_on_spark_writes_what_the_local_command_writes(
    warcs: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    for engine in ("local", "spark"):
        out = tmp_path / f"{engine}.parquet"
        arguments = ["web", "extract", "--warc", str(warcs), "--out", str(out)]
        result = runner.invoke(app, [*arguments, "--engine", engine])
        assert result.exit_code == 0, result.output
        assert "Extracted 24 pages" in result.output
    for suffix in (".parquet", "-sites.parquet"):
        spark, local = (pq.read_table(tmp_path / f"{e}{suffix}") for e in ("spark", "local"))
        assert spark.equals(local)


@pytest.mark.spark
def test_an_unreadable_warc_file_fails_the_spark_run_as_it_fails_a_local_run(
    warcs: Path, tmp_path: Path
) -> None:
    from destat.web.extract.spark import extract_on_spark

    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"this is not an archive at all")
    with pytest.raises(InputFileError) as local_error:
        list(iter_pages(broken))
    with pytest.raises(InputFileError) as spark_error:
        extract_on_spark([*page_files(warcs), broken])
    assert str(spark_error.value) == str(local_error.value)
    assert "not a readable WARC file" in str(spark_error.value)


@pytest.mark.spark
def test_a_local_session_started_without_this_python_still_extracts(
    warcs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from destat.engines import spark_engine
    from destat.web.extract.spark import extract_on_spark

    monkeypatch.delenv("PYSPARK_PYTHON", raising=False)
    context = spark_engine.default_session().sparkContext
    # As if the user had started the session before destat, with PySpark's default Python (the
    # python3 on the PATH, which lacks destat's dependencies here): destat finds it active.
    monkeypatch.setattr(spark_engine, "_session", None)
    monkeypatch.setattr(context, "pythonExec", "python3")
    first = page_files(warcs)[:1]
    pages, _ = extract_on_spark(first)
    assert pages.equals(page_table(list(extract_sources(iter_pages(first[0])))))


def test_spark_without_pyspark_names_the_extra(
    warcs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from destat.web.extract.spark import extract_on_spark

    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now fails
    with pytest.raises(EngineUnavailableError, match=r"destat\[spark\]"):
        extract_on_spark(page_files(warcs))
