"""One code list id, agency and version stands for one list in all the SDMX files of a release:
the demo's survey and provider structures, read with sdmx1 (an independent reader)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sdmx

from destat.demo.showcase import prepare_demo
from destat.project.pipeline import run_project

Content = tuple[object, ...]


def _content(codelist: sdmx.model.common.Codelist) -> Content:
    codes = tuple(
        sorted(
            (
                code.id,
                tuple(sorted(code.name.localizations.items())),
                code.parent.id if isinstance(code.parent, sdmx.model.common.Code) else "",
            )
            for code in codelist
        )
    )
    return tuple(sorted(codelist.name.localizations.items())), codes


def _codelists(folder: Path) -> dict[tuple[str, str, str], dict[str, Content]]:
    """For each (agency, id, version): the content found in each structure file."""
    found: dict[tuple[str, str, str], dict[str, Content]] = {}
    for path in sorted(folder.glob("*_structure.xml")):
        for codelist in sdmx.read_sdmx(path).codelist.values():
            key = (str(codelist.maintainer.id), str(codelist.id), str(codelist.version))
            found.setdefault(key, {})[path.name] = _content(codelist)
    return found


@pytest.mark.slow
def test_a_code_list_shared_by_two_structure_files_has_the_same_codes(tmp_path: Path) -> None:
    prepare_demo(tmp_path, n_enterprises=5_000, seed=7)
    run_project(tmp_path)
    sdmx_dir = tmp_path / "outputs" / "sdmx"
    names = {path.name for path in sdmx_dir.glob("*_structure.xml")}
    assert {"NSO_ICT_BUS_1.0_structure.xml", "NSO_POSTAL_FLOWS_1.0_structure.xml"} <= names
    assert len(names) >= 5  # the survey and the four provider flows
    found = _codelists(sdmx_dir)
    shared = {key: files for key, files in found.items() if len(files) > 1}
    # The standard attribute lists are shared on purpose, so the check has something to compare.
    assert ("NSO", "CL_OBS_STATUS", "1.0") in shared
    different = {
        key: sorted(files) for key, files in shared.items() if len(set(files.values())) > 1
    }
    assert different == {}
