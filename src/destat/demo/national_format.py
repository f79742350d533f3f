"""The demo NSO's own variable names and codes, and the table that maps them to the model names.

A real statistical office never uses the model questionnaire's names: its files say ``P02_INTERNET``
with 1 = Sí, 2 = No, 9 = No sabe / no responde, and leave a question blank when the respondent
skipped it by the questionnaire's filter. The mapping table written with the files tells how
each national variable and code translates to the model questionnaire, which is what a project
configuration has to encode.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from destat.demo.classification import SIZE_CLASSES
from destat.survey.questionnaire import SPEED_BANDS, VARIABLES, Kind, variable

__all__ = [
    "DONT_KNOW",
    "NO",
    "REGISTER_NAMES",
    "RESPONSE_NAMES",
    "SAMPLE_NAMES",
    "YES",
    "mapping_table",
    "national_register",
    "national_responses",
    "national_sample",
    "response_column_labels",
    "response_value_labels",
]

YES, NO, DONT_KNOW = 1, 2, 9
_BINARY_CODES = {YES: ("1", "Sí"), NO: ("0", "No"), DONT_KNOW: ("", "No sabe / no responde")}
_SPEED_CODES = {band: code for code, band in enumerate(SPEED_BANDS, start=1)}
_SPEED_LABELS = (
    "Menos de 2 Mbit/s",
    "2 a <10 Mbit/s",
    "10 a <30 Mbit/s",
    "30 a <100 Mbit/s",
    "100 Mbit/s o más",
)
_SEX_CODES = {"M": (1, "Hombre"), "F": (2, "Mujer"), "_Z": (9, "No aplica (persona jurídica)")}
_LEGAL_FORM_CODES = {
    "SOLE": ("PN", "Persona natural"),
    "LTD": ("SRL", "Sociedad de responsabilidad limitada"),
    "CORP": ("SA", "Sociedad anónima"),
}
_SIZE_CODES = {size: code for code, size in enumerate(SIZE_CLASSES, start=1)}
_STATUS_CODES = {True: (1, "Respondió"), False: (2, "No respondió")}

REGISTER_NAMES: dict[str, str] = {
    "enterprise_id": "ID_EMP",
    "tax_id": "NIT",
    "name": "RAZON_SOCIAL",
    "legal_form": "FORMA_JUR",
    "isic": "CIIU4",
    "persons_employed": "PERS_OCUP",
    "turnover": "INGRESOS",
    "region": "REGION",
    "region_name": "NOM_REGION",
    "owner_sex": "SEXO_PROP",
    "website": "SITIO_WEB",
    "email": "CORREO",
    "phone": "TELEFONO",
    "address": "DIRECCION",
}

SAMPLE_NAMES: dict[str, str] = {
    "enterprise_id": "ID_EMP",
    "stratum": "ESTRATO",
    "size_class": "TAMANO",
    "industry": "SECTOR",
    "region": "REGION",
    "stratum_population": "NH_POB",
    "stratum_sample": "NH_MUES",
    "design_weight": "FACTOR",
    "responded": "ESTADO",
}

RESPONSE_NAMES: dict[str, str] = {
    "enterprise_id": "ID_EMP",
    "isic": "CIIU4",
    "region": "REGION",
    "persons_employed": "PERS_OCUP",
    "turnover": "INGRESOS",
    "uses_computer": "P01_COMPUT",
    "uses_internet": "P02_INTERNET",
    "persons_using_computer": "P03_PERS_COMPUT",
    "persons_using_internet": "P04_PERS_INTERNET",
    "web_presence": "P05_PRES_WEB",
    "intranet": "P06_INTRANET",
    "extranet": "P07_EXTRANET",
    "lan": "P08_RED_LOCAL",
    "conn_narrowband": "P09_1_BANDA_ANGOSTA",
    "conn_fixed_broadband": "P09_2_BANDA_ANCHA_FIJA",
    "conn_mobile_broadband": "P09_3_BANDA_ANCHA_MOVIL",
    "speed_band": "P10_VELOCIDAD",
    "act_email": "P11_01",
    "act_voip_video": "P11_02",
    "act_instant_messaging": "P11_03",
    "act_info_goods": "P11_04",
    "act_info_government": "P11_05",
    "act_interact_government": "P11_06",
    "act_banking": "P11_07",
    "act_other_financial": "P11_08",
    "act_customer_services": "P11_09",
    "act_deliver_online": "P11_10",
    "act_recruitment": "P11_11",
    "act_training": "P11_12",
    "receives_orders_internet": "P12_RECIBE_PEDIDOS",
    "places_orders_internet": "P13_HACE_PEDIDOS",
    "ecommerce_sales_value": "P14_VENTAS_INTERNET",
    "web_sales_share": "P15_1_PCT_WEB",
    "edi_sales_share": "P15_2_PCT_EDI",
    "b2c_share": "P16_PCT_CONSUMIDORES",
    "cross_border_share": "P17_PCT_EXTERIOR",
}


def _coded(values: pd.Series, codes: Mapping[Any, tuple[object, str]]) -> pd.Series:
    return values.map({value: code for value, (code, _) in codes.items()})


def national_register(register: pd.DataFrame) -> pd.DataFrame:
    """The register with the NSO's column names, legal-form codes and owner-sex codes."""
    table = register[list(REGISTER_NAMES)].copy()
    table["legal_form"] = _coded(table["legal_form"], _LEGAL_FORM_CODES)
    table["owner_sex"] = _coded(table["owner_sex"], _SEX_CODES)
    table["website"] = table["website"].replace("", None)
    return table.rename(columns=REGISTER_NAMES)


