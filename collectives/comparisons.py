"""Pure comparison functions (pandas): rows read in one or a few queries go in,
tables come out. No database, no requests; callers pass translated labels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import pandas as pd

# The whitepaper's benchmark for affordable workspace (€ per m² per year).
AFFORDABLE_RENT = (Decimal(75), Decimal(125))
# Tenure for the area totals. Whatever is in neither set (a rent whose term the
# source does not give, tenure varying per property) is counted as unknown.
SECURE_TENURES = {"owned", "rented_long", "cooperative"}
TEMPORARY_TENURES = {"rented_temporary"}


def rent_band(rent: Decimal | float | None) -> str | None:
    """'below', 'within' or 'above' the €75–125/m²/year band; None if unknown."""
    if rent is None:
        return None
    rent = Decimal(str(rent))
    low, high = AFFORDABLE_RENT
    if rent < low:
        return "below"
    return "within" if rent <= high else "above"


def side_by_side(
    rows: Sequence[Mapping[str, object]],
    fields: Sequence[tuple[str, str]],
    *,
    name_key: str = "name",
) -> pd.DataFrame:
    """One column per compared thing, one row per fact: `fields` maps row keys to
    the labels shown. Missing values stay missing (shown as a dash)."""
    frame = pd.DataFrame.from_records(list(rows))
    if frame.empty:
        return pd.DataFrame(index=[label for _key, label in fields])
    keys = [key for key, _label in fields]
    table = frame.set_index(name_key).reindex(columns=keys).T
    table.index = [label for _key, label in fields]
    return table


def one_row_each(
    rows: Sequence[Mapping[str, object]], fields: Sequence[tuple[str, str]]
) -> pd.DataFrame:
    """The export shape of a comparison: one row per compared thing."""
    frame = pd.DataFrame.from_records(list(rows), columns=[k for k, _ in fields])
    frame.columns = [label for _key, label in fields]
    return frame.convert_dtypes()


def tenure_shares(tenures: Sequence[str]) -> dict[str, float | None]:
    """Shares (0–1) of collectives on long-term or owned tenure, on temporary
    tenure, and on other or varying tenure; None when there are none."""
    count = len(tenures)
    if not count:
        return {"secure": None, "temporary": None, "other": None}
    secure = sum(t in SECURE_TENURES for t in tenures) / count
    temporary = sum(t in TEMPORARY_TENURES for t in tenures) / count
    return {"secure": secure, "temporary": temporary, "other": 1 - secure - temporary}


def step_distribution(steps: Sequence[int | None], top: int = 7) -> list[int]:
    """How many collectives stand on each ladder step 1..top (unassessed left out)."""
    counts = [0] * top
    for step in steps:
        if step:
            counts[step - 1] += 1
    return counts


def aggregated_fan(
    reaches: Sequence[tuple[str, str, int]], theme_names: Sequence[str]
) -> pd.DataFrame:
    """Per theme, the furthest and the typical reach over the given (collective,
    theme, reach) rows, and how many collectives have a value for it. The typical
    reach is the lower median: a ring some collective reaches, never a value
    between two that none of them has. Themes without any value are left out."""
    frame = pd.DataFrame.from_records(
        list(reaches), columns=["collective", "theme", "reach"]
    )
    if frame.empty:
        return pd.DataFrame(columns=["theme", "furthest", "typical", "collectives"])
    grouped = frame.groupby("theme")["reach"]
    summary = pd.DataFrame(
        {
            "furthest": grouped.max(),
            "typical": grouped.agg(lambda s: int(sorted(s)[(len(s) - 1) // 2])),
            "collectives": grouped.count(),
        }
    )
    order = [name for name in theme_names if name in summary.index]
    return summary.loc[order].reset_index(names="theme")
