"""``destat web crawl`` end to end, through the real command line application."""

from __future__ import annotations

from pathlib import Path

from sites import Farm, html, page, pages_of
from typer.testing import CliRunner

from destat.cli import app


def test_cli_crawls_reports_bad_seed_lines_and_resumes(farm: Farm, tmp_path: Path) -> None:
    site = farm.add({"/": html(page("Home", [("/shop", "Shop")])), "/shop": html(page("Shop", []))})
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(
        f"# enterprises of the sample\n\n{site.url}\nftp://files.example\nhttp://[::1\n"
    )
    out = tmp_path / "crawl"
    args = [
        "web",
        "crawl",
        "--seeds",
        str(seeds),
        "--out",
        str(out),
        "--allow-private",
        "--delay",
        "0",
    ]

    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "Seeds line 4 skipped" in first.output
    assert "Seeds line 5 skipped" in first.output
    assert "pages fetched" in first.output
    assert len(pages_of(out)) == 2
    assert sorted(out.glob("*.warc.gz"))

    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert site.paths() == ["/robots.txt", "/", "/shop"]


def test_cli_refuses_private_addresses_by_default(farm: Farm, tmp_path: Path) -> None:
    site = farm.add({"/": html(page("Home", []))})
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(site.url + "\n")
    result = CliRunner().invoke(
        app, ["web", "crawl", "--seeds", str(seeds), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    assert site.hits == []
    assert "refused addresses" in result.output


def test_cli_explains_a_missing_seeds_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = CliRunner().invoke(
        app, ["web", "crawl", "--seeds", str(missing), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "does not exist" in " ".join(result.output.split())