def national_sample(sample: pd.DataFrame) -> pd.DataFrame:
    """The sample file with the NSO's column names, size-class codes and response status codes."""
    table = sample[list(SAMPLE_NAMES)].copy()
    table["size_class"] = _coded(table["size_class"], {k: (v, k) for k, v in _SIZE_CODES.items()})
    table["responded"] = _coded(table["responded"], _STATUS_CODES)
    return table.rename(columns=SAMPLE_NAMES)


def _asked(responses: pd.DataFrame, name: str) -> np.ndarray:
    filter_name = variable(name).asked_if
    if filter_name is None:
        return np.ones(len(responses), dtype=bool)
    return np.asarray(responses[filter_name].to_numpy(dtype=np.float64, na_value=0.0) == 1)


def national_responses(responses: pd.DataFrame) -> pd.DataFrame:
    """Respondents' answers with the NSO's names and codes.

    Yes/no questions become 1 = Sí, 2 = No, 9 = No sabe / no responde; the speed band becomes
    codes 1 to 5; a question skipped by its filter is left blank, as a data-entry system leaves it.
    Numbers stay numbers (``Int64``), so an unanswered count or value is blank as well.
    """
    table = responses[list(RESPONSE_NAMES)].copy()
    for var in VARIABLES:
        asked = _asked(responses, var.name)
        column = responses[var.name]
        if var.kind is Kind.BINARY:
            coded = np.where(column.to_numpy(dtype=np.float64, na_value=np.nan) == 1, YES, NO)
            coded = np.where(column.isna().to_numpy(), DONT_KNOW, coded)
        elif var.kind is Kind.CATEGORY:
            coded = column.map(_SPEED_CODES).to_numpy(dtype=np.float64, na_value=DONT_KNOW)
        else:
            coded = column.to_numpy(dtype=np.float64, na_value=np.nan)
        table[var.name] = pd.array(np.where(asked, coded, np.nan), dtype="Int64")
    return table.rename(columns=RESPONSE_NAMES)


def _variable_rows(file: str, names: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"file": file, "national_variable": national, "model_variable": model}
        for model, national in names.items()
    ]


def _code_rows(
    file: str, national: str, model: str, codes: Mapping[Any, tuple[object, str]]
) -> list[dict[str, str]]:
    return [
        {
            "file": file,
            "national_variable": national,
            "model_variable": model,
            "national_code": str(code),
            "model_code": str(model_code),
            "label": label,
        }
        for model_code, (code, label) in codes.items()
    ]


def mapping_table(register_file: str, sample_file: str, responses_file: str) -> pd.DataFrame:
    """How every national variable and code maps to the model names and codes.

    One row per variable (codes empty), then one row per code. A ``model_code`` that is empty
    means missing. For questions with a filter, ``if_not_asked`` says what a blank means when the
    filter question was answered no (``0``) or that it has no value then (empty).
    """
    rows = _variable_rows(register_file, REGISTER_NAMES) + _variable_rows(sample_file, SAMPLE_NAMES)
    for model, national in RESPONSE_NAMES.items():
        var = variable(model)
        rows.append(
            {
                "file": responses_file,
                "national_variable": national,
                "model_variable": model,
                "label": var.label,
                "asked_if": RESPONSE_NAMES[var.asked_if] if var.asked_if else "",
                "if_not_asked": "" if var.if_not_asked is None else str(var.if_not_asked),
            }
        )
    rows += _code_rows(register_file, "FORMA_JUR", "legal_form", _LEGAL_FORM_CODES)
    rows += _code_rows(register_file, "SEXO_PROP", "owner_sex", _SEX_CODES)
    rows += _code_rows(
        sample_file, "TAMANO", "size_class", {k: (v, k) for k, v in _SIZE_CODES.items()}
    )
    rows += _code_rows(
        sample_file, "ESTADO", "responded", {1: (1, "Respondió"), 0: (2, "No respondió")}
    )
    for var in VARIABLES:
        national = RESPONSE_NAMES[var.name]
        if var.kind is Kind.BINARY:
            rows += _code_rows(
                responses_file,
                national,
                var.name,
                {model: (code, label) for code, (model, label) in _BINARY_CODES.items()},
            )
        elif var.kind is Kind.CATEGORY:
            speed = {
                band: (_SPEED_CODES[band], label)
                for band, label in zip(SPEED_BANDS, _SPEED_LABELS, strict=True)
            }
            speed[""] = (DONT_KNOW, "No sabe / no responde")
            rows += _code_rows(responses_file, national, var.name, speed)
    columns = [
        "file",
        "national_variable",
        "model_variable",
        "national_code",
        "model_code",
        "label",
        "asked_if",
        "if_not_asked",
    ]
    return pd.DataFrame(rows, columns=columns).fillna("")


