import io
import json

import pandas as pd
import pytest

from core.exports import geojson_response, neutralise, table_response

# The citation names the data version, which is read from the database.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 10 123", "'+31 10 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Keilepand", "Keilepand"),
        (-5, -5),
        (None, None),
    ],
)
def test_formula_like_text_is_neutralised(value, shown):
    assert neutralise(value) == shown


def _frame():
    return pd.DataFrame(
        {"naam": ["Keilepand", "=cmd|' /C calc'!A0"], "ondernemers": [19, -1]}
    )


def test_csv_states_source_and_licence_and_escapes_formulas():
    response = table_response(_frame(), fmt="csv", filename="collectieven")
    assert response["Content-Disposition"] == 'attachment; filename="collectieven.csv"'
    assert 'rel="license"' in response["Link"]
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("# ") and "Collectievenatlas" in lines[0]
    assert "CC BY 4.0" in lines[1]
    frame = pd.read_csv(io.StringIO(text), comment="#")
    assert list(frame["naam"]) == ["Keilepand", "'=cmd|' /C calc'!A0"]
    assert list(frame["ondernemers"]) == [19, -1]


def test_xlsx_has_the_data_and_a_licence_sheet():
    response = table_response(_frame(), fmt="xlsx", filename="collectieven")
    assert response["Content-Type"].startswith("application/vnd.openxml")
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    data, about = sheets.values()
    assert list(data["naam"]) == ["Keilepand", "'=cmd|' /C calc'!A0"]
    assert "CC BY 4.0" in " ".join(about.iloc[:, 0])


def test_geojson_download_carries_licence_and_attribution():
    body = '{"type":"FeatureCollection","features":[]}'
    response = geojson_response(body, filename="kaart")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert data["license"] == "CC BY 4.0"
    assert "Collectievenatlas" in data["attribution"]
