"""Generated inputs for trying and testing discovery: a register, a domain-registry extract,
search results and the true website of every enterprise.

The difficulties are those of real data: repeated and similar business names, register URLs
with paths, upper case or typos, free-mail addresses, registrant names written differently
(legal form spelled out, abbreviations, no accents, upper case), registrants without a tax ID,
domains of other businesses with similar names, and search results led by directories and
social media. All names are invented; domains are under the demo country's ``.dl``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["SyntheticDiscovery", "generate"]

_TRADES = (
    "Distribuidora", "Comercial", "Constructora", "Transportes", "Industrias", "Hotel",
    "Restaurante", "Consultores", "Inmobiliaria", "Clínica", "Tecnologías", "Agropecuaria",
    "Ferretería", "Farmacia", "Panadería", "Librería", "Importadora", "Textiles", "Muebles",
    "Ópticas",
)  # fmt: skip
_SECONDS = (
    "Andina", "del Pacífico", "La Estrella", "El Progreso", "San José", "Santa Rosa",
    "del Valle", "Central", "Nacional", "Continental", "La Esperanza", "Los Andes",
    "Sol Naciente", "Horizonte", "Futuro", "La Unión", "Atlántico", "Libertad", "Aurora",
    "Las Palmeras", "El Cóndor", "Imperial", "Moderna", "Integral", "San Martín", "Santa Fe",
    "Quispe", "Mamani", "García", "Rodríguez", "López", "Pérez", "Gómez", "Flores", "Torres",
    "Vargas", "Rojas", "Castillo", "Morales", "Gutiérrez", "Chávez", "Ramírez", "Herrera",
    "Medina", "Aguilar", "Núñez", "Romero", "Salazar", "Paredes", "Peña", "Muñoz",
)  # fmt: skip
_QUALIFIERS = ("Hermanos", "Express", "Plus", "Premium", "Total", "Digital", "Center", "Sur")
_LEGAL_FORMS = {
    "S.A.": "Sociedad Anónima",
    "S.R.L.": "Sociedad de Responsabilidad Limitada",
    "Ltda.": "Limitada",
    "E.I.R.L.": "EIRL",
    "": "",
}
_WEBMAIL = ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "correo.dl")
_DIRECTORIES = (
    ("https://www.facebook.com/{slug}", "{name} | Facebook"),
    ("https://paginasamarillas.dl/empresa/{slug}", "{name} en Páginas Amarillas"),
    ("https://www.linkedin.com/company/{slug}", "{name} | LinkedIn"),
    ("https://directorio-comercial.dl/ficha/{slug}", "{name} - Directorio Comercial"),
)
_TRUE_RANKS = (1, 1, 1, 1, 2, 2, 3, 4, 6, 8)


@dataclass(frozen=True)
class SyntheticDiscovery:
    """Generated inputs (register, registry, search) and truth (labels: enterprise_id, url)."""

    register: pd.DataFrame
    registry: pd.DataFrame
    search: pd.DataFrame
    labels: pd.DataFrame

    def write(self, folder: Path) -> None:
        """Write register.csv, registry.csv, search.csv and labels.csv into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("register", "registry", "search", "labels"):
            getattr(self, name).to_csv(folder / f"{name}.csv", index=False)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in plain if c.isalnum())


def _tax_id(rng: np.random.Generator) -> str:
    return f"{rng.integers(10_000_000, 99_999_999)}-{rng.integers(0, 10)}"


def _pick(options: tuple[str, ...], rng: np.random.Generator) -> str:
    return options[int(rng.integers(len(options)))]


def _business(rng: np.random.Generator) -> tuple[str, str]:
    """A business name without legal form, and a legal form."""
    words = [_pick(_TRADES, rng), _pick(_SECONDS, rng)]
    if rng.random() < 0.5:
        words.append(_pick(_QUALIFIERS, rng))
    return " ".join(words), _pick(tuple(_LEGAL_FORMS), rng)


def _domain(core: str, taken: set[str], rng: np.random.Generator) -> str:
    slug = _slug(core) if rng.random() < 0.8 else "-".join(_slug(w) for w in core.split())
    tld = _pick(("com.dl", "com.dl", "com.dl", "dl", "dl", "com"), rng)
    domain, number = f"{slug}.{tld}", 1
    while domain in taken:
        number += 1
        domain = f"{slug}{number}.{tld}"
    taken.add(domain)
    return domain


def _registrant_name(core: str, form: str, rng: np.random.Generator) -> str:
    """The business name as a domain holder might have typed it."""
    variant = int(rng.integers(5))
    if variant == 0:
        return f"{core} {form}".strip()
    if variant == 1:
        plain = unicodedata.normalize("NFKD", core).encode("ascii", "ignore").decode()
        return f"{plain} {form}".upper().strip()
    if variant == 2:
        return f"{core} {_LEGAL_FORMS[form]}".strip()
    if variant == 3:
        first, _, rest = core.partition(" ")
        return f"{first[:4]}. {rest} {form}".strip()
    return " ".join(core.split()[:2])