_RESPONSE_LABELS: dict[str, str] = {
    "ID_EMP": "Identificador de la empresa en el directorio",
    "CIIU4": "Actividad principal, CIIU Rev.4 (clase)",
    "REGION": "Región",
    "PERS_OCUP": "Personal ocupado",
    "INGRESOS": "Ingresos por ventas, miles de unidades monetarias",
    "P01_COMPUT": "¿Usó computadoras?",
    "P02_INTERNET": "¿Usó Internet?",
    "P03_PERS_COMPUT": "Personal que usa computadoras habitualmente",
    "P04_PERS_INTERNET": "Personal que usa Internet habitualmente",
    "P05_PRES_WEB": "¿Tiene presencia en la web?",
    "P06_INTRANET": "¿Tiene intranet?",
    "P07_EXTRANET": "¿Tiene extranet?",
    "P08_RED_LOCAL": "¿Tiene red de área local (LAN)?",
    "P09_1_BANDA_ANGOSTA": "Conexión a Internet: banda angosta",
    "P09_2_BANDA_ANCHA_FIJA": "Conexión a Internet: banda ancha fija",
    "P09_3_BANDA_ANCHA_MOVIL": "Conexión a Internet: banda ancha móvil",
    "P10_VELOCIDAD": "Velocidad de descarga contratada de la conexión más rápida",
    "P11_01": "Uso de Internet: correo electrónico",
    "P11_02": "Uso de Internet: telefonía por Internet o videoconferencia",
    "P11_03": "Uso de Internet: mensajería instantánea",
    "P11_04": "Uso de Internet: información sobre bienes o servicios",
    "P11_05": "Uso de Internet: información de organismos públicos",
    "P11_06": "Uso de Internet: trámites con organismos públicos",
    "P11_07": "Uso de Internet: banca por Internet",
    "P11_08": "Uso de Internet: otros servicios financieros",
    "P11_09": "Uso de Internet: atención al cliente",
    "P11_10": "Uso de Internet: entrega de productos en línea",
    "P11_11": "Uso de Internet: contratación de personal",
    "P11_12": "Uso de Internet: capacitación del personal",
    "P12_RECIBE_PEDIDOS": "¿Recibió pedidos por Internet?",
    "P13_HACE_PEDIDOS": "¿Hizo pedidos por Internet?",
    "P14_VENTAS_INTERNET": "Ventas por pedidos recibidos por Internet, miles",
    "P15_1_PCT_WEB": "% de las ventas por Internet: sitio web o aplicación",
    "P15_2_PCT_EDI": "% de las ventas por Internet: EDI",
    "P16_PCT_CONSUMIDORES": "% de las ventas por Internet a consumidores",
    "P17_PCT_EXTERIOR": "% de las ventas por Internet a clientes en el exterior",
}


def response_column_labels() -> dict[str, str]:
    """Variable labels (in the NSO's language) of the national survey file, by national name."""
    return dict(_RESPONSE_LABELS)


def response_value_labels() -> dict[str, dict[int | float, str]]:
    """Value labels of the coded questions of the national survey file, keyed by national name."""
    labels: dict[str, dict[int | float, str]] = {}
    for var in VARIABLES:
        if var.kind is Kind.BINARY:
            labels[RESPONSE_NAMES[var.name]] = {
                code: label for code, (_, label) in _BINARY_CODES.items()
            }
        elif var.kind is Kind.CATEGORY:
            speed: dict[int | float, str] = {
                _SPEED_CODES[b]: lab for b, lab in zip(SPEED_BANDS, _SPEED_LABELS, strict=True)
            }
            speed[DONT_KNOW] = "No sabe / no responde"
            labels[RESPONSE_NAMES[var.name]] = speed
    return labels
