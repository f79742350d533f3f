"""Synthetic register and provider files with known true links, to measure linkage quality.

The provider file mixes register units, written the way a platform's sellers write themselves
(typos, abbreviations, other legal-form spellings, phone formats, missing tax IDs), with sellers
that are not in the register.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["SyntheticLinkageData", "make_linkage_data", "seller_name", "typo"]

_SURNAMES = [
    "García",
    "Rodríguez",
    "González",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Álvarez",
    "Muñoz",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Ramírez",
    "Serrano",
    "Blanco",
    "Suárez",
    "Molina",
    "Morales",
    "Ortega",
    "Delgado",
    "Castro",
    "Ortiz",
    "Rubio",
    "Marín",
    "Sanz",
    "Núñez",
    "Iglesias",
    "Medina",
    "Garrido",
    "Cortés",
    "Castillo",
    "Santos",
    "Lozano",
    "Guerrero",
    "Cano",
    "Prieto",
    "Méndez",
    "Cruz",
    "Calvo",
    "Gallego",
    "Vidal",
    "León",
    "Márquez",
    "Herrera",
    "Peña",
    "Flores",
    "Cabrera",
    "Campos",
    "Vega",
    "Fuentes",
    "Carrasco",
    "Diez",
    "Caballero",
    "Reyes",
    "Nieto",
    "Aguilar",
    "Pascual",
    "Santana",
    "Herrero",
    "Lorenzo",
    "Hidalgo",
    "Montero",
    "Ibáñez",
    "Giménez",
    "Ferrer",
    "Durán",
    "Santiago",
    "Benítez",
    "Mora",
    "Vicente",
    "Vargas",
    "Arias",
    "Carmona",
    "Crespo",
    "Román",
    "Pastor",
    "Soto",
    "Sáez",
    "Velasco",
    "Moya",
    "Soler",
    "Parra",
    "Esteban",
    "Bravo",
    "Gallardo",
    "Rojas",
    "Rossi",
    "Müller",
    "Schmidt",
]
_ACTIVITIES = [
    "Construcciones",
    "Textiles",
    "Distribuidora",
    "Comercial",
    "Alimentos",
    "Panadería",
    "Ferretería",
    "Transportes",
    "Servicios",
    "Inmobiliaria",
    "Importadora",
    "Exportadora",
    "Librería",
    "Farmacia",
    "Carnicería",
    "Agropecuaria",
    "Metalúrgica",
    "Electrónica",
    "Informática",
    "Consultores",
    "Muebles",
    "Calzados",
    "Joyería",
    "Óptica",
    "Veterinaria",
    "Lácteos",
    "Bodega",
    "Turismo",
    "Seguros",
    "Plásticos",
    "Papelera",
    "Química",
    "Logística",
    "Editorial",
    "Imprenta",
]
_PLACES = [
    "del Norte",
    "del Sur",
    "del Este",
    "del Oeste",
    "del Litoral",
    "Andina",
    "del Plata",
    "Central",
    "del Valle",
    "del Puerto",
    "Patagónica",
    "del Centro",
    "San Martín",
    "La Esperanza",
    "El Sol",
    "La Unión",
]
_LEGAL_FORMS = ("S.A.", "S.R.L.", "S.A.S.", "Ltda.", "S.A. de C.V.", "")
_LEGAL_VARIANTS = {
    "S.A.": ("SA", "S. A.", "Sociedad Anónima", ""),
    "S.R.L.": ("SRL", "S.R.L", "Soc. de Resp. Ltda", ""),
    "S.A.S.": ("SAS", "S.A.S", ""),
    "Ltda.": ("Ltda", "Limitada", ""),
    "S.A. de C.V.": ("SA de CV", "S.A.", ""),
    "": ("S.A.", "SRL", ""),
}
_ABBREVIATIONS = {
    "Construcciones": "Const.",
    "Distribuidora": "Dist.",
    "Comercial": "Com.",
    "Transportes": "Transp.",
    "Servicios": "Serv.",
    "Inmobiliaria": "Inmob.",
    "Importadora": "Imp.",
    "Exportadora": "Exp.",
    "Agropecuaria": "Agrop.",
    "Metalúrgica": "Metal.",
    "Consultores": "Consult.",
    "Logística": "Log.",
}
_STREETS = [
    "Corrientes",
    "Rivadavia",
    "Belgrano",
    "San Martín",
    "Mitre",
    "Sarmiento",
    "Moreno",
    "Urquiza",
    "Alsina",
    "Lavalle",
    "Tucumán",
    "Córdoba",
    "Santa Fe",
    "Entre Ríos",
    "Independencia",
    "Colón",
    "Italia",
    "España",
    "Brasil",
    "Chile",
    "Las Heras",
    "Pueyrredón",
    "Callao",
    "Libertad",
    "Maipú",
    "Esmeralda",
    "Suipacha",
    "Paraguay",
    "Uruguay",
    "Perú",
]
_STREET_TYPES = (("Avenida", "Av."), ("Calle", "C."), ("Pasaje", "Pje."))
_AREA_CODES = ("11", "351", "341", "261", "381", "221", "223", "387", "342", "264", "362", "299")


@dataclass(frozen=True, eq=False)
class SyntheticLinkageData:
    """A register, a provider file and the true (provider_id, register_id) pairs."""

    register: pd.DataFrame
    provider: pd.DataFrame
    truth: pd.DataFrame


def _business(rng: np.random.Generator) -> tuple[str, str]:
    """A (name, address) drawn from the word lists."""
    pattern = rng.integers(4)
    surname = str(rng.choice(_SURNAMES))
    activity = str(rng.choice(_ACTIVITIES))
    if pattern == 0:
        core = f"{surname} {activity}"
    elif pattern == 1:
        core = f"{activity} {rng.choice(_PLACES)}"
    elif pattern == 2:
        core = f"{surname} y {rng.choice(_SURNAMES)}"
    else:
        core = f"{activity} {surname} {rng.choice(_PLACES)}"
    name = f"{core} {rng.choice(_LEGAL_FORMS)}".strip()
    street_type = _STREET_TYPES[int(rng.integers(len(_STREET_TYPES)))][0]
    address = f"{street_type} {rng.choice(_STREETS)} {int(rng.integers(1, 5000))}"
    return name, address


def _tax_ids(rng: np.random.Generator, n: int) -> list[str]:
    """Distinct 11-digit tax IDs written as "30-12345678-9"."""
    numbers = rng.choice(10**8, size=n, replace=False) + 10**7
    return [f"{rng.choice(['20', '30', '33'])}-{num:08d}-{rng.integers(10)}" for num in numbers]


def _phones(rng: np.random.Generator, n: int) -> list[str]:
    local = rng.choice(10**7, size=n, replace=False) + 4 * 10**7
    return [f"+54 {rng.choice(_AREA_CODES)} {str(x)[:4]}-{str(x)[4:]}" for x in local]


def typo(text: str, rng: np.random.Generator) -> str:
    """One adjacent swap, deletion or substitution at a random letter (not the first)."""
    if len(text) < 4:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = rng.integers(3)
    if kind == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + str(rng.choice(list("aeiourslnt"))) + text[i + 1 :]


def seller_name(name: str, rng: np.random.Generator) -> str:
    legal = next((f for f in _LEGAL_FORMS if f and name.endswith(" " + f)), "")
    core = name.removesuffix(" " + legal) if legal else name
    if rng.random() < 0.5:
        legal = str(rng.choice(_LEGAL_VARIANTS[legal]))
    if rng.random() < 0.2:
        core = " ".join(_ABBREVIATIONS.get(word, word) for word in core.split())
    if rng.random() < 0.35:
        core = typo(core, rng)
    written = f"{core} {legal}".strip()
    return written.upper() if rng.random() < 0.3 else written


def _seller_tax_id(tax_id: str, rng: np.random.Generator) -> str:
    form = rng.integers(3)
    if form == 0:
        return tax_id.replace("-", "")
    if form == 1:
        return tax_id.replace("-", " ")
    return tax_id


def _seller_phone(phone: str, rng: np.random.Generator) -> str:
    _, area, number = phone.split(" ")
    form = rng.integers(4)
    if form == 0:
        return f"0{area} {number}"
    if form == 1:
        return f"{area}{number.replace('-', '')}"
    if form == 2:
        return f"0054 {area} {number.replace('-', ' ')}"
    return phone


def _seller_address(address: str, rng: np.random.Generator) -> str:
    for long, short in _STREET_TYPES:
        if address.startswith(long) and rng.random() < 0.5:
            address = short + address.removeprefix(long)
    return typo(address, rng) if rng.random() < 0.25 else address


def make_linkage_data(
    rng: np.random.Generator,
    register_units: int = 5000,
    provider_units: int = 2000,
    share_in_register: float = 0.7,
    missing_tax_id: float = 0.3,
) -> SyntheticLinkageData:
    """Draw a register and a provider file whose true links are known."""
    total = register_units + provider_units
    businesses = [_business(rng) for _ in range(total)]
    tax_ids = _tax_ids(rng, total)
    phones = _phones(rng, total)
    register = pd.DataFrame(
        {
            "unit_id": [f"R{i:05d}" for i in range(register_units)],
            "name": [b[0] for b in businesses[:register_units]],
            "tax_id": tax_ids[:register_units],
            "phone": phones[:register_units],
            "address": [b[1] for b in businesses[:register_units]],
        }
    )
    linked = round(provider_units * share_in_register)
    from_register = rng.choice(register_units, size=linked, replace=False)
    sources = np.concatenate([from_register, np.arange(register_units, total)])[:provider_units]
    rows = []
    for seller, source in enumerate(rng.permutation(sources)):
        name, address = businesses[source]
        rows.append(
            {
                "seller_id": f"S{seller:05d}",
                "register_id": f"R{source:05d}" if source < register_units else None,
                "name": seller_name(name, rng),
                "tax_id": None
                if rng.random() < missing_tax_id
                else _seller_tax_id(tax_ids[source], rng),
                "phone": None if rng.random() < 0.2 else _seller_phone(phones[source], rng),
                "address": _seller_address(address, rng),
            }
        )
    provider = pd.DataFrame(rows)
    truth = provider.loc[provider["register_id"].notna(), ["seller_id", "register_id"]]
    truth = truth.rename(columns={"seller_id": "provider_id"}).reset_index(drop=True)
    return SyntheticLinkageData(register, provider.drop(columns="register_id"), truth)
