"""Design weights of the respondents, adjusted for non-response within strata.

Respondents are taken as a random subsample of their stratum, so each stands for
``w = N_h / r_h`` units (Särndal and Lundström 2005, *Estimation in Surveys with Nonresponse*,
chapter 9, response homogeneity groups). A stratum without respondents is collapsed into a
neighbouring stratum (:mod:`destat.project.collapse`): the neighbour's respondents stand for
both, ``w = (N_h + N_empty) / r_h``, and its population for the finite population correction is
the merged one.
"""

from __future__ import annotations

import pandas as pd

from destat.project.collapse import Collapse, collapse_strata
from destat.project.config import ProjectConfig


def design_weights(
    respondents: pd.DataFrame, sample: pd.DataFrame, config: ProjectConfig
) -> tuple[pd.DataFrame, list[Collapse]]:
    """``respondents`` with ``weight`` (and merged stratum populations where strata were
    collapsed), and the strata collapsed; see the module docstring."""
    design = config.design
    by_stratum = sample.groupby(design.stratum)
    strata = pd.DataFrame(
        {
            "population": pd.to_numeric(by_stratum[design.stratum_population].first()),
            **{
                name: by_stratum[name].first() if name in sample else None
                for name in ("size_class", "industry")
            },
        }
    )
    merged, collapses = collapse_strata(
        strata, set(respondents[design.stratum].unique()), design.empty_strata
    )
    empty = list(merged)
    # Population each stratum takes over from the empty strata collapsed into it.
    added = strata.loc[empty, "population"].groupby(pd.Series(merged)).sum()
    data = respondents.copy()
    own = pd.to_numeric(data[design.stratum_population])
    extra = data[design.stratum].astype(object).map(added).fillna(0.0)
    data[design.stratum_population] = own + extra
    count = data.groupby(design.stratum)[design.id].transform("size")
    data["weight"] = data[design.stratum_population] / count
    return data, collapses
