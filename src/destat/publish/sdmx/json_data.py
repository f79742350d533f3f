"""SDMX-JSON 2.0 data message (SDMX 3.0 JSON format; pysdmx writes no JSON data messages).

A flat view of observations: every dimension is at the observation level, each observation is keyed
by the colon-separated positions of its dimension values, and holds ``[OBS_VALUE, attribute value
positions...]`` (``null`` where absent). Uncoded attributes (SE, CV, ...) list their distinct values
as ``{"value": ...}`` objects, as the SDMX-JSON 2.0 field guide prescribes.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from destat.publish.sdmx.names import Text
from destat.publish.sdmx.structure import Component, DataStructure
from destat.publish.sdmx.tidy import is_missing
from destat.publish.sdmx.xml_common import message_id

__all__ = ["SCHEMA_URL", "data_message", "dataflow_urn", "write_data_json"]

SCHEMA_URL = (
    "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0/"
    "data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json"
)


def dataflow_urn(structure: DataStructure) -> str:
    """The SDMX URN of the dataflow."""
    return (
        "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow="
        f"{structure.agency}:{structure.dataflow}({structure.version})"
    )


def _named(identifier: str, text: Text) -> dict[str, Any]:
    return {"id": identifier, "name": text["en"], "names": text}


def _scalar(value: object) -> object:
    # numpy scalars are not JSON: give plain int/float/str.
    return value.item() if hasattr(value, "item") else value


def _values(component: Component, column: pd.Series) -> list[object]:
    present = [_scalar(v) for v in column if not is_missing(v)]
    if component.codelist is None:
        return list(dict.fromkeys(present))
    used = set(present)
    return [code for code in component.codelist.ids if code in used]


def _value_object(component: Component, value: object) -> dict[str, Any]:
    if component.codelist is not None:
        return _named(str(value), component.codelist.by_id[str(value)].name)
    if component.id == "TIME_PERIOD":
        return {
            **_named(str(value), dict.fromkeys(component.name, str(value))),
            "start": f"{value}-01-01T00:00:00Z",
            "end": f"{value}-12-31T23:59:59Z",
        }
    return {"value": value}


def _positions(column: pd.Series, values: list[object]) -> list[int | None]:
    index = {value: position for position, value in enumerate(values)}
    return [None if is_missing(v) else index[_scalar(v)] for v in column]


def _structure_part(structure: DataStructure, values: dict[str, list[object]]) -> dict[str, Any]:
    def component(item: Component, **extra: Any) -> dict[str, Any]:
        return {
            **_named(item.id, item.name),
            **extra,
            "values": [_value_object(item, v) for v in values[item.id]],
        }

    measure = structure.measure
    return {
        "links": [
            {"rel": "dataflow", "urn": dataflow_urn(structure)},
            {
                "rel": "structure",
                "urn": "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure="
                f"{structure.agency}:{structure.dsd_id}({structure.version})",
            },
        ],
        **_named(structure.dataflow, structure.name),
        "dimensions": {
            "dataSet": [],
            "series": [],
            "observation": [
                component(item, keyPosition=position)
                for position, item in enumerate(structure.dimensions)
            ],
        },
        "measures": {"observation": [{**_named(measure.id, measure.name), "isMandatory": False}]},
        "attributes": {
            "dataSet": [],
            "dimensionGroup": [],
            "series": [],
            "observation": [
                component(item, relationship={"observation": {}}, isMandatory=item.required)
                for item in structure.attributes
            ],
        },
        "dataSets": [0],
    }


def _observations(
    observations: pd.DataFrame, structure: DataStructure, values: dict[str, list[object]]
) -> dict[str, list[object]]:
    keys = zip(
        *(_positions(observations[d.id], values[d.id]) for d in structure.dimensions), strict=True
    )
    attributes = zip(
        *(_positions(observations[a.id], values[a.id]) for a in structure.attributes), strict=True
    )
    measure = [None if is_missing(v) else _scalar(v) for v in observations[structure.measure.id]]
    return {
        ":".join(str(p) for p in key): [value, *attrs]
        for key, value, attrs in zip(keys, measure, attributes, strict=True)
    }


def data_message(
    observations: pd.DataFrame, structure: DataStructure, prepared: datetime
) -> dict[str, Any]:
    """The SDMX-JSON 2.0 data message as a JSON-ready dictionary."""
    coded = (*structure.dimensions, *structure.attributes)
    values = {item.id: _values(item, observations[item.id]) for item in coded}
    return {
        "meta": {
            "schema": SCHEMA_URL,
            "id": message_id(structure, prepared, "DATA"),
            "test": False,
            "prepared": prepared.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "contentLanguages": list(structure.name),
            "sender": {"id": structure.agency},
        },
        "data": {
            "structures": [_structure_part(structure, values)],
            "dataSets": [
                {
                    "structure": 0,
                    "action": "Information",
                    "links": [{"rel": "dataflow", "urn": dataflow_urn(structure)}],
                    "observations": _observations(observations, structure, values),
                }
            ],
        },
    }


def write_data_json(
    observations: pd.DataFrame, structure: DataStructure, path: Path, prepared: datetime
) -> Path:
    """Write the SDMX-JSON 2.0 data message to ``path`` (UTF-8, names in six languages)."""
    message = data_message(observations, structure, prepared)
    path.write_text(json.dumps(message, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
