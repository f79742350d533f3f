"""Classifications of the demo country: ISIC Rev.4 classes, industry aggregates, sizes, regions.

The ISIC Rev.4 classes are real 4-digit classes (United Nations, ISIC Rev.4, 2008); the share of
enterprises in each is invented but shaped like a developing country's business register: many
retailers, small workshops and restaurants, few utilities. Sections A, K, P, Q, S (other than
group 95.1) and division 75 are in the register but outside the default survey scope, as in most
business ICT surveys. Aggregate codes are those of the ISIC4_AGG code list where one exists
(``F41-F43``, ``J58-J63``, ...), finer ones (``C10-C12``, ``G46``) in the same style.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "DEFAULT_INDUSTRY_SCOPE",
    "INDUSTRY_AGGREGATES",
    "ISIC_CLASSES",
    "REGIONS",
    "SIZE_CLASSES",
    "IndustryAggregate",
    "IsicClass",
    "Region",
    "aggregate_of_class",
    "size_class_codes",
    "size_class_index",
]


@dataclass(frozen=True)
class IsicClass:
    """One ISIC Rev.4 class with its share of the register (relative, not normalised)."""

    code: str
    section: str
    label: str
    weight: float


@dataclass(frozen=True)
class IndustryAggregate:
    """An industry aggregate used to stratify the survey, with the ISIC divisions it covers."""

    code: str
    label: str
    divisions: tuple[int, ...]


@dataclass(frozen=True)
class Region:
    """A first-level region: code, name, share of enterprises, telephone area code."""

    code: int
    name: str
    share: float
    area_code: str


ISIC_CLASSES: tuple[IsicClass, ...] = (
    IsicClass("0111", "A", "Growing of cereals, leguminous crops and oil seeds", 1.2),
    IsicClass("0141", "A", "Raising of cattle and buffaloes", 0.8),
    IsicClass("1010", "C", "Processing and preserving of meat", 0.6),
    IsicClass("1071", "C", "Manufacture of bakery products", 2.4),
    IsicClass("1104", "C", "Manufacture of soft drinks and mineral waters", 0.2),
    IsicClass("1410", "C", "Manufacture of wearing apparel, except fur apparel", 2.0),
    IsicClass("1610", "C", "Sawmilling and planing of wood", 0.6),
    IsicClass("1811", "C", "Printing", 0.9),
    IsicClass("2011", "C", "Manufacture of basic chemicals", 0.2),
    IsicClass("2100", "C", "Manufacture of pharmaceuticals", 0.1),
    IsicClass("2220", "C", "Manufacture of plastics products", 0.5),
    IsicClass("2511", "C", "Manufacture of structural metal products", 1.1),
    IsicClass("2592", "C", "Treatment and coating of metals; machining", 0.7),
    IsicClass("2620", "C", "Manufacture of computers and peripheral equipment", 0.05),
    IsicClass("2710", "C", "Manufacture of electric motors, generators, transformers", 0.1),
    IsicClass("2822", "C", "Manufacture of metal-forming machinery and machine tools", 0.15),
    IsicClass("2910", "C", "Manufacture of motor vehicles", 0.05),
    IsicClass("3100", "C", "Manufacture of furniture", 1.2),
    IsicClass("3250", "C", "Manufacture of medical and dental instruments and supplies", 0.15),
    IsicClass("3510", "D", "Electric power generation, transmission and distribution", 0.1),
    IsicClass("3600", "E", "Water collection, treatment and supply", 0.1),
    IsicClass("3811", "E", "Collection of non-hazardous waste", 0.2),
    IsicClass("4100", "F", "Construction of buildings", 3.5),
    IsicClass("4210", "F", "Construction of roads and railways", 0.5),
    IsicClass("4321", "F", "Electrical installation", 1.5),
    IsicClass("4322", "F", "Plumbing, heat and air-conditioning installation", 1.2),
    IsicClass("4330", "F", "Building completion and finishing", 1.8),
    IsicClass("4510", "G", "Sale of motor vehicles", 0.8),
    IsicClass("4520", "G", "Maintenance and repair of motor vehicles", 3.0),
    IsicClass("4530", "G", "Sale of motor vehicle parts and accessories", 1.3),
    IsicClass("4610", "G", "Wholesale on a fee or contract basis", 0.6),
    IsicClass("4630", "G", "Wholesale of food, beverages and tobacco", 1.5),
    IsicClass("4641", "G", "Wholesale of textiles, clothing and footwear", 0.8),
    IsicClass("4649", "G", "Wholesale of other household goods", 1.0),
    IsicClass(
        "4651", "G", "Wholesale of computers, computer peripheral equipment and software", 0.3
    ),
    IsicClass("4659", "G", "Wholesale of other machinery and equipment", 0.6),
    IsicClass("4663", "G", "Wholesale of construction materials and hardware", 0.8),
    IsicClass("4690", "G", "Non-specialized wholesale trade", 0.9),
    IsicClass("4711", "G", "Retail sale in non-specialized stores, food predominating", 7.5),
    IsicClass("4719", "G", "Other retail sale in non-specialized stores", 2.0),
    IsicClass("4721", "G", "Retail sale of food in specialized stores", 4.0),
    IsicClass("4730", "G", "Retail sale of automotive fuel in specialized stores", 0.7),
    IsicClass(
        "4741", "G", "Retail sale of computers, software and telecommunications equipment", 1.0
    ),
    IsicClass("4751", "G", "Retail sale of textiles in specialized stores", 1.0),
    IsicClass("4752", "G", "Retail sale of hardware, paints and glass in specialized stores", 1.8),
    IsicClass("4771", "G", "Retail sale of clothing, footwear and leather articles", 3.5),
    IsicClass("4772", "G", "Retail sale of pharmaceutical and medical goods, cosmetics", 1.6),
    IsicClass(
        "4781", "G", "Retail sale via stalls and markets of food, beverages and tobacco", 2.0
    ),
    IsicClass("4791", "G", "Retail sale via mail order houses or via Internet", 0.4),
    IsicClass("4799", "G", "Other retail sale not in stores, stalls or markets", 0.6),
    IsicClass("4921", "H", "Urban and suburban passenger land transport", 1.0),
    IsicClass("4922", "H", "Other passenger land transport", 0.8),
    IsicClass("4923", "H", "Freight transport by road", 2.2),
    IsicClass("5012", "H", "Sea and coastal freight water transport", 0.1),
    IsicClass("5110", "H", "Passenger air transport", 0.03),
    IsicClass("5210", "H", "Warehousing and storage", 0.3),
    IsicClass("5229", "H", "Other transportation support activities", 0.6),
    IsicClass("5320", "H", "Courier activities", 0.3),
    IsicClass("5510", "I", "Short term accommodation activities", 2.0),
    IsicClass("5520", "I", "Camping grounds, recreational vehicle parks and trailer parks", 0.2),
    IsicClass("5610", "I", "Restaurants and mobile food service activities", 6.0),
    IsicClass("5621", "I", "Event catering", 0.5),
    IsicClass("5630", "I", "Beverage serving activities", 2.2),
    IsicClass("5811", "J", "Book publishing", 0.1),
    IsicClass("5813", "J", "Publishing of newspapers, journals and periodicals", 0.2),
    IsicClass("5820", "J", "Software publishing", 0.2),
    IsicClass("5911", "J", "Motion picture, video and television programme production", 0.3),
    IsicClass("6010", "J", "Radio broadcasting", 0.15),
    IsicClass("6110", "J", "Wired telecommunications activities", 0.05),
    IsicClass("6120", "J", "Wireless telecommunications activities", 0.05),
    IsicClass("6201", "J", "Computer programming activities", 0.8),
    IsicClass("6202", "J", "Computer consultancy and computer facilities management", 0.5),
    IsicClass("6209", "J", "Other information technology and computer service activities", 0.4),
    IsicClass("6311", "J", "Data processing, hosting and related activities", 0.15),
    IsicClass("6312", "J", "Web portals", 0.1),
    IsicClass("6419", "K", "Other monetary intermediation", 0.2),
    IsicClass("6511", "K", "Life insurance", 0.1),
    IsicClass("6810", "L", "Real estate activities with own or leased property", 1.2),
    IsicClass("6820", "L", "Real estate activities on a fee or contract basis", 0.9),
    IsicClass("6910", "M", "Legal activities", 1.8),
    IsicClass("6920", "M", "Accounting, bookkeeping and auditing; tax consultancy", 2.0),
    IsicClass("7010", "M", "Activities of head offices", 0.2),
    IsicClass("7020", "M", "Management consultancy activities", 1.0),
    IsicClass("7110", "M", "Architectural and engineering activities", 1.2),
    IsicClass("7120", "M", "Technical testing and analysis", 0.2),
    IsicClass("7210", "M", "Research and experimental development on natural sciences", 0.05),
    IsicClass("7310", "M", "Advertising", 0.6),
    IsicClass("7320", "M", "Market research and public opinion polling", 0.1),
    IsicClass("7410", "M", "Specialized design activities", 0.4),
    IsicClass("7420", "M", "Photographic activities", 0.4),
    IsicClass("7490", "M", "Other professional, scientific and technical activities", 0.5),
    IsicClass("7500", "M", "Veterinary activities", 0.3),
    IsicClass("7710", "N", "Renting and leasing of motor vehicles", 0.3),
    IsicClass("7810", "N", "Activities of employment placement agencies", 0.2),
    IsicClass("7911", "N", "Travel agency activities", 0.6),
    IsicClass("7912", "N", "Tour operator activities", 0.3),
    IsicClass("8010", "N", "Private security activities", 0.5),
    IsicClass("8121", "N", "General cleaning of buildings", 0.6),
    IsicClass("8130", "N", "Landscape care and maintenance service activities", 0.3),
    IsicClass("8211", "N", "Combined office administrative service activities", 0.3),
    IsicClass("8220", "N", "Activities of call centres", 0.1),
    IsicClass("8299", "N", "Other business support service activities", 0.5),
    IsicClass("8510", "P", "Pre-primary and primary education", 0.8),
    IsicClass("8620", "Q", "Medical and dental practice activities", 1.8),
    IsicClass("9511", "S", "Repair of computers and peripheral equipment", 0.5),
    IsicClass("9512", "S", "Repair of communication equipment", 0.4),
    IsicClass("9602", "S", "Hairdressing and other beauty treatment", 3.0),
    IsicClass("9609", "S", "Other personal service activities", 0.8),
)

INDUSTRY_AGGREGATES: tuple[IndustryAggregate, ...] = (
    IndustryAggregate("C10-C12", "Food products, beverages and tobacco", (10, 11, 12)),
    IndustryAggregate(
        "C13-C18", "Textiles, apparel, wood, paper and printing", (13, 14, 15, 16, 17, 18)
    ),
    IndustryAggregate(
        "C19-C25", "Chemicals, pharmaceuticals, plastics and metals", tuple(range(19, 26))
    ),
    IndustryAggregate(
        "C26-C33", "Electronics, machinery, vehicles and other manufacturing", tuple(range(26, 34))
    ),
    IndustryAggregate(
        "D35-E39", "Electricity, gas, water supply and waste management", tuple(range(35, 40))
    ),
    IndustryAggregate("F41-F43", "Construction", (41, 42, 43)),
    IndustryAggregate("G45", "Trade and repair of motor vehicles", (45,)),
    IndustryAggregate("G46", "Wholesale trade", (46,)),
    IndustryAggregate("G47", "Retail trade", (47,)),
    IndustryAggregate("H49-H53", "Transportation and storage", tuple(range(49, 54))),
    IndustryAggregate("I55-I56", "Accommodation and food service activities", (55, 56)),
    IndustryAggregate("J58-J63", "Information and communication", tuple(range(58, 64))),
    IndustryAggregate("L68", "Real estate activities", (68,)),
    IndustryAggregate(
        "M69-M74",
        "Professional, scientific and technical activities, except veterinary",
        tuple(range(69, 75)),
    ),
    IndustryAggregate(
        "N77-N82", "Administrative and support service activities", tuple(range(77, 83))
    ),
    IndustryAggregate("S951", "Repair of computers and communication equipment", (95,)),
)

# Sections C to N without K and without veterinary activities (division 75), plus group 95.1:
# the industry scope of the ICT-usage survey (aggregate C10-S951_X_K of the ISIC4_AGG code list),
# which keeps a country's figures comparable with other countries'.
DEFAULT_INDUSTRY_SCOPE: tuple[str, ...] = tuple(a.code for a in INDUSTRY_AGGREGATES)

REGIONS: tuple[Region, ...] = (
    Region(1, "Distrito Capital", 0.31, "1"),
    Region(2, "Costa Norte", 0.14, "5"),
    Region(3, "Valle Central", 0.12, "2"),
    Region(4, "Altiplano", 0.09, "3"),
    Region(5, "Llanos Orientales", 0.07, "6"),
    Region(6, "Sierra Sur", 0.07, "4"),
    Region(7, "Región del Lago", 0.06, "7"),
    Region(8, "Delta", 0.06, "8"),
    Region(9, "Frontera Oeste", 0.05, "9"),
    Region(10, "Islas", 0.03, "26"),
)

SIZE_CLASSES: tuple[str, ...] = ("0-9", "10-49", "50-249", "GE250")
_SIZE_LOWER_BOUNDS = np.array([10, 50, 250])


def size_class_index(persons_employed: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Index into :data:`SIZE_CLASSES` (0 for 0 to 9 persons employed, ..., 3 for 250 or more)."""
    return np.searchsorted(_SIZE_LOWER_BOUNDS, persons_employed, side="right").astype(np.int64)


def size_class_codes(persons_employed: npt.NDArray[np.int64]) -> npt.NDArray[np.str_]:
    """Size-class codes (``"0-9"``, ``"10-49"``, ``"50-249"``, ``"GE250"``) of persons employed."""
    return np.asarray(SIZE_CLASSES)[size_class_index(persons_employed)]


def aggregate_of_class(isic_class: str) -> str | None:
    """The industry aggregate of an ISIC Rev.4 class, or None when no aggregate covers it."""
    division = int(isic_class[:2])
    if division == 95:
        return "S951" if isic_class.startswith("951") else None
    for aggregate in INDUSTRY_AGGREGATES:
        if division in aggregate.divisions:
            return aggregate.code
    return None
