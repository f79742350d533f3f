"""Agreements: ODRL 2.2 / DCAT 3 JSON-LD read by an independent RDF parser, strict read-back."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef, namespace

from destat.exchange.agreement import (
    Agreement,
    FieldRule,
    Mode,
    Treatment,
    agreement_jsonld,
    read_agreement,
)
from destat.exchange.agreement_text import write_agreement
from destat.exchange.errors import AgreementError

from .conftest import CELL_FIELDS

ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
RDF_TYPE = namespace.RDF.type


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_rdf_reader_sees_an_odrl_agreement_on_a_dcat_dataset(
    make_agreement: Callable[..., Agreement],
) -> None:
    graph = Graph().parse(data=json.dumps(agreement_jsonld(make_agreement())), format="json-ld")
    dataset = URIRef("urn:destat:dataset:AR-MKT-2026")
    policy = URIRef("urn:destat:agreement:AR-MKT-2026")
    assert (dataset, RDF_TYPE, namespace.DCAT.Dataset) in graph
    assert (dataset, ODRL.hasPolicy, policy) in graph
    assert (policy, RDF_TYPE, ODRL.Agreement) in graph
    assert graph.value(graph.value(policy, ODRL.assignee), namespace.DCTERMS.title) == Literal(
        "INDEC Ejemplo"
    )
    permission = graph.value(policy, ODRL.permission)
    assert graph.value(permission, ODRL.action) == ODRL.use
    assert graph.value(permission, ODRL.target) == dataset
    bounds = {
        graph.value(c, ODRL.operator): graph.value(c, ODRL.rightOperand)
        for c in graph.objects(permission, ODRL.constraint)
        if graph.value(c, ODRL.leftOperand) == ODRL.dateTime
    }
    assert bounds == {
        ODRL.gteq: Literal("2026-01-01", datatype=namespace.XSD.date),
        ODRL.lteq: Literal("2026-12-31", datatype=namespace.XSD.date),
    }
    duties = {graph.value(d, ODRL.action): d for d in graph.objects(permission, ODRL.duty)}
    delete_constraint = graph.value(duties[ODRL.delete], ODRL.constraint)
    assert graph.value(delete_constraint, ODRL.rightOperand) == Literal(
        "2027-06-30", datatype=namespace.XSD.date
    )
    assert ODRL.anonymize in duties
    prohibition = graph.value(policy, ODRL.prohibition)
    assert graph.value(prohibition, ODRL.action) == ODRL.distribute


def test_written_agreement_reads_back_equal_with_its_text_version(
    tmp_path: Path, make_agreement: Callable[..., Agreement]
) -> None:
    agreement = make_agreement(
        fields=(*CELL_FIELDS[:1], FieldRule("category", Treatment.GROUP, categories=("a", "b"))),
        mode=Mode.DP,
        epsilon=1.5,
        max_rows_per_unit=3,
    )
    path, markdown = write_agreement(agreement, tmp_path / "agreement.jsonld")
    assert read_agreement(path) == agreement
    text = markdown.read_text(encoding="utf-8")
    assert "must be deleted by** 2027-06-30" in text
    assert "epsilon = 1.5" in text
    assert agreement.digest() in text
    with pytest.raises(AgreementError, match="exists already"):
        write_agreement(agreement, path)


def test_an_edited_agreement_file_names_what_is_wrong(
    tmp_path: Path, make_agreement: Callable[..., Agreement]
) -> None:
    data = agreement_jsonld(make_agreement())
    data["odrl:hasPolicy"]["odrl:permission"][0]["odrl:constraint"].pop(1)
    path = tmp_path / "edited.jsonld"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        AgreementError,
        match=r"edited.jsonld: permission should be a constraint "
        r"odrl:dateTime odrl:gteq",
    ):
        read_agreement(path)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"agreement_id": "../x"}, "must be 1-64 letters"),
        ({"end": date(2025, 1, 1)}, "start ≤ end ≤ deletion date"),
        ({"mode": Mode.CELLS, "min_cell_size": 3}, r"cannot be sent in mode 'cells'"),
        ({"fields": CELL_FIELDS, "mode": Mode.CELLS}, "minimum cell size of at least 2"),
        (
            {"fields": CELL_FIELDS, "mode": Mode.DP, "epsilon": 1.0, "max_rows_per_unit": 1},
            "sum field 'sales' needs bounds lower < upper",
        ),
        (
            {
                "fields": (*CELL_FIELDS[:2], FieldRule("sales", Treatment.SUM, 0.0, 10.0)),
                "mode": Mode.DP,
                "epsilon": 1.0,
                "max_rows_per_unit": 1,
            },
            "needs its categories declared",
        ),
        ({"fields": CELL_FIELDS[1:]}, "exactly one field must have the treatment 'unit'"),
        (
            {"nso_linkage_key": ""},
            r"fields \['tax_id', 'phone', 'name', 'address'\] need the NSO linkage",
        ),
    ],
)
def test_inconsistent_terms_are_refused(
    make_agreement: Callable[..., Agreement], changes: dict[str, object], match: str
) -> None:
    with pytest.raises(AgreementError, match=match):
        make_agreement(**changes)
