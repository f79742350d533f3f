"""The embargo: closed by default, open with the token, open to all after the release time."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml import etree

from destat.errors import ConfigError
from destat.portal import Embargo, PortalSettingError, create_app

from .project import RELEASE, TOKEN, write_project

PAGES = (
    "/en/",
    "/fr/indicator/B1",
    "/en/indicator/B1/download.csv",
    "/sdmx/rest/dataflow/KNBS/ICT_BUS/1.0",
    "/sdmx/rest/data/ICT_BUS/all",
)


@pytest.fixture(scope="module")
def tokenless_app(project: Path) -> FastAPI:
    """Neither a release time nor a token: nothing opens the results."""
    return create_app(project)


@pytest.fixture(scope="module")
def released_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("released") / "project", release=RELEASE)


@pytest.mark.parametrize("path", PAGES)
def test_closed_by_default_without_a_release_time(app: FastAPI, path: str) -> None:
    with TestClient(app) as client:
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 401
        assert answer.headers["cache-control"] == "no-store"
        assert "47.3" not in answer.text
        assert "47,3" not in answer.text
        wrong = client.get(path, headers={"X-Embargo-Token": TOKEN[:-1] + "x"})
        assert wrong.status_code == 403
        if path.startswith("/sdmx/"):
            code = etree.fromstring(answer.content)[0].get("code")
            assert code == "110"


@pytest.mark.parametrize("path", PAGES)
def test_closed_when_no_token_is_set(tokenless_app: FastAPI, path: str) -> None:
    """With no release time and no token configured, nothing opens the results."""
    with TestClient(tokenless_app) as client:
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"X-Embargo-Token": ""}).status_code == 401
        assert client.get(path, headers={"Authorization": "Bearer "}).status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Embargo-Token": TOKEN},
        {"Authorization": f"Bearer {TOKEN}"},
        {"Cookie": f"destat_embargo={TOKEN}"},
    ],
)
def test_the_token_opens_every_route(app: FastAPI, headers: dict[str, str]) -> None:
    with TestClient(app, headers=headers) as client:
        for path in PAGES:
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert answer.headers["cache-control"] == "no-store"
        page = client.get("/en/indicator/B1")
        assert "Embargoed preview" in page.text


def test_release_time_opens_the_results_to_everyone(released_project: Path) -> None:
    before = create_app(released_project, token=TOKEN, clock=lambda: RELEASE - timedelta(seconds=1))
    at = create_app(released_project, clock=lambda: RELEASE)
    with TestClient(before) as client:
        assert client.get("/en/indicator/B1").status_code == 401
    with TestClient(at) as client:
        for path in PAGES:
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert "cache-control" not in answer.headers
        assert "Embargoed preview" not in client.get("/en/indicator/B1").text


def test_the_form_sets_a_cookie_and_goes_on_to_the_page(app: FastAPI) -> None:
    with TestClient(app) as client:
        form = client.get("/embargo?next=/fr/indicator/B1&lang=fr")
        assert form.status_code == 200
        assert "Jeton d'embargo" in html.unescape(form.text)
        wrong = client.post("/embargo", data={"token": "not-the-token", "next": "/fr/"})
        assert wrong.status_code == 403
        assert "destat_embargo" not in client.cookies
        right = client.post(
            "/embargo", data={"token": TOKEN, "next": "/fr/indicator/B1"}, follow_redirects=False
        )
        assert right.status_code == 303
        assert right.headers["location"] == "/fr/indicator/B1"
        assert "httponly" in right.headers["set-cookie"].lower()
        assert "samesite=strict" in right.headers["set-cookie"].lower()
        assert client.get("/fr/indicator/B1").status_code == 200


@pytest.mark.parametrize("target", ["https://example.org/", "//example.org/", "/\\example.org"])
def test_the_form_never_sends_to_another_site(app: FastAPI, target: str) -> None:
    with TestClient(app) as client:
        answer = client.post(
            "/embargo", data={"token": TOKEN, "next": target}, follow_redirects=False
        )
        assert answer.headers["location"] == "/"


def test_static_files_are_open_during_the_embargo(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/embargo/../en/").status_code in (401, 404)
        assert client.get("/static/../en/").status_code in (401, 404)
        for path in ("/static/portal.css", "/static/portal.js", "/static/release.css"):
            assert client.get(path).status_code == 200


def test_short_tokens_and_release_times_without_offset_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PortalSettingError, match="shorter than 16"):
        Embargo(None, "short")
    with pytest.raises(PortalSettingError, match="UTC offset"):
        Embargo(datetime(2026, 3, 31, 9, 0), TOKEN)
    project = write_project(tmp_path / "naive")
    config = project / "destat.toml"
    config.write_text(
        config.read_text("utf-8") + "\n[portal]\nrelease = 2026-03-31T09:00:00\n", "utf-8"
    )
    with pytest.raises(ConfigError, match=r"portal\.release"):
        create_app(project, token=TOKEN)
