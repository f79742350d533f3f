"""The demo project's provider sources: a marketplace and a postal operator of the demo country,
generated for its own business register (:mod:`destat.demo.providers`), and the ``[sources]``
section of destat.toml that publishes their tables as experimental statistics."""

from __future__ import annotations

from pathlib import Path

from destat.demo.country import population_for_seed
from destat.demo.providers import ProviderFiles, write_provider_files
from destat.project.sources import SourcesRun

__all__ = [
    "ENTERPRISES_PER_POSTAL_ITEM",
    "describe_sources",
    "sources_section",
    "write_demo_providers",
]

ENTERPRISES_PER_POSTAL_ITEM = 50
"""The demo's postal volume: one item per 50 enterprises (2,000 for the default 100,000), enough
for every corridor and month and few enough for secondary suppression to run in seconds."""

PHONE_PREFIX = "999"  # the demo country's calling code


def write_demo_providers(folder: Path, n_enterprises: int, seed: int) -> ProviderFiles:
    """Provider files for the register of the demo country of ``seed`` in ``folder``."""
    register = population_for_seed(seed, n_enterprises).register
    items = max(n_enterprises // ENTERPRISES_PER_POSTAL_ITEM, 1)
    return write_provider_files(folder, seed=seed, register=register, postal_items=items)


def sources_section(files: ProviderFiles, project: Path) -> str:
    """The ``[sources]`` section of destat.toml for ``files`` (paths relative to ``project``)."""

    def at(path: Path) -> str:
        return path.relative_to(project).as_posix()

    return (
        "\n# Generated marketplace and postal files of the demo country (see\n"
        "# docs/marketplace-postal.md), published as experimental statistics. No secret_env:\n"
        "# each run draws a fresh linkage secret, so no key is stored in the project.\n"
        "[sources.marketplace]\n"
        f'sellers = "{at(files.sellers)}"\n'
        f'listings = "{at(files.listings)}"\n'
        f'prices = "{at(files.prices)}"\n'
        f'transactions = "{at(files.transactions)}"\n'
        "\n[sources.marketplace.linkage]\n"
        f'register = "{at(files.register)}"\n'
        f'phone_prefix = "{PHONE_PREFIX}"\n'
        f'truth = "{at(files.marketplace_truth)}"\n'
        "\n[sources.postal]\n"
        f'items = "{at(files.postal_items)}"\n'
        f'rates = "{at(files.exchange_rates)}"\n'
    )


def describe_sources(sources: SourcesRun, outputs: Path) -> list[str]:
    """Lines saying where the experimental tables are and how well the sellers were linked."""
    if not sources.frames:
        return []
    names = ", ".join(sources.frames)
    lines = [f"Experimental: {outputs}/ ({names}; SDMX in {outputs / 'sdmx'}/)"]
    quality = sources.quality
    if quality is not None:
        lines.append(
            f"Linkage:    {quality.linked:,} sellers linked to the register; against the "
            f"truth precision {quality.precision:.3f}, recall {quality.recall:.3f}"
        )
    return lines
