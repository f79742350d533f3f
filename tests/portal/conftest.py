"""Fixtures of the portal tests: a published project and the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from destat.portal import create_app

from .project import TOKEN, write_project


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published project without a release time (under embargo)."""
    return write_project(tmp_path_factory.mktemp("portal") / "project")


@pytest.fixture(scope="module")
def app(project: Path) -> FastAPI:
    """The portal over ``project`` (a module may publish a project of its own) with the
    embargo token set."""
    return create_app(project, token=TOKEN)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client that carries the embargo token."""
    with TestClient(app, headers={"X-Embargo-Token": TOKEN}) as test_client:
        yield test_client
