"""The SDMX REST API of the portal (SDMX RESTful web services 1.5.0, for SDMX 2.1).

The portal serves the survey's dataflow and one dataflow per experimental provider table.
Structure queries (``/sdmx/rest/{dataflow|datastructure|conceptscheme|codelist}/{agency}/{id}/
{version}``) answer with the whole SDMX-ML 2.1 structure message (dataflow, DSD, concept scheme
and code lists) of the first dataflow that holds the artefact, as ``references=all`` would; an
identifier left as a wildcard means the survey's dataflow. Data queries
(``/sdmx/rest/data/{flow}/{key}``) select observations by key and period and write them with
the writers of :mod:`destat.publish.sdmx`, in the format the client accepts. Failures answer
with an SDMX-ML 2.1 error message and the HTTP status of the SDMX REST specification (400,
404, 406, 501).
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from lxml import etree

from destat.portal.experimental import SdmxFlow
from destat.portal.negotiation import (
    DATA_TYPES,
    STRUCTURE_TYPES,
    Format,
    NotAcceptableError,
    choose,
)
from destat.portal.queries import BadQueryError, FlowRef, filter_observations, parse_flow
from destat.portal.store import Publication
from destat.publish.sdmx import DataStructure
from destat.publish.sdmx.json_data import data_message
from destat.publish.sdmx.pysdmx_data import write_data_csv
from destat.publish.sdmx.xml_common import NS
from destat.publish.sdmx.xml_data import write_data_xml

__all__ = ["router", "sdmx_data", "sdmx_error"]

router = APIRouter(prefix="/sdmx/rest")

StructureResource = Literal["dataflow", "datastructure", "conceptscheme", "codelist"]
# SDMX REST error codes (specification 1.5.0, "Error handling") and their HTTP statuses.
_RESOURCES: tuple[StructureResource, ...] = (
    "dataflow",
    "datastructure",
    "conceptscheme",
    "codelist",
)
_HTTP = {100: 404, 110: 401, 140: 400, 150: 403, 406: 406, 501: 501}


def sdmx_error(code: int, text: str) -> Response:
    """An SDMX-ML 2.1 error message with the HTTP status that goes with ``code``."""
    root = etree.Element(f"{{{NS['mes']}}}Error", nsmap={"mes": NS["mes"], "com": NS["com"]})
    message = etree.SubElement(root, f"{{{NS['mes']}}}ErrorMessage", code=str(code))
    etree.SubElement(
        message, f"{{{NS['com']}}}Text", {"{http://www.w3.org/XML/1998/namespace}lang": "en"}
    ).text = text
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return Response(body, status_code=_HTTP[code], media_type="application/xml")


def _publication(request: Request) -> Publication:
    publication: Publication = request.app.state.publication
    return publication


def _artefact_ids(structure: DataStructure, resource: StructureResource) -> set[str]:
    if resource == "dataflow":
        return {structure.dataflow}
    if resource == "datastructure":
        return {structure.dsd_id}
    if resource == "conceptscheme":
        return {structure.concept_scheme_id}
    return {codelist.id for codelist in structure.codelists}


def _structure_answer(request: Request, resource: StructureResource, ref: FlowRef) -> Response:
    publication = _publication(request)
    try:
        choose(request.headers.get("accept"), STRUCTURE_TYPES)
    except NotAcceptableError as exc:
        return sdmx_error(406, str(exc))
    for flow in publication.flows:
        structure = flow.structure
        same = FlowRef(ref.agency, structure.dataflow, ref.version).matches(structure)
        if same and (ref.id in ("*", "all") or ref.id in _artefact_ids(structure, resource)):
            return Response(flow.structure_xml, media_type=Format.STRUCTURE_XML.value)
    ids = sorted({i for flow in publication.flows for i in _artefact_ids(flow.structure, resource)})
    structure = publication.structure
    return sdmx_error(
        100,
        f"No {resource} {ref.agency}:{ref.id}({ref.version}); this portal has "
        f"{', '.join(ids)} of agency {structure.agency}, version {structure.version}.",
    )


def _flow(publication: Publication, ref: FlowRef) -> SdmxFlow | None:
    """The first dataflow served that ``ref`` points at (the survey's for a wildcard)."""
    return next((flow for flow in publication.flows if ref.matches(flow.structure)), None)


def sdmx_data(
    publication: Publication,
    observations_format: Format,
    key: str = "all",
    start_period: str | None = None,
    end_period: str | None = None,
    flow: SdmxFlow | None = None,
) -> bytes | None:
    """The observations of ``flow`` (by default the survey's) that ``key`` and the periods
    select, written in ``observations_format``; None if there are none. Raises
    :class:`BadQueryError` for a query that cannot be read."""
    chosen = flow or publication.flows[0]
    structure = chosen.structure
    selected = filter_observations(chosen.observations, structure, key, start_period, end_period)
    if selected.empty:
        return None
    prepared = datetime.now(UTC)
    if observations_format is Format.DATA_JSON:
        message = data_message(selected, structure, prepared)
        return json.dumps(message, ensure_ascii=False).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="destat-portal-") as tmp:
        if observations_format is Format.DATA_CSV:
            path = write_data_csv(selected, structure, Path(tmp) / "data.csv")
        else:
            path = write_data_xml(selected, structure, Path(tmp) / "data.xml", prepared)
        return path.read_bytes()


@router.get("/data/{flow}")
@router.get("/data/{flow}/{key}")
@router.get("/data/{flow}/{key}/{provider}")
def data_query(
    request: Request,
    flow: str,
    key: str = "all",
    provider: str = "all",
    startPeriod: str | None = None,
    endPeriod: str | None = None,
    dimensionAtObservation: str = "AllDimensions",
    format: str | None = None,
) -> Response:
    """Data query: observations by dataflow, key and period, in the negotiated format."""
    publication = _publication(request)
    try:
        chosen = choose(request.headers.get("accept"), DATA_TYPES, format)
    except NotAcceptableError as exc:
        return sdmx_error(406, str(exc))
    if dimensionAtObservation != "AllDimensions":
        return sdmx_error(
            501, "Only dimensionAtObservation=AllDimensions (flat observations) is served."
        )
    try:
        served = _flow(publication, parse_flow(flow))
        if provider not in ("all", "*", publication.structure.agency) or served is None:
            return sdmx_error(100, f"No dataflow {flow} from provider {provider} here.")
        body = sdmx_data(publication, chosen, key, startPeriod, endPeriod, served)
    except BadQueryError as exc:
        return sdmx_error(140, str(exc))
    if body is None:
        return sdmx_error(100, "No results found: no observation matches the key and periods.")
    return Response(body, media_type=chosen.value)


@router.get("/{resource}")
@router.get("/{resource}/{agency}")
@router.get("/{resource}/{agency}/{resource_id}")
@router.get("/{resource}/{agency}/{resource_id}/{version}")
def structure_query(
    request: Request,
    resource: str,
    agency: str = "all",
    resource_id: str = "all",
    version: str = "latest",
) -> Response:
    """Structure query: the structure message if it holds the artefact asked for."""
    if resource not in _RESOURCES:
        return sdmx_error(
            501,
            f"Structure queries for {resource!r} are not served; ask for one of "
            f"{', '.join(_RESOURCES)}.",
        )
    return _structure_answer(request, resource, FlowRef(agency, resource_id, version))
