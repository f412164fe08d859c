"""In-process measurements for one benchmark database (run by bench/run, with the
production settings and DATABASE_URL of that database in the environment).

`measure.py <static_root> <count>` prints one JSON object:
- `urls`: the URL of each benchmarked endpoint (collectives, areas picked
  deterministically from the data);
- `queries`/`body_bytes`: queries and response body size per endpoint, from the
  Django test client with CaptureQueriesContext (the app holds no counting code);
- `geojson_build`: the app's database-built GeoJSON against Django's Python
  GeoJSON serializer over the same collectives (median wall time);
- writes the collectives GeoJSON, byte for byte as the app serves it, to
  `<static_root>/bench/collectives.geojson` for the static-file comparison.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core import serializers  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from collectives.geojson import collectives_geojson  # noqa: E402
from collectives.models import Area, Collective  # noqa: E402

GEOJSON_URL = "/api/v1/collectives.geojson"


def pick_urls() -> dict[str, str]:
    """One URL per endpoint. The profile and the compared collectives are generated
    ones spread over the table (by primary key), the area is the one with the most
    published collectives (the heaviest area page)."""
    published = Collective.objects.published().order_by("pk")
    n = published.count()
    slugs = list(published.values_list("slug", flat=True)[n // 2 : n // 2 + 1])
    step = max(1, n // 6)
    compared = [published.values_list("slug", flat=True)[i * step] for i in range(6)]
    area = (
        Area.objects.annotate(
            n=Count("collectives", filter=Q(collectives__status="published"))
        )
        .order_by("-n", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    return {
        "/": "/",
        "profile": f"/collectieven/{slugs[0]}/",
        "/collectieven/": "/collectieven/",
        "compare 6": "/vergelijk/?" + "&".join(f"c={s}" for s in compared),
        "area page": f"/gebieden/{area}/",
        "/gebieden/": "/gebieden/",
        "geojson": GEOJSON_URL,
        "api list": "/api/v1/collectives/",
    }


def count_queries(client: Client, url: str) -> tuple[int, int, int]:
    """(status, queries, body bytes) of one request."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    return response.status_code, len(context.captured_queries), len(body)


def timed(function, repeat: int) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    static_root = Path(sys.argv[1])
    count = int(sys.argv[2])
    client = Client()
    urls = pick_urls()
    result: dict = {"urls": urls, "queries": {}, "body_bytes": {}, "status": {}}
    for name, url in urls.items():
        client.get(url)  # first request: imports, translations, caches
        cache.clear()  # so the GeoJSON is built again: the uncached count
        status, queries, size = count_queries(client, url)
        result["status"][name] = status
        result["queries"][name] = queries
        result["body_bytes"][name] = size
        if name == "geojson":
            result["queries"]["geojson (uncached)"] = queries
            result["body_bytes"]["geojson (uncached)"] = size
            _status, result["queries"]["geojson"], _size = count_queries(client, url)

    body = client.get(GEOJSON_URL).content
    target = static_root / "bench" / "collectives.geojson"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    result["static_file"] = {
        "url": "/static/bench/collectives.geojson",
        "bytes": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }

    # The same collectives both ways: what the map endpoint builds in the
    # database, and Django's serializer (a Python geometry object per row).
    queryset = Collective.objects.published().for_list()
    fields = (
        "slug",
        "name",
        "city",
        "area",
        "kind",
        "entrepreneur_count",
        "location_precision",
    )
    repeat = 5 if count <= 1000 else 3 if count <= 10000 else 1
    database_ms = timed(lambda: collectives_geojson(queryset.all()), repeat)
    serializer_ms = timed(
        lambda: serializers.serialize(
            "geojson", queryset.all(), geometry_field="location", fields=fields
        ),
        repeat,
    )
    result["geojson_build"] = {
        "collectives": queryset.count(),
        "database_ms": round(database_ms, 1),
        "serializer_ms": round(serializer_ms, 1),
        "ratio": round(serializer_ms / database_ms, 1),
        "repeat": repeat,
    }
    print(json.dumps(result))  # noqa: T201 - read by bench/bench.py


if __name__ == "__main__":
    main()
