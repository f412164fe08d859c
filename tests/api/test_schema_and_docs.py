"""The OpenAPI schema and its documentation pages, all served from this site."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def schema(client) -> dict:
    response = client.get(
        reverse("api-v1:schema"), headers={"accept": "application/vnd.oai.openapi+json"}
    )
    assert response.status_code == 200
    return response.json()


def test_schema_states_the_licence_and_how_to_cite(api):
    info = schema(api)["info"]
    assert info["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "How to cite" in info["description"]


def test_schema_is_yaml_by_default(api):
    response = api.get(reverse("api-v1:schema"))
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_schema_lists_every_endpoint_and_the_filters(api):
    paths = schema(api)["paths"]
    assert set(paths) == {
        "/api/v1/collectives/",
        "/api/v1/collectives/{slug}/",
        "/api/v1/collectives/geojson/",
        "/api/v1/areas/",
        "/api/v1/areas/{slug}/",
        "/api/v1/areas/geojson/",
        "/api/v1/value-themes/",
        "/api/v1/value-themes/{slug}/",
        "/api/v1/ladder-steps/",
        "/api/v1/ladder-steps/{number}/",
        "/api/v1/assessments/",
        "/api/v1/assessments/{id}/",
        "/api/v1/ladder-positions/",
    }
    parameters = {p["name"] for p in paths["/api/v1/collectives/"]["get"]["parameters"]}
    assert parameters >= {
        "q",
        "city",
        "area",
        "kind",
        "governance",
        "tenure",
        "step",
        "bbox",
        "ordering",
        "page",
        "page_size",
    }


def test_schema_generates_without_warnings_and_validates(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
    )


OFF_SITE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_docs_pages_load_nothing_from_another_origin(api):
    response = api.get(reverse("api-v1:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert not OFF_SITE.search(html), OFF_SITE.search(html)
    assert "fonts.googleapis" not in html
    assets = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset


def _fetch(client, url: str):
    """GET a static file and read it to the end (whitenoise streams it)."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_docs_assets_are_served_locally(api):
    html = api.get(reverse("api-v1:docs")).content.decode()
    assets = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
    static = [a for a in assets if a.startswith("/static/")]
    assert len(static) >= 3  # css, bundle, preset (and the favicon)
    script = next(a for a in assets if "script" in a)
    init = api.get(script)
    assert init.status_code == 200
    assert "/api/v1/schema/" in init.content.decode()
    assert '"validatorUrl": null' in init.content.decode()
    for asset in static:
        assert _fetch(api, asset).status_code == 200, asset


def test_the_old_redoc_address_leads_to_the_docs(api):
    # ReDoc always fetched its logo from cdn.redoc.ly: dropped for Swagger UI.
    response = api.get("/api/v1/redoc/")
    assert response.status_code == 301
    assert response["Location"] == reverse("api-v1:docs")


def test_browsable_api_renders_html(api):
    from tests.factories import CollectiveFactory

    CollectiveFactory(name="Keilepand")
    for url in ["/api/v1/", "/api/v1/collectives/", "/api/v1/collectives/geojson/"]:
        response = api.get(url, headers={"accept": "text/html"})
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html")
    assert "Keilepand" in response.content.decode()
    root = api.get("/api/v1/").json()
    assert root["collectives"] == "http://testserver/api/v1/collectives/"


def test_the_schema_allows_the_empty_bbox_the_server_accepts(client):
    import re

    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    (bbox,) = [
        p
        for p in schema["paths"]["/api/v1/collectives/"]["get"]["parameters"]
        if p["name"] == "bbox"
    ]
    assert re.fullmatch(bbox["schema"]["pattern"], "")
    assert client.get("/api/v1/collectives/", {"bbox": ""}).status_code == 200
    website = schema["components"]["schemas"]["Collective"]["properties"]["website"]
    assert website.get("nullable") is True  # null, never "", when there is none
