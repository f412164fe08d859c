"""Downloads of tables (CSV, XLSX) and map selections (GeoJSON), each stating the
licence and how to cite the data. Text cells that a spreadsheet would read as a
formula are neutralised (CSV/formula injection, OWASP).

The citation (core.licence) gives the address of the download itself, built from
`request` on the public site address, and ends with `sources`: sentences naming
the publications the data comes from, which the calling app supplies."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence

import pandas as pd
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .licence import add_licence_link, citation, request_url

# What makes a spreadsheet read a text cell as a formula ("{" starts an array
# formula in some), or a tab/return that shifts what follows.
FORMULA_PREFIXES = ("=", "+", "-", "@", "{", "\t", "\r")
# The separators spreadsheets split a CSV line on (Dutch Excel uses ";").
CSV_SEPARATORS = re.compile(r"([,;\t])")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> object:
    """A text cell starting like a formula gets a leading apostrophe, so that a
    spreadsheet shows it as text; numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_note(line: str) -> str:
    """A `#` line of a CSV as text that no spreadsheet runs: it may be split into
    cells on a separator (a citation holds the request's address, query string
    and all), so every piece that would start like a formula is neutralised."""
    # One line, whatever line breaks (\r, \n, NEL, U+2028, …) the text holds.
    pieces = CSV_SEPARATORS.split(" ".join(line.splitlines()))
    safe = []
    for piece in pieces:
        stripped = piece.lstrip(" ")
        if not CSV_SEPARATORS.fullmatch(piece) and stripped.startswith(
            FORMULA_PREFIXES
        ):
            piece = piece[: len(piece) - len(stripped)] + "'" + stripped
        safe.append(piece)
    return "".join(safe)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and column name) neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def licence_lines(url: str = "", sources: Sequence[str] = ()) -> list[str]:
    """How to cite the data (core.licence.citation, with `sources`) and under
    which licence, in the active language: the two lines that head every
    download."""
    return [
        citation(url, sources=sources),
        _("Licence: %(licence)s (%(licence_url)s). Cite as above.")
        % {"licence": settings.DATA_LICENCE, "licence_url": settings.DATA_LICENCE_URL},
    ]


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return add_licence_link(response)


def table_response(
    frame: pd.DataFrame,
    *,
    fmt: str,
    filename: str,
    request: HttpRequest | None = None,
    sources: Sequence[str] = (),
) -> HttpResponse:
    """A table as a CSV or XLSX download. CSV starts with exactly two `#` lines
    (citation and licence; read it with `pandas.read_csv(..., comment="#")` or
    `skiprows=2`); XLSX has them on a second sheet. `filename` is without
    extension."""
    safe = safe_frame(frame)
    notes = licence_lines(request_url(request), sources)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        # xlsxwriter turns text like "=…" or "{=…}" into formulas and "file://…",
        # "mailto:…" or "external:…" into live links unless told not to.
        options = {"strings_to_formulas": False, "strings_to_urls": False}
        with pd.ExcelWriter(
            buffer, engine="xlsxwriter", engine_kwargs={"options": options}
        ) as writer:
            safe.to_excel(writer, sheet_name=_("Data")[:31], index=False)
            pd.DataFrame({_("About"): notes}).to_excel(
                writer, sheet_name=_("Source and licence")[:31], index=False
            )
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        return _attachment(response, f"{filename}.xlsx")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # A BOM lets spreadsheet programs read the UTF-8 (ë, €, –) correctly.
    response.write("\ufeff")
    # CRLF line ends (RFC 4180): a cell holding a bare carriage return is then
    # quoted too, so no reader starts a new row inside it.
    for line in notes:
        response.write(f"# {safe_note(line)}\r\n")
    safe.to_csv(response, index=False, lineterminator="\r\n")
    return _attachment(response, f"{filename}.csv")


def geojson_response(
    features_collection: str,
    *,
    filename: str,
    request: HttpRequest | None = None,
    sources: Sequence[str] = (),
) -> HttpResponse:
    """A FeatureCollection (as built in the database) as a download, with the
    licence and citation as foreign members of the collection."""
    lines = licence_lines(request_url(request), sources)
    meta = {
        "license": settings.DATA_LICENCE,
        "license_url": settings.DATA_LICENCE_URL,
        "citation": lines[0],
        "attribution": " ".join(lines),
    }
    body = features_collection.rstrip("}") + "," + json.dumps(meta)[1:]
    response = HttpResponse(body, content_type="application/geo+json")
    return _attachment(response, f"{filename}.geojson")


def rows_frame(rows: Iterable[tuple], columns: list[str]) -> pd.DataFrame:
    """Rows and column names as a frame with pandas' nullable types."""
    return pd.DataFrame.from_records(list(rows), columns=columns).convert_dtypes()
