"""Downloads of tables (CSV, XLSX) and map selections (GeoJSON), each stating the
licence and how to cite the data. Text cells that a spreadsheet would read as a
formula are neutralised (CSV/formula injection, OWASP)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

import pandas as pd
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .licence import add_licence_link, citation

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> object:
    """A text cell starting like a formula gets a leading apostrophe, so that a
    spreadsheet shows it as text; numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and column name) neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def licence_lines(url: str = "") -> list[str]:
    """How to cite the data (core.licence.citation) and under which licence, in
    the active language: the two lines that head every download."""
    return [
        citation(url),
        _("Licence: %(licence)s (%(licence_url)s). Cite as above.")
        % {"licence": settings.DATA_LICENCE, "licence_url": settings.DATA_LICENCE_URL},
    ]


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return add_licence_link(response)


def table_response(
    frame: pd.DataFrame, *, fmt: str, filename: str, source_url: str = ""
) -> HttpResponse:
    """A table as a CSV or XLSX download. CSV starts with two `#` lines (source and
    licence; read it with `pandas.read_csv(..., comment="#")`); XLSX has them on
    a second sheet. `filename` is without extension."""
    safe = safe_frame(frame)
    notes = licence_lines(source_url)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
            safe.to_excel(writer, sheet_name=_("Data")[:31], index=False)
            pd.DataFrame({_("About"): notes}).to_excel(
                writer, sheet_name=_("Source and licence")[:31], index=False
            )
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        return _attachment(response, f"{filename}.xlsx")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # A BOM lets spreadsheet programs read the UTF-8 (ë, €, –) correctly.
    response.write("\ufeff")
    for line in notes:
        response.write(f"# {line}\n")
    safe.to_csv(response, index=False)
    return _attachment(response, f"{filename}.csv")


def geojson_response(
    features_collection: str, *, filename: str, source_url: str = ""
) -> HttpResponse:
    """A FeatureCollection (as built in the database) as a download, with the
    licence and citation as foreign members of the collection."""
    meta = {
        "license": settings.DATA_LICENCE,
        "license_url": settings.DATA_LICENCE_URL,
        "attribution": " ".join(licence_lines(source_url)),
    }
    body = features_collection.rstrip("}") + "," + json.dumps(meta)[1:]
    response = HttpResponse(body, content_type="application/geo+json")
    return _attachment(response, f"{filename}.geojson")


def rows_frame(rows: Iterable[tuple], columns: list[str]) -> pd.DataFrame:
    """Rows and column names as a frame with pandas' nullable types."""
    return pd.DataFrame.from_records(list(rows), columns=columns).convert_dtypes()
