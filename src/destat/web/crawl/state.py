"""The crawl's state in DuckDB: sites, frontier, robots.txt rules, WARC files and the index.

A URL is done when it has a row in ``crawl_index``; the row, the URL's new frontier links and
the new committed length of its WARC file are written in one transaction, after the WARC
records are on disk (see :mod:`destat.web.crawl.warc_store`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from destat.web.crawl.errors import CrawlError
from destat.web.crawl.robots import RobotsRules

__all__ = [
    "SEED_SCORE",
    "CrawlState",
    "FrontierEntry",
    "IndexRow",
    "Links",
    "SiteStart",
    "Write",
]

# Seeds outrank every link.
SEED_SCORE = 1_000_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_sites (
    site VARCHAR PRIMARY KEY, seed_url VARCHAR NOT NULL, seed_line INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_frontier (
    url VARCHAR PRIMARY KEY, site VARCHAR NOT NULL, score INTEGER NOT NULL,
    depth INTEGER NOT NULL, seq BIGINT NOT NULL, found_on VARCHAR
);
CREATE TABLE IF NOT EXISTS crawl_robots (
    origin VARCHAR PRIMARY KEY, status INTEGER, body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_warc_files (
    name VARCHAR PRIMARY KEY, committed_bytes BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_index (
    kind VARCHAR NOT NULL,            -- 'page' or 'robots'
    url VARCHAR NOT NULL,
    site VARCHAR NOT NULL,
    final_url VARCHAR,
    status INTEGER,
    content_type VARCHAR,
    warc_file VARCHAR,                -- the final response record
    warc_offset BIGINT,
    warc_length BIGINT,
    fetched_at TIMESTAMPTZ,
    sha1 VARCHAR,                     -- WARC-Payload-Digest of the final response
    truncated BOOLEAN NOT NULL,
    outcome VARCHAR NOT NULL,         -- fetched, error, robots, refused
    error VARCHAR,
    responses INTEGER NOT NULL,       -- responses stored for the URL (retries and redirects)
    PRIMARY KEY (kind, url)
);
CREATE INDEX IF NOT EXISTS crawl_frontier_site ON crawl_frontier (site);
CREATE INDEX IF NOT EXISTS crawl_index_site ON crawl_index (site);
"""


@dataclass(frozen=True)
class FrontierEntry:
    """A URL waiting to be fetched, with what ranks it."""

    url: str
    site: str
    score: int
    depth: int
    seq: int


@dataclass
class SiteStart:
    """Where a site stands when a run starts: queued URLs, URLs done, pages spent (robots.txt
    skips do not count) and where its home page ended after redirects, once fetched."""

    pending: list[FrontierEntry]
    done: set[str]
    spent: int
    home: str | None


@dataclass(frozen=True)
class IndexRow:
    """One row of ``crawl_index``."""

    kind: str
    url: str
    site: str
    final_url: str | None
    status: int | None
    content_type: str | None
    warc_file: str | None
    warc_offset: int | None
    warc_length: int | None
    fetched_at: datetime | None
    sha1: str | None
    truncated: bool
    outcome: str
    error: str | None
    responses: int


_INDEX_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("final_url", pa.string()),
        ("status", pa.int32()),
        ("content_type", pa.string()),
        ("warc_file", pa.string()),
        ("warc_offset", pa.int64()),
        ("warc_length", pa.int64()),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
        ("sha1", pa.string()),
        ("truncated", pa.bool_()),
        ("outcome", pa.string()),
        ("error", pa.string()),
        ("responses", pa.int32()),
    ]
)

# New links of a page: (url, score, depth, found_on).
Links = list[tuple[str, int, int, str | None]]


@dataclass(frozen=True)
class Write:
    """What one recorded URL commits: its index row, the links it found, robots.txt rules."""

    row: IndexRow
    site: str
    links: Links
    robots: tuple[str, RobotsRules] | None = None


