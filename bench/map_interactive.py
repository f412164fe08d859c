"""How soon the collectives map is usable in Chromium: `bench/map_interactive.py
--url http://127.0.0.1:8000/ [--target-ms 1500] [--loads 3]`.

Opens the map page of a running server (production settings, e.g. one started by
bench/run) in the system Chromium, headless, with a fresh browser context per
load (an empty HTTP cache: a cold load; the server's caches are warmed first),
and per load measures from navigation start:

- the collectives GeoJSON received (Resource Timing `responseEnd`);
- all markers loaded: every marker in the cluster group, clusters drawn
  (static/js/map.js marks `collectives-map:ready` with the User Timing API when
  it sets data-state="ready" on the map and writes the status line);
- the longest main-thread task and the total blocking time (long tasks beyond
  50 ms) up to the probe click;
- the probe click: once the markers are loaded the script clicks, with the
  mouse, the cluster nearest the middle of the map (or, with no clusters, a
  marker) and waits until the map zooms in (or the popup opens); input delay
  (`first-input`) and click-to-response time;
- INTERACTIVE, the issue's figure ("interactive within 1.5 s"): the later of
  "all markers loaded" and the end of the last long task, plus the probe's
  click-to-response time. (The probe itself goes out a little later, after this
  script's round trips to the browser; that delay is not the page's.)

Prints the medians and exits 1 when the median INTERACTIVE misses --target-ms,
2 when the page fails (no map, an error, a request to another origin). The
number of features is read from the map's status line.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# As in tests/browser/conftest.py.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAP = "#collectives-map"
READY_MARK = "collectives-map:ready"
TIMEOUT_MS = 180_000

# Injected by this script before the page's own scripts (nothing of it is in
# the site): long tasks, the first input, and when the map answered the probe.
PROBE = """
(() => {
  const probe = { longTasks: [], firstInput: null, target: null, kind: null, answeredAt: null };
  Object.defineProperty(window, "__mapProbe", { value: probe });
  const observe = (type, callback) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(callback))
        .observe({ type: type, buffered: true });
    } catch (error) { /* entry type not supported */ }
  };
  observe("longtask", (e) => probe.longTasks.push([e.startTime, e.duration]));
  observe("first-input", (e) => {
    probe.firstInput = { start: e.startTime, processingStart: e.processingStart };
  });
  const check = () => {
    if (!probe.target || probe.answeredAt !== null) return;
    const answered = probe.kind === "cluster"
      // Zooming in: Leaflet animates (.leaflet-zoom-anim), or for a big step
      // redraws at once and the clicked cluster is replaced.
      ? !probe.target.isConnected || document.querySelector(".leaflet-zoom-anim")
      : document.querySelector(".leaflet-popup");
    if (answered) probe.answeredAt = performance.now();
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class"],
  });
})();
"""

# Picks what to click: the cluster nearest the middle of the map in view, else a marker (its keyboard handle marks where the dot is drawn).
PICK = """
(map) => {
  // The part of the map inside the window (at 1280×900 its bottom is below the fold).
  const box = document.querySelector(map).getBoundingClientRect();
  const frame = { left: Math.max(box.left, 0), top: Math.max(box.top, 0),
    right: Math.min(box.right, window.innerWidth), bottom: Math.min(box.bottom, window.innerHeight) };
  const mx = (frame.left + frame.right) / 2, my = (frame.top + frame.bottom) / 2;
  for (const [kind, sel] of [["cluster", ".marker-cluster"], ["marker", ".collective-marker-handle"]]) {
    const found = [...document.querySelectorAll(map + " " + sel)]
      .map((el) => [el, el.getBoundingClientRect()])
      .map(([el, b]) => [el, b.x + b.width / 2, b.y + b.height / 2])
      .filter(([el, x, y]) => x > frame.left + 10 && x < frame.right - 10
        && y > frame.top + 10 && y < frame.bottom - 10)
      .sort((a, b) => Math.hypot(a[1] - mx, a[2] - my) - Math.hypot(b[1] - mx, b[2] - my));
    if (found.length) {
      window.__mapProbe.target = found[0][0];
      window.__mapProbe.kind = kind;
      return { kind: kind, x: found[0][1], y: found[0][2] };
    }
  }
  return null;
}
"""

COLLECT = """
(mark) => {
  const probe = window.__mapProbe;
  const ready = performance.getEntriesByName(mark)[0];
  // map.js marks this when the collectives' GeoJSON is parsed.
  const dataMark = performance.getEntriesByName("collectives-map:data")[0];
  const geojson = performance.getEntriesByType("resource")
    .find((e) => e.name.includes("collectives.geojson"));
  // Up to the probe click: the work it causes is its answer, timed apart.
  const until = probe.firstInput ? probe.firstInput.start : performance.now();
  const tasks = probe.longTasks.filter(([start]) => start < until);
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    html: nav ? nav.responseEnd : null,
    loadEvent: nav ? nav.loadEventStart : null,
    requested: geojson ? geojson.fetchStart : null,
    firstByte: geojson ? geojson.responseStart : null,
    lastTaskEnd: Math.max(0, ...tasks.map(([s, d]) => s + d)),
    ready: ready ? ready.startTime : null,
    dataMark: dataMark ? dataMark.startTime : null,
    data: geojson ? geojson.responseEnd : null,
    bytes: geojson ? geojson.encodedBodySize : null,
    decoded: geojson ? geojson.decodedBodySize : null,
    answered: probe.answeredAt,
    input: probe.firstInput,
    longest: Math.max(0, ...tasks.map(([, d]) => d)),
    blocking: tasks.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
    status: document.getElementById("map-status").textContent,
  };
}
"""


class PageFailed(Exception):
    pass


def one_load(browser, url: str) -> dict:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    context = browser.new_context(
        locale="nl-NL",
        viewport={"width": 1280, "height": 900},
        service_workers="block",
    )
    problems: list[str] = []
    context.route(
        lambda u: not u.startswith((origin, "data:", "blob:")),
        lambda route: (
            problems.append(f"request to {route.request.url}"),
            route.abort(),
        ),
    )
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on(
            "console",
            lambda msg: msg.type == "error" and problems.append(f"console: {msg.text}"),
        )
        page.add_init_script(PROBE)
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_selector(
            f'{MAP}[data-state="ready"], {MAP}[data-state="error"]', timeout=TIMEOUT_MS
        )
        if page.get_attribute(MAP, "data-state") != "ready":
            raise PageFailed("the map reports an error: " + "; ".join(problems))
        # As a reader would, bring the whole map into the window first.
        page.locator(MAP).scroll_into_view_if_needed()
        target = page.evaluate(PICK, MAP)
        if target is None:
            raise PageFailed("nothing to click on the map (no cluster, no marker)")
        page.mouse.click(target["x"], target["y"])
        page.wait_for_function(
            # The observer reports the first input a moment later than it happens.
            "() => window.__mapProbe.answeredAt !== null"
            " && window.__mapProbe.firstInput !== null",
            timeout=TIMEOUT_MS,
            polling=50,
        )
        figures = page.evaluate(COLLECT, READY_MARK)
        figures["kind"] = target["kind"]
        if problems:
            raise PageFailed("; ".join(problems))
        return figures
    finally:
        context.close()


def warm_up(url: str) -> None:
    """Requests for the page and its data, several at a time, so every measured
    load finds the server's caches filled (as all but the first visitor after a
    change do; each gunicorn worker has its own locmem cache); the browser's
    cache stays cold."""

    def get(path: str) -> None:
        with urllib.request.urlopen(urljoin(url, path), timeout=300) as response:
            response.read()

    paths = ["", "api/v1/collectives.geojson", "api/v1/areas.geojson"]
    get(paths[1])  # the first build, alone
    # Then enough at once to keep every sync worker busy (gunicorn.conf.py:
    # 2 × cores + 1), so each fills its own cache.
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1) + 1) as pool:
        list(pool.map(get, paths * 2 * (2 * (os.cpu_count() or 1) + 1)))


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f} {unit}".replace(",", " ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", required=True, help="the site, e.g. http://127.0.0.1:8000/"
    )
    parser.add_argument("--target-ms", type=float, default=1500)
    parser.add_argument("--loads", type=int, default=3, help="cold loads (median)")
    parser.add_argument(
        "--no-warmup", action="store_true", help="skip the warm-up request"
    )
    args = parser.parse_args()
    url = args.url if args.url.endswith("/") else args.url + "/"

    if not args.no_warmup:
        warm_up(url)
    runs = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for _ in range(args.loads):
                try:
                    runs.append(one_load(browser, url))
                except Exception as error:  # noqa: BLE001 - reported, exit 2
                    print(f"map_interactive: FAILED: {error}", file=sys.stderr)  # noqa: T201
                    return 2
            version = browser.version
        finally:
            browser.close()

    counts = {int(re.sub(r"\D", "", r["status"]) or 0) for r in runs}
    for r in runs:
        r["building"] = r["ready"] - r["dataMark"] if r["dataMark"] else None
        # The probe click goes out a little after the markers are in (this
        # script's round trips, not the page): the map counts as interactive from
        # the later of "all markers loaded" and the end of the last long task,
        # plus the time the page took to answer the click.
        r["response"] = r["answered"] - r["input"]["start"] if r["input"] else None
        r["delay"] = (
            r["input"]["processingStart"] - r["input"]["start"] if r["input"] else None
        )
        r["interactive"] = (
            max(r["ready"], r["lastTaskEnd"]) + r["response"]
            if r["response"] is not None and r["ready"] is not None
            else None
        )

    def col(key):
        return median([r[key] for r in runs])

    interactive = col("interactive")
    passed = interactive is not None and interactive <= args.target_ms

    def kib(key):
        value = col(key)
        return None if value is None else value / 1024

    lines = [
        f"map_interactive: {url} in Chromium {version} (headless, 1280×900), "
        f"median of {len(runs)} cold loads, from navigation start",
        f"features on the map:        {', '.join(map(str, sorted(counts)))}",
        f"GeoJSON size:               {fmt(kib('bytes'), 'KiB')} transferred, "
        f"{fmt(kib('decoded'), 'KiB')} decoded",
        f"page HTML received:         {fmt(col('html'))}",
        f"GeoJSON requested:          {fmt(col('requested'))}",
        f"GeoJSON first byte:         {fmt(col('firstByte'))}",
        f"GeoJSON received:           {fmt(col('data'))}",
        f"load event:                 {fmt(col('loadEvent'))}",
        f"all markers loaded:         {fmt(col('ready'))}",
        f"  from the data parsed:     {fmt(col('building'))}",
        f"longest main-thread task:   {fmt(col('longest'))}",
        f"total blocking time:        {fmt(col('blocking'))}",
        f"last long task ended:       {fmt(col('lastTaskEnd'))}",
        f"probe click ({runs[0]['kind']}): input delay {fmt(col('delay'))}, "
        f"answered in {fmt(col('response'))}",
        f"INTERACTIVE:                {fmt(interactive)}   (target "
        f"{fmt(args.target_ms)}: {'PASS' if passed else 'FAIL'})",
        "per load (markers / interactive): "
        + ", ".join(f"{fmt(r['ready'])} / {fmt(r['interactive'])}" for r in runs),
    ]
    print("\n".join(lines))  # noqa: T201 - the figures are this tool's output
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
