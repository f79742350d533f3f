"""Features of each (enterprise, candidate site) pair and a logistic model that scores them.

The probability that a candidate is the enterprise's website is
``1 / (1 + exp(-(intercept + Σ weight × feature)))``. Every feature lies in [0, 1], so a weight
reads as the change in log-odds between a feature's absence and its full presence. The default
weights (DEFAULT_MODEL) were set by hand and checked on generated data; with a labelled sample
they are refitted by penalised maximum likelihood (:func:`fit_model`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.errors import ConfigError
from destat.web.discover.names import label_similarity, text_similarity
from destat.web.discover.pages import SiteFacts, identifier_found
from destat.web.discover.urls import (
    domain_label,
    email_domain,
    is_platform,
    registered_domain,
    site_key,
)

__all__ = [
    "DEFAULT_MODEL",
    "FEATURES",
    "SHARED_SITE_MIN_ENTERPRISES",
    "LogisticModel",
    "best_candidates",
    "candidate_features",
    "fit_model",
    "score_candidates",
]

FEATURES = (
    "register_url",
    "email_domain_match",
    "tax_id_match",
    "registrant_similarity",
    "search_top",
    "label_similarity",
    "text_similarity",
    "country_tld",
    "platform",
    "shared_site",
    "page_identifier",
)
# A site in the search results of this many enterprises or more is taken for a directory.
SHARED_SITE_MIN_ENTERPRISES = 5
# Where two sources give different forms of one site (http/https, with or without www), the
# URL of the most trusted source is written out.
_SOURCE_ORDER = ("register_url", "registry_tax_id", "register_email", "search", "registry_name")


@dataclass(frozen=True)
class LogisticModel:
    """An intercept and one weight per feature of FEATURES (log-odds scale)."""

    intercept: float
    weights: tuple[float, ...]

    def probability(self, features: pd.DataFrame) -> npt.NDArray[np.float64]:
        """The probability of each row of a feature table (columns FEATURES)."""
        matrix = features[list(FEATURES)].to_numpy(dtype=float)
        return _sigmoid(self.intercept + matrix @ np.asarray(self.weights))

    def describe(self) -> dict[str, float]:
        """The intercept and weights by name, for printing."""
        return {"intercept": self.intercept, **dict(zip(FEATURES, self.weights, strict=True))}


DEFAULT_MODEL = LogisticModel(
    intercept=-7.0,
    weights=(
        5.0,  # register_url: the enterprise said so itself
        3.0,  # email_domain_match: its own mailbox is on this domain
        4.0,  # tax_id_match: the domain holder has its tax ID
        1.0,  # registrant_similarity: the domain holder's name resembles it
        2.0,  # search_top: 1/rank among search results
        5.0,  # label_similarity: the domain name spells the business name
        2.0,  # text_similarity: title and snippet mention the name
        0.5,  # country_tld: the site is under the country's top-level domain
        -6.0,  # platform: social media, directories and marketplaces are not own sites
        -4.0,  # shared_site: found by search for many enterprises, so a directory
        4.0,  # page_identifier: its pages show the tax ID, phone or e-mail (needs a crawl)
    ),
)


def _sigmoid(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -500.0, 500.0)))


def candidate_features(
    evidence: pd.DataFrame,
    register: pd.DataFrame,
    tld: str | None = None,
    facts: dict[str, SiteFacts] | None = None,
) -> pd.DataFrame:
    """One row per enterprise and candidate site: its URL, sources and FEATURES.

    ``tld`` is the country's top-level domain (such as ``".dl"``); without it ``country_tld``
    is 0 everywhere. ``facts`` are what crawled pages show (:func:`pages.site_facts`); without
    them ``page_identifier`` is 0 everywhere.
    """
    names = register.set_index("enterprise_id")["name"]
    emails = register.set_index("enterprise_id")["email"].map(_mail_site)
    table = evidence.assign(
        site=evidence["url"].map(site_key),
        order=evidence["source"].map({s: i for i, s in enumerate(_SOURCE_ORDER)}),
        name=evidence["enterprise_id"].map(names).fillna(""),
    )
    table = table.assign(
        text_similarity=[
            text_similarity(n, t) if t else 0.0
            for n, t in zip(table["name"], table["page_text"], strict=True)
        ],
        search_top=np.where(table["search_rank"] > 0, 1.0 / table["search_rank"].clip(lower=1), 0),
    ).sort_values(["enterprise_id", "site", "order"], kind="stable")
    grouped = table.groupby(["enterprise_id", "site"], sort=True)
    result = grouped.agg(
        url=("url", "first"),
        name=("name", "first"),
        sources=("source", lambda s: "+".join(dict.fromkeys(s))),
        tax_id_match=("tax_id_match", "max"),
        registrant_similarity=("registrant_similarity", "max"),
        search_top=("search_top", "max"),
        text_similarity=("text_similarity", "max"),
    ).reset_index()
    hosts = result["site"]
    result["register_url"] = result["sources"].str.contains("register_url").astype(float)
    result["email_domain_match"] = (
        result["enterprise_id"].map(emails).fillna("") == hosts.map(registered_domain)
    ).astype(float)
    result["tax_id_match"] = result["tax_id_match"].astype(float)
    result["label_similarity"] = [
        label_similarity(n, domain_label(h)) for n, h in zip(result["name"], hosts, strict=True)
    ]
    suffix = (tld or "").lower().strip()
    result["country_tld"] = (
        hosts.str.endswith(suffix if suffix.startswith(".") else f".{suffix}").astype(float)
        if suffix
        else 0.0
    )
    result["platform"] = hosts.map(is_platform).astype(float)
    searched = table[table["source"] == "search"].groupby("site")["enterprise_id"].nunique()
    result["shared_site"] = (hosts.map(searched).fillna(0) >= SHARED_SITE_MIN_ENTERPRISES).astype(
        float
    )
    result["page_identifier"] = identifier_found(result, register, facts) if facts else 0.0
    return result[["enterprise_id", "url", "sources", *FEATURES]]


def _mail_site(address: str) -> str:
    domain = email_domain(address) if address else None
    # Mailbox and site are compared at the registered domain: mail.shop.dl is shop.dl's.
    return registered_domain(domain) if domain else ""


def score_candidates(features: pd.DataFrame, model: LogisticModel = DEFAULT_MODEL) -> pd.DataFrame:
    """The candidates with their probability and their rank within the enterprise (1 = best)."""
    scored = features.assign(probability=model.probability(features))
    scored = scored.sort_values(
        ["enterprise_id", "probability", "url"], ascending=[True, False, True], kind="stable"
    )
    scored["rank"] = scored.groupby("enterprise_id").cumcount() + 1
    return scored.reset_index(drop=True)


def best_candidates(
    scored: pd.DataFrame, register: pd.DataFrame, threshold: float = 0.5
) -> pd.DataFrame:
    """One row per register enterprise: its best candidate, probability and whether it is kept.

    Enterprises without any candidate have an empty URL and probability 0.
    """
    if not 0.0 < threshold < 1.0:
        raise ConfigError(f"The probability threshold must lie between 0 and 1; got {threshold}.")
    best = scored[scored["rank"] == 1][["enterprise_id", "url", "probability"]]
    table = register[["enterprise_id", "name"]].merge(best, on="enterprise_id", how="left")
    table = table.fillna({"url": "", "probability": 0.0})
    return table.assign(kept=table["probability"] >= threshold)


def fit_model(
    features: pd.DataFrame, outcome: npt.NDArray[np.bool_], penalty: float = 1.0
) -> LogisticModel:
    """Logistic weights fitted by Newton's method with a ridge penalty on the weights.

    ``outcome`` is True for candidates that are the true website. The penalty (on the log-odds
    scale, intercept not penalised) keeps weights finite when a feature separates the classes.
    """
    if outcome.all() or not outcome.any():
        raise ConfigError(
            "The labelled sample gives only right or only wrong candidates, so no weights can be "
            "fitted; label enterprises whose candidates include both, or drop --labels."
        )
    x = np.column_stack([np.ones(len(features)), features[list(FEATURES)].to_numpy(dtype=float)])
    y = outcome.astype(float)
    ridge = np.diag([0.0] + [penalty] * len(FEATURES))
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = _sigmoid(x @ beta)
        gradient = x.T @ (y - p) - ridge @ beta
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + ridge
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return LogisticModel(float(beta[0]), tuple(float(b) for b in beta[1:]))