class CrawlState:
    """The state database of one crawl directory (``crawl.duckdb``)."""

    def __init__(self, path: Path) -> None:
        try:
            self._db = duckdb.connect(str(path))
        except duckdb.Error as exc:
            raise CrawlError(
                f"Cannot open the crawl state {path}: {exc}. If another crawl is writing to this "
                "folder, wait for it to finish or crawl into another folder."
            ) from None
        # The crawl runs many small transactions: more threads only add scheduling overhead and
        # take the CPU from the event loop.
        self._db.execute("SET threads = 1")
        self._db.execute(_SCHEMA)
        self._seq = self._scalar("SELECT coalesce(max(seq), 0) FROM crawl_frontier")
        self._warc_files = set(self.warc_files())

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def _scalar(self, sql: str, *params: object) -> int:
        row = self._db.execute(sql, list(params)).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def add_seeds(self, seeds: Iterable[tuple[str, str, int]]) -> None:
        """Register seeds ``(site, url, line)``.

        The first seed of a site is its home page; every seed goes to the top of its site's
        frontier. Seeds known from a former run are kept as they are.
        """
        seeds = list(seeds)
        first: dict[str, tuple[str, str, int]] = {}
        for seed in seeds:
            first.setdefault(seed[0], seed)
        sites = pa.table(
            {
                "site": [site for site, _, _ in first.values()],
                "seed_url": [url for _, url, _ in first.values()],
                "seed_line": pa.array([line for _, _, line in first.values()], pa.int32()),
            }
        )
        self._db.execute("BEGIN")
        self._insert("crawl_sites", sites)
        self._insert_frontier([(url, site, SEED_SCORE, 0, None) for site, url, _ in seeds])
        self._db.execute("COMMIT")

    def sites(self) -> list[tuple[str, str]]:
        """Every site with its seed URL, in the order of the seeds file."""
        return [
            (str(s), str(u))
            for s, u in self._db.execute(
                "SELECT site, seed_url FROM crawl_sites ORDER BY seed_line"
            ).fetchall()
        ]

    def starts(self, sites: list[str]) -> dict[str, SiteStart]:
        """Where each of ``sites`` stands: its queue, done URLs, pages spent and home page."""
        found = {site: SiteStart([], set(), 0, None) for site in sites}
        self._db.register("_sites", pa.table({"site": list(found)}))
        try:
            pending = self._db.execute(
                """SELECT f.url, f.site, f.score, f.depth, f.seq FROM crawl_frontier f
                   SEMI JOIN _sites s ON s.site = f.site
                   ANTI JOIN crawl_index i ON i.kind = 'page' AND i.url = f.url"""
            ).fetchall()
            done = self._db.execute(
                """SELECT i.site, i.url, i.final_url, i.outcome <> 'robots' FROM crawl_index i
                   SEMI JOIN _sites s ON s.site = i.site WHERE i.kind = 'page'"""
            ).fetchall()
            homes = self._db.execute(
                """SELECT s.site, i.final_url FROM crawl_sites s SEMI JOIN _sites n USING (site)
                   JOIN crawl_index i ON i.url = s.seed_url AND i.kind = 'page'"""
            ).fetchall()
        finally:
            self._db.unregister("_sites")
        for url, site, score, depth, seq in pending:
            found[site].pending.append(FrontierEntry(url, site, score, depth, seq))
        for site, url, final_url, spent in done:
            found[site].done.update(u for u in (url, final_url) if u is not None)
            found[site].spent += int(spent)
        for site, home in homes:
            found[site].home = home
        return found

    def robots(self) -> dict[str, RobotsRules]:
        """Every robots.txt fetched so far."""
        rows = self._db.execute("SELECT origin, status, body FROM crawl_robots").fetchall()
        return {str(o): RobotsRules.from_response(s, bytes(b)) for o, s, b in rows}

    def warc_files(self) -> dict[str, int]:
        """Committed length of every WARC file."""
        return {
            str(n): int(b) for n, b in self._db.execute("SELECT * FROM crawl_warc_files").fetchall()
        }

    def commit(
        self, writes: list[Write], warc_lengths: dict[str, int]
    ) -> list[list[FrontierEntry]]:
        """Commit, in one transaction, the index rows, links and robots rules of ``writes``
        and the new committed lengths of WARC files; return the frontier entries each write
        added (a link found by several writes goes to the first)."""
        self._db.execute("BEGIN")
        try:
            if writes:
                columns = zip(*(write.row.__dict__.values() for write in writes), strict=True)
                index = pa.table(dict(zip(_INDEX_SCHEMA.names, columns, strict=True)))
                self._db.register("_new_rows", index.cast(_INDEX_SCHEMA))
                try:
                    self._db.execute("INSERT INTO crawl_index SELECT * FROM _new_rows")
                finally:
                    self._db.unregister("_new_rows")
            for name, length in warc_lengths.items():
                # A plain UPDATE costs a third of an upsert; most commits only move the length.
                if name in self._warc_files:
                    self._db.execute(
                        "UPDATE crawl_warc_files SET committed_bytes = ? WHERE name = ?",
                        [length, name],
                    )
                else:
                    self._db.execute("INSERT INTO crawl_warc_files VALUES (?, ?)", [name, length])
            owner: dict[str, int] = {}
            links = []
            for number, write in enumerate(writes):
                for url, score, depth, found in write.links:
                    if url not in owner:
                        owner[url] = number
                        links.append((url, write.site, score, depth, found))
            added: list[list[FrontierEntry]] = [[] for _ in writes]
            for entry in self._insert_frontier(links):
                added[owner[entry.url]].append(entry)
            robots = [write.robots for write in writes if write.robots is not None]
            if robots:
                self._db.executemany(
                    "INSERT INTO crawl_robots VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [[origin, rules.status, rules.body] for origin, rules in robots],
                )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._warc_files.update(warc_lengths)
        return added

    def _insert(self, table_name: str, rows: pa.Table, returning: str = "") -> list[Any]:
        """Insert an Arrow table, skipping rows whose key is already there, in one statement."""
        self._db.register("_new_rows", rows)
        try:
            # Table names and RETURNING lists are constants of this module; values go as Arrow.
            return self._db.execute(
                f"INSERT INTO {table_name} SELECT * FROM _new_rows ON CONFLICT DO NOTHING "  # noqa: S608
                f"{returning}"
            ).fetchall()
        finally:
            self._db.unregister("_new_rows")

    def _insert_frontier(
        self, links: list[tuple[str, str, int, int, str | None]]
    ) -> list[FrontierEntry]:
        """Queue ``(url, site, score, depth, found_on)`` links; return those new to the frontier."""
        unique: dict[str, tuple[str, str, int, int, str | None]] = {}
        for link in links:
            unique.setdefault(link[0], link)
        if not unique:
            return []
        rows = list(unique.values())
        first = self._seq + 1
        self._seq += len(rows)
        table = pa.table(
            {
                "url": [row[0] for row in rows],
                "site": [row[1] for row in rows],
                "score": pa.array([row[2] for row in rows], pa.int32()),
                "depth": pa.array([row[3] for row in rows], pa.int32()),
                "seq": pa.array(range(first, first + len(rows)), pa.int64()),
                "found_on": pa.array([row[4] for row in rows], pa.string()),
            }
        )
        inserted = self._insert("crawl_frontier", table, "RETURNING url, site, score, depth, seq")
        return [FrontierEntry(str(u), str(s), int(c), int(d), int(q)) for u, s, c, d, q in inserted]

    def totals(self) -> dict[str, int]:
        """Counts over the whole crawl: sites, and pages by outcome."""
        counts = dict(
            self._db.execute(
                "SELECT outcome, count(*) FROM crawl_index WHERE kind = 'page' GROUP BY outcome"
            ).fetchall()
        )
        counts["sites"] = self._scalar("SELECT count(*) FROM crawl_sites")
        counts["truncated"] = self._scalar(
            "SELECT count(*) FROM crawl_index WHERE kind = 'page' AND truncated"
        )
        return {str(k): int(v) for k, v in counts.items()}
