#!/usr/bin/env python3
"""The field app's first load on a phone network: headless Chromium (Debian's chromium and
chromium-driver) with DevTools network emulation of Chrome's "Slow 3G" preset (400 ms RTT,
400 kbit/s down and up), to the moment the task list is shown (the page's own performance mark
`field:tasks`, from navigation start), cold (nothing cached, no service worker) and warm (the
second visit: the app shell from the service worker's cache, the last data kept).

The reference, measured in the same run: the wire time of the bytes the cold load fetched at
the emulated speed, plus one round trip per request on the critical path (page, then its scripts
and style in parallel, then the data) — the least a cold load can take on this link. The check:
the list shows the cell's open cases, the same ids the API gives here.

    python3 scripts/bench_field.py --base http://127.0.0.1:PORT [--runs 3]

Prints the times beside the targets (warm < 3 s, cold < 8 s); exits 1 if one is missed.
"""
import argparse
import json
import os
import statistics
import sys
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

TOKEN = "sample-officer-token-0001"
OPEN = "reported,registered,dispatched,handled,verified"
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}
TARGET_WARM, TARGET_COLD = 3.0, 8.0


def get(base, path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                     "--disable-extensions"]:
        options.add_argument(argument)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 360, "height": 640, "pixelRatio": 2.0, "touch": True}})
    d = webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    d.set_page_load_timeout(120)
    d.set_script_timeout(120)
    return d


def shown_at(d, expected):
    """Seconds from navigation start to the task list, after checking what it shows."""
    WebDriverWait(d, 60).until(lambda x: x.execute_script("return performance.getEntriesByName('field:tasks').length") > 0)
    WebDriverWait(d, 60).until(lambda x: x.execute_script("return document.getElementById('task-list').dataset.count") == str(len(expected)))
    shown = d.execute_script("return [...document.querySelectorAll('#task-list li[data-case]')].map(li => li.dataset.case)")
    assert sorted(shown) == sorted(expected), f"the list shows {shown}, the API {expected}"
    return d.execute_script("return performance.getEntriesByName('field:tasks')[0].startTime") / 1000


def one_run(base, place, expected):
    d = driver()
    try:
        # A page of the origin to put the signed-in officer and his last place in localStorage, as
        # a phone that signed in yesterday has them; nothing of /field/ is fetched yet.
        d.get(base + "/healthz")
        d.execute_script("localStorage.setItem('field.token', arguments[0]); localStorage.setItem('field.place', arguments[1]);",
                         TOKEN, json.dumps(place))
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        d.execute_cdp_cmd("Network.emulateNetworkConditions", SLOW_3G)
        d.get(base + "/field/")
        cold = shown_at(d, expected)
        entries = d.execute_script("""return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
            .filter(e => e.responseEnd <= performance.getEntriesByName('field:tasks')[0].startTime)
            .map(e => ({name: e.name, bytes: e.transferSize || e.encodedBodySize || 0}))""")
        wire = sum(e["bytes"] for e in entries) / SLOW_3G["downloadThroughput"] + 3 * SLOW_3G["latency"] / 1000
        # The service worker installed and its caches filled (at the same slow speed).
        d.set_script_timeout(300)
        d.execute_async_script("""const done = arguments[arguments.length - 1];
            navigator.serviceWorker.ready.then(async () => {
              for (let i = 0; i < 600 && !navigator.serviceWorker.controller; i++) await new Promise(r => setTimeout(r, 100));
              done(true); });""")
        d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        d.get(base + "/field/")
        warm = shown_at(d, expected)
        source = d.execute_script("return navigator.serviceWorker.controller ? 'service worker' : 'network'")
        return cold, warm, wire, len(entries), source
    finally:
        d.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    # The officer stands where the first open case lying in a cell is.
    page = get(base, f"/api/v1/cases?status={OPEN}&limit=50")
    for f in page["features"]:
        lon, lat = f["geometry"]["coordinates"]
        where = get(base, f"/api/v1/locate?lon={lon}&lat={lat}")
        if where.get("cell"):
            place = {"lon": lon, "lat": lat, "crs": "wgs84", "cell": where["cell"]["code"]}
            break
    else:
        print("no open case lies in a cell")
        return 1
    expected = [f["id"] for f in get(base, f"/api/v1/cases?status={OPEN}&grid={urllib.parse.quote(place['cell'])}&limit=100")["features"]]
    runs = [one_run(base, place, expected) for _ in range(args.runs)]
    cold = statistics.median(r[0] for r in runs)
    warm = statistics.median(r[1] for r in runs)
    wire = statistics.median(r[2] for r in runs)
    print(f"field app first load, Slow 3G (400 ms RTT, 400 kbit/s), {len(expected)} tasks, median of {args.runs} runs")
    print(f"  cold (no cache, no service worker): {cold:5.2f} s   target < {TARGET_COLD:.0f} s   "
          f"{'ok' if cold < TARGET_COLD else 'MISSED'}   ({runs[0][3]} requests; wire floor {wire:.2f} s, ratio {cold / wire:.2f})")
    print(f"  warm (from the {runs[0][4]}):     {warm:5.2f} s   target < {TARGET_WARM:.0f} s   "
          f"{'ok' if warm < TARGET_WARM else 'MISSED'}   (cold / warm {cold / warm:.1f})")
    print("  runs (cold, warm): " + ", ".join(f"({r[0]:.2f}, {r[1]:.2f})" for r in runs))
    return 0 if cold < TARGET_COLD and warm < TARGET_WARM else 1


if __name__ == "__main__":
    sys.exit(main())
