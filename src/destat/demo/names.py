"""Plausible identifiers and contact details for the demo register, generated without row loops.

Tax identifiers carry a modulo-11 check digit computed with the prime weights used by several
Latin American tax administrations (3, 7, 13, 17, 19, 23, 29, 37 from the right), so that a
validation step has a real check to run.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "TAX_ID_WEIGHTS",
    "addresses",
    "business_names",
    "contact_emails",
    "is_valid_tax_id",
    "phone_numbers",
    "tax_id_check_digits",
    "tax_ids",
    "web_domains",
]

StrArray = npt.NDArray[np.str_]
IntArray = npt.NDArray[np.int64]

TAX_ID_WEIGHTS = np.array([37, 29, 23, 19, 17, 13, 7, 3])
_TAX_ID_DIGITS = len(TAX_ID_WEIGHTS)
_COUNTRY_DOMAIN = "com.dl"
_COUNTRY_CALLING_CODE = "+999"

_TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "A": ("Agropecuaria", "Hacienda", "Granja", "Finca"),
    "C": ("Industrias", "Manufacturas", "Fábrica", "Talleres", "Productos"),
    "D": ("Energía", "Generadora Eléctrica"),
    "E": ("Aguas", "Servicios Ambientales", "Reciclajes"),
    "F": ("Construcciones", "Constructora", "Obras Civiles", "Instalaciones"),
    "G": ("Comercial", "Distribuidora", "Almacén", "Tienda", "Importadora", "Comercializadora"),
    "H": ("Transportes", "Logística", "Expreso", "Mensajería"),
    "I": ("Hotel", "Restaurante", "Hostal", "Cafetería", "Posada"),
    "J": ("Soluciones Digitales", "Tecnologías", "Sistemas", "Comunicaciones", "Medios"),
    "K": ("Financiera", "Cooperativa de Ahorro", "Seguros"),
    "L": ("Inmobiliaria", "Bienes Raíces", "Propiedades"),
    "M": ("Consultores", "Estudio Jurídico", "Contadores Asociados", "Arquitectos", "Asesorías"),
    "N": ("Servicios Generales", "Seguridad", "Limpiezas", "Viajes y Turismo"),
    "P": ("Colegio", "Centro Educativo", "Jardín Infantil"),
    "Q": ("Clínica", "Consultorio", "Centro Médico"),
    "S": ("Servitec", "Reparaciones", "Salón de Belleza", "Peluquería"),
}
_PLACE_WORDS = (
    "Andina", "del Pacífico", "La Estrella", "El Progreso", "San José", "Santa Rosa", "del Valle",
    "Central", "Nacional", "Continental", "La Esperanza", "Los Andes", "Sol Naciente", "Horizonte",
    "Futuro", "La Unión", "Atlántico", "del Norte", "del Sur", "Libertad", "Aurora", "Las Palmeras",
    "El Cóndor", "Real", "Imperial", "Moderna", "Global", "Integral", "San Martín", "Santa Fe",
)  # fmt: skip
_SURNAMES = (
    "García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez",
    "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Cruz", "Ortiz",
    "Gutiérrez", "Chávez", "Ramos", "Vargas", "Castillo", "Jiménez", "Moreno", "Romero",
    "Herrera", "Medina", "Aguilar", "Mendoza", "Vega", "Castro", "Rojas", "Silva", "Quispe",
    "Mamani", "Núñez", "Salazar", "Paredes", "Fuentes", "Cárdenas",
)  # fmt: skip
_LEGAL_SUFFIXES = {"SOLE": "", "LTD": " S.R.L.", "CORP": " S.A."}
_STREET_TYPES = ("Calle", "Avenida", "Carrera", "Pasaje", "Jirón")
_FREE_MAIL = ("correo.dl", "gmail.com", "hotmail.com", "yahoo.com")
_MAILBOXES = ("info", "ventas", "contacto", "administracion", "gerencia")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _pick(words: tuple[str, ...], size: int, rng: np.random.Generator) -> tuple[StrArray, StrArray]:
    """Draw words and, aligned with them, their lower-case ASCII slugs."""
    index = rng.integers(0, len(words), size)
    return np.asarray(words)[index], np.asarray([_slug(w) for w in words])[index]


def tax_id_check_digits(base: IntArray) -> IntArray:
    """Modulo-11 check digits of 8-digit tax-id bases (0 or 1 kept, otherwise 11 minus the rest)."""
    digits = (base[:, None] // 10 ** np.arange(_TAX_ID_DIGITS - 1, -1, -1)) % 10
    rest = (digits * TAX_ID_WEIGHTS).sum(axis=1) % 11
    return np.asarray(np.where(rest > 1, 11 - rest, rest), dtype=np.int64)


def tax_ids(n: int, rng: np.random.Generator) -> StrArray:
    """``n`` distinct tax ids such as ``"80412345-7"`` (8-digit base, dash, check digit)."""
    steps = rng.integers(1, max(2, 9_000_000 // max(n, 1)), n)
    base = 10_000_000 + np.cumsum(steps)
    base = base[rng.permutation(n)]
    check = tax_id_check_digits(base)
    return np.char.add(np.char.add(base.astype(str), "-"), check.astype(str))


def is_valid_tax_id(tax_id: str) -> bool:
    """True when ``tax_id`` has the form ``NNNNNNNN-D`` and its check digit is right."""
    base, _, check = tax_id.partition("-")
    if len(base) != _TAX_ID_DIGITS or not base.isdigit() or len(check) != 1 or not check.isdigit():
        return False
    return int(tax_id_check_digits(np.array([int(base)]))[0]) == int(check)


def business_names(
    sections: StrArray, legal_forms: StrArray, rng: np.random.Generator
) -> tuple[StrArray, StrArray]:
    """Trade names by section and legal form, and the slug of each name for web and e-mail use.

    Sole proprietors are named after the owner ("Talleres Quispe"), companies after a place or an
    idea ("Distribuidora Andina S.R.L.").
    """
    n = len(sections)
    names = np.empty(n, dtype=object)
    slugs = np.empty(n, dtype=object)
    sole = legal_forms == "SOLE"
    for section, words in _TRADE_WORDS.items():
        rows = np.flatnonzero(sections == section)
        trade, trade_slug = _pick(words, len(rows), rng)
        surname, surname_slug = _pick(_SURNAMES, len(rows), rng)
        place, place_slug = _pick(_PLACE_WORDS, len(rows), rng)
        own = sole[rows]
        second = np.where(own, surname, place)
        names[rows] = np.char.add(np.char.add(trade, " "), second)
        slugs[rows] = np.char.add(trade_slug, np.where(own, surname_slug, place_slug))
    suffix = np.vectorize(_LEGAL_SUFFIXES.__getitem__, otypes=[str])(legal_forms)
    return np.char.add(names.astype(str), suffix), slugs.astype(str)


def web_domains(slugs: StrArray, enterprise_numbers: IntArray) -> StrArray:
    """A domain per enterprise; repeated slugs get the enterprise number appended to stay unique."""
    _, first, counts = np.unique(slugs, return_index=True, return_counts=True)
    repeated = np.ones(len(slugs), dtype=bool)
    repeated[first[counts == 1]] = False
    stem = np.where(repeated, np.char.add(slugs, enterprise_numbers.astype(str)), slugs)
    return np.char.add(stem, "." + _COUNTRY_DOMAIN)


def contact_emails(
    domains: StrArray, has_website: npt.NDArray[np.bool_], rng: np.random.Generator
) -> StrArray:
    """Company mailboxes for enterprises with a website, free-mail addresses for the others."""
    n = len(domains)
    mailbox, _ = _pick(_MAILBOXES, n, rng)
    free_domain, _ = _pick(_FREE_MAIL, n, rng)
    stem = np.asarray(pd.Series(domains).str.removesuffix("." + _COUNTRY_DOMAIN), dtype=str)
    own = np.char.add(np.char.add(mailbox, "@"), domains)
    free = np.char.add(np.char.add(stem, "@"), free_domain)
    return np.where(has_website, own, free)


def phone_numbers(area_codes: StrArray, rng: np.random.Generator) -> StrArray:
    """Land-line numbers such as ``"+999 1 234 5678"`` with the region's area code."""
    n = len(area_codes)
    exchange = rng.integers(200, 1000, n).astype(str)
    line = np.char.zfill(rng.integers(0, 10_000, n).astype(str), 4)
    local = np.char.add(np.char.add(exchange, " "), line)
    return np.char.add(
        np.char.add(_COUNTRY_CALLING_CODE + " ", np.char.add(area_codes, " ")), local
    )


def addresses(region_names: StrArray, rng: np.random.Generator) -> StrArray:
    """Street addresses such as ``"Avenida Bolívar 1234, Costa Norte"``."""
    n = len(region_names)
    street_type, _ = _pick(_STREET_TYPES, n, rng)
    street, _ = _pick(_SURNAMES + _PLACE_WORDS, n, rng)
    number = rng.integers(1, 3000, n).astype(str)
    line = np.char.add(np.char.add(np.char.add(street_type, " "), street), " ")
    return np.char.add(np.char.add(np.char.add(line, number), ", "), region_names)