def _register_website(domain: str, rng: np.random.Generator) -> str:
    """The website field of the register: right, untidy or mistyped."""
    draw = rng.random()
    if draw < 0.55:
        return f"https://www.{domain}"
    if draw < 0.7:
        return f"www.{domain}"
    if draw < 0.82:
        return f"HTTP://{domain.upper()}/contacto"
    if draw < 0.93:
        return f"http://www.{domain}/index.php?lang=es "
    label, _, rest = domain.partition(".")
    return f"www.{label[:-2]}{label[-1]}{label[-2]}.{rest}"  # two letters swapped


def _email(domain: str | None, core: str, rng: np.random.Generator) -> str:
    draw = rng.random()
    if domain is not None and draw < 0.5:
        return f"{_pick(('info', 'ventas', 'contacto'), rng)}@{domain}"
    if draw < 0.8:
        return f"{_slug(core)}@{_pick(_WEBMAIL, rng)}"
    return ""


def _search_hits(
    enterprise: str,
    core: str,
    true_domain: str | None,
    decoys: list[tuple[str, str]],
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    slug = _slug(core)
    others = [(u.format(slug=slug), t.format(name=core)) for u, t in _DIRECTORIES]
    others = [others[i] for i in rng.permutation(len(others))[: int(rng.integers(1, 4))]]
    others += [(f"https://www.{d}/", f"{n} - Inicio") for d, n in decoys]
    hits = [(url, title, f"{title}. Dirección, teléfono y horarios.") for url, title in others]
    if true_domain is not None and rng.random() < 0.85:
        path = _pick(("", "", "productos", "contacto/"), rng)
        true_hit = (
            f"https://www.{true_domain}/{path}",
            f"{core} | Sitio oficial",
            f"Bienvenidos a {core}. Conozca nuestros productos y servicios.",
        )
        rank = min(_TRUE_RANKS[int(rng.integers(len(_TRUE_RANKS)))], len(hits) + 1)
        hits.insert(rank - 1, true_hit)
    return [
        {"enterprise_id": enterprise, "rank": i, "url": u, "title": t, "snippet": s}
        for i, (u, t, s) in enumerate(hits, start=1)
    ]


def _own_registration(
    domain: str, core: str, form: str, tax_id: str, rng: np.random.Generator
) -> dict[str, str]:
    """The registry row of an enterprise's own domain; a quarter without the holder's tax ID."""
    formats = (tax_id, tax_id.replace("-", ""), f"{tax_id[:2]}.{tax_id[2:5]}.{tax_id[5:]}")
    holder_tax = "" if rng.random() < 0.25 else _pick(formats, rng)
    return {
        "domain": domain,
        "registrant_name": _registrant_name(core, form, rng),
        "registrant_tax_id": holder_tax,
        "registration_date": f"20{rng.integers(5, 26):02d}-0{rng.integers(1, 10)}-15",
    }


def _look_alike(core: str, taken: set[str], rng: np.random.Generator) -> dict[str, str]:
    """The registry row of another business with a similar name and its own domain."""
    other = f"{core.split()[0]} {_pick(_SECONDS, rng)}"
    if rng.random() < 0.5:
        other = f"{core} {_pick(_QUALIFIERS, rng)}"
    return {
        "domain": _domain(other, taken, rng),
        "registrant_name": f"{other} S.A.",
        "registrant_tax_id": _tax_id(rng),
        "registration_date": "2019-06-01",
    }


def generate(n: int, rng: np.random.Generator) -> SyntheticDiscovery:
    """Inputs and truth for ``n`` enterprises, of which about 65% have a website."""
    taken: set[str] = set()
    register, registry, search, labels = [], [], [], []
    for number in range(1, n + 1):
        enterprise = f"E{number:07d}"
        core, form = _business(rng)
        tax_id = _tax_id(rng)
        domain = _domain(core, taken, rng) if rng.random() < 0.65 else None
        website = _register_website(domain, rng) if domain and rng.random() < 0.4 else ""
        register.append(
            {
                "enterprise_id": enterprise,
                "name": f"{core} {form}".strip(),
                "tax_id": tax_id if rng.random() < 0.95 else "",
                "website": website,
                "email": _email(domain, core, rng),
            }
        )
        labels.append(
            {"enterprise_id": enterprise, "url": f"https://www.{domain}/" if domain else ""}
        )
        if domain is not None and rng.random() < 0.88:
            registry.append(_own_registration(domain, core, form, tax_id, rng))
        decoys: list[tuple[str, str]] = []
        if rng.random() < 0.3:
            decoy = _look_alike(core, taken, rng)
            decoys.append((decoy["domain"], decoy["registrant_name"].removesuffix(" S.A.")))
            registry.append(decoy)
        search.extend(_search_hits(enterprise, core, domain, decoys, rng))
    return SyntheticDiscovery(
        pd.DataFrame(register), pd.DataFrame(registry), pd.DataFrame(search), pd.DataFrame(labels)
    )
