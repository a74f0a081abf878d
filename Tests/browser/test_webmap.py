#!/usr/bin/env python3
"""The web map in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven
by Selenium, against a running `citygrid serve` on the sample district.

What the page shows is checked against answers obtained without the page: the API's own JSON
fetched here with urllib, and cell membership decided here by ray casting on the cells' polygons.

    python3 Tests/browser/test_webmap.py --base http://127.0.0.1:PORT [--artifacts DIR] [--seed N]

Prints one line per check and ends with "N passed, N failed"; exits non-zero on any failure.
"""
import json
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from checks import run_checks, run_main

DISPATCHER_TOKEN = "sample-dispatcher-token-01"  # geodata/sample/accounts.json
REPORTER_TOKEN = "sample-reporter-key-00001"
OPEN_STATUSES = {"reported", "registered", "dispatched", "handled", "verified"}
STATUS_ZH = {"reported": "上报", "registered": "立案", "dispatched": "派遣"}  # CityModel's CaseStatus.labelZH


def api(base, path, method="GET", body=None, token=None):
    """(status, parsed JSON or None) of one request to the server under test."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, None


def rings(geometry):
    """The polygons of a GeoJSON Polygon or MultiPolygon, each as a list of rings."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def in_ring(x, y, ring):
    """Even-odd ray casting (W. Randolph Franklin's pnpoly)."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def in_polygon(x, y, geometry):
    for polygon in rings(geometry):
        if in_ring(x, y, polygon[0]) and not any(in_ring(x, y, hole) for hole in polygon[1:]):
            return True
    return False


def distance_to_edges(x, y, geometry):
    """Smallest distance (degrees, good enough to stay off the borders) from the point to a ring edge."""
    best = float("inf")
    for polygon in rings(geometry):
        for ring in polygon:
            for (ax, ay), (bx, by) in zip((p[:2] for p in ring), (p[:2] for p in ring[1:])):
                dx, dy = bx - ax, by - ay
                t = 0 if dx == dy == 0 else max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
                best = min(best, ((ax + t * dx - x) ** 2 + (ay + t * dy - y) ** 2) ** 0.5)
    return best


class WebMapTest:
    def __init__(self, base, artifacts, seed):
        self.base = base.rstrip("/")
        self.artifacts = artifacts
        self.random = random.Random(seed)
        self.passed = 0
        self.failed = 0
        os.makedirs(artifacts, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1400,900", "--lang=zh-CN", "--no-first-run", "--disable-extensions"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # Debian's driver, never a downloaded one.
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(60)
        self.wait = WebDriverWait(self.driver, 30)
        status, grids = api(self.base, "/api/v1/layers/grids?limit=10000")
        assert status == 200, f"grids layer: HTTP {status}"
        self.cells = grids["features"]

    # -- helpers -------------------------------------------------------------------------------
    def shot(self, name):
        path = os.path.join(self.artifacts, name + ".png")
        self.driver.save_screenshot(path)
        return path

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def settle(self, move_script, *args):
        """Moves the map without animation and waits until the layers for the new view are drawn."""
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];" + move_script +
            "; CG.refreshLayers().then(() => done(true), () => done(false));", *args)

    def text(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css).text.strip()

    def wait_text(self, css, predicate=lambda t: bool(t)):
        def found(driver):
            elements = driver.find_elements(By.CSS_SELECTOR, css)
            return elements and predicate(elements[0].text.strip()) and elements[0].text.strip()
        return self.wait.until(found)

    def click_lonlat(self, lon, lat):
        """Clicks the map where (lon, lat) is drawn, as a user's pointer would."""
        point = self.js("const p = CG.map.latLngToContainerPoint([arguments[1], arguments[0]]); return [p.x, p.y];", lon, lat)
        element = self.driver.find_element(By.ID, "map")
        size = element.size
        ActionChains(self.driver).move_to_element_with_offset(
            element, int(point[0] - size["width"] / 2), int(point[1] - size["height"] / 2)).click().perform()

    def top_layer_at(self, lon, lat):
        """The layer class of the element drawn on top at (lon, lat), or None when it is not a cell."""
        return self.js("""
            const p = CG.map.latLngToContainerPoint([arguments[1], arguments[0]]);
            const r = document.getElementById('map').getBoundingClientRect();
            const el = document.elementFromPoint(r.left + p.x, r.top + p.y);
            return el ? (el.getAttribute('class') || el.tagName) : null;""", lon, lat)

    def clickable_point_in(self, cell, tries=400):
        """A point inside the cell, away from its border, where the cell itself is on top (no marker,
        segment or structure drawn over it), so a click there is a click on the cell."""
        xs = [p[0] for polygon in rings(cell["geometry"]) for p in polygon[0]]
        ys = [p[1] for polygon in rings(cell["geometry"]) for p in polygon[0]]
        margin = (max(xs) - min(xs)) * 0.08
        for _ in range(tries):
            x = self.random.uniform(min(xs), max(xs))
            y = self.random.uniform(min(ys), max(ys))
            if not in_polygon(x, y, cell["geometry"]) or distance_to_edges(x, y, cell["geometry"]) < margin:
                continue
            if "cg-grids" in (self.top_layer_at(x, y) or ""):
                return x, y
        return None

    def show_cell(self, cell):
        xs = [p[0] for polygon in rings(cell["geometry"]) for p in polygon[0]]
        ys = [p[1] for polygon in rings(cell["geometry"]) for p in polygon[0]]
        self.settle("CG.map.fitBounds([[arguments[1], arguments[0]], [arguments[3], arguments[2]]], {maxZoom: 18, animate: false})",
                    min(xs), min(ys), max(xs), max(ys))

    def cell_containing(self, x, y):
        codes = [c["properties"]["code"] for c in self.cells if in_polygon(x, y, c["geometry"])]
        return codes

    # -- the checks ----------------------------------------------------------------------------
    def test_page_loads_from_this_server(self):
        self.driver.get(self.base + "/")
        self.wait.until(lambda d: self.js("return document.body.dataset.ready") == "true")
        assert self.js("return typeof L !== 'undefined' && L.version"), "Leaflet did not load"
        resources = self.js("return performance.getEntriesByType('resource').map(e => e.name)")
        foreign = [r for r in resources if not r.startswith(self.base)]
        assert not foreign, f"requests left the server: {foreign[:5]}"
        assert any("/vendor/leaflet/leaflet.js" in r for r in resources), "leaflet.js not served from /vendor/leaflet"
        drawn = self.js("""const c = {}; for (const n of CG.layerOrder) c[n] = CG.map.hasLayer(CG.layers[n].group)
            ? CG.layers[n].group.getLayers().length : 0; return c;""")
        assert drawn["grids"] > 0, f"no grid cells drawn: {drawn}"
        visible = self.js("const b = CG.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];")
        expected = sum(1 for c in self.cells if any(
            visible[0] <= p[0] <= visible[2] and visible[1] <= p[1] <= visible[3]
            for polygon in rings(c["geometry"]) for p in polygon[0]))
        assert drawn["grids"] >= expected, f"{drawn['grids']} cells drawn, {expected} have a vertex in view"
        self.shot("01-loaded")

    def pick_busy_cell(self):
        """The cell with the most open cases, counted here from the cases layer's attribution."""
        status, cases = api(self.base, "/api/v1/layers/cases?limit=10000")
        assert status == 200
        counts = {}
        for f in cases["features"]:
            p = f["properties"]
            code = (p.get("attribution") or {}).get("gridCode")
            if p.get("status") in OPEN_STATUSES and code:
                counts[code] = counts.get(code, 0) + 1
        code = max(sorted(counts), key=lambda c: counts[c])
        return next(c for c in self.cells if c["properties"]["code"] == code), counts[code]

    def test_click_cell_shows_its_figures(self):
        cell, open_here = self.pick_busy_cell()
        code = cell["properties"]["code"]
        self.show_cell(cell)
        point = self.clickable_point_in(cell)
        assert point, f"no clickable point inside {code}"
        self.click_lonlat(*point)
        shown_code = self.wait_text("#cell-code")
        assert shown_code == code, f"clicked inside {code}, panel shows cell {shown_code}"
        status, report = api(self.base, "/api/v1/grids/" + urllib.parse.quote(code))
        assert status == 200, f"/api/v1/grids/{code}: HTTP {status}"
        figures = report["figures"]
        assert figures["openCases"] == open_here, f"API openCases {figures['openCases']} vs {open_here} counted from the cases layer"
        cells = self.driver.find_elements(By.CSS_SELECTOR, "#cell-report [data-figure]")
        shown = {c.get_attribute("data-figure"): c.text.strip() for c in cells}
        assert len(shown) >= 9, f"figures shown: {shown}"
        for key, text in shown.items():
            expected = figures.get(key)
            assert expected is not None, f"figure {key} shown but not in the API's answer"
            assert abs(float(text) - float(expected)) <= 0.01, f"{key}: page shows {text}, API says {expected}"
        for layer in ["storefronts", "structures", "cases"]:
            heading = self.driver.find_element(By.XPATH, f"//ul[@data-list='{layer}']/preceding-sibling::h3[1]"
                                               if report[layer]["features"] else
                                               f"//section[@id='cell-report']//h3[contains(., '({report[layer]['numberMatched']})')]")
            assert f"({report[layer]['numberMatched']})" in heading.text, f"{layer}: {heading.text} vs {report[layer]['numberMatched']}"
            listed = len(self.driver.find_elements(By.CSS_SELECTOR, f"ul[data-list='{layer}'] li"))
            assert listed == len(report[layer]["features"]), f"{layer}: {listed} listed, API page has {len(report[layer]['features'])}"
        self.shot("02-cell-figures")

    def test_locate_click_shows_the_cell(self):
        seed_cells = list(self.cells)
        self.random.shuffle(seed_cells)
        for cell in seed_cells[:15]:
            self.show_cell(cell)
            point = self.clickable_point_in(cell, tries=150)
            if not point:
                continue
            expected = self.cell_containing(*point)
            assert expected == [cell["properties"]["code"]], f"ray casting puts {point} in {expected}"
            self.click_lonlat(*point)
            shown = self.wait_text("#located-cell", lambda t: t == expected[0])
            assert shown == expected[0]
            verdict = self.text("#located-verdict")
            status, where = api(self.base, "/api/v1/locate?" + urllib.parse.urlencode({"lon": point[0], "lat": point[1]}))
            assert verdict == where["redLineVerdictZH"], f"verdict shown {verdict}, API {where['redLineVerdictZH']}"
            self.shot("03-locate")
            return
        raise AssertionError("no cell with a clickable point among 15 tried")

    def clickable_point_on(self, layer, coordinates):
        """A point along the given lon/lat vertices where the layer's own drawing is on top."""
        for (ax, ay), (bx, by) in zip(coordinates, coordinates[1:] or coordinates):
            for t in (0.5, 0.3, 0.7, 0.1, 0.9, 0.0):
                x, y = ax + t * (bx - ax), ay + t * (by - ay)
                if "cg-" + layer in (self.top_layer_at(x, y) or ""):
                    return x, y
        return None

    def test_click_segment_shows_its_chief(self):
        status, segments = api(self.base, "/api/v1/layers/segments?limit=10000")
        candidates = segments["features"]
        self.random.shuffle(candidates)
        for segment in candidates[:20]:
            line = segment["geometry"]["coordinates"]
            line = line[0] if segment["geometry"]["type"] == "MultiLineString" else line
            xs, ys = [p[0] for p in line], [p[1] for p in line]
            self.settle("CG.map.fitBounds([[arguments[1], arguments[0]], [arguments[3], arguments[2]]], {maxZoom: 18, animate: false})",
                        min(xs), min(ys), max(xs), max(ys))
            point = self.clickable_point_on("segments", [p[:2] for p in line])
            if not point:
                continue
            self.click_lonlat(*point)
            shown_id = self.wait_text("#segment-id")
            status, report = api(self.base, "/api/v1/segments/" + urllib.parse.quote(shown_id))
            assert status == 200, f"{shown_id}: HTTP {status}"
            chief = self.wait_text("#segment-chief")
            assert chief == report["chief"]["name"], f"chief shown {chief}, API {report['chief']['name']}"
            shown_open = self.driver.find_element(By.CSS_SELECTOR, "[data-figure='openCases']").text
            assert float(shown_open) == report["figures"]["openCases"]
            self.shot("03b-segment")
            return
        raise AssertionError("no segment with a clickable point among 20 tried")

    def test_click_storefront_shows_its_dossier(self):
        status, shops = api(self.base, "/api/v1/layers/storefronts?limit=10000")
        candidates = shops["features"]
        self.random.shuffle(candidates)
        for shop in candidates[:20]:
            x, y = shop["geometry"]["coordinates"][:2]
            self.settle("CG.map.setView([arguments[1], arguments[0]], 18, {animate: false})", x, y)
            if "cg-storefronts" not in (self.top_layer_at(x, y) or ""):
                continue
            self.click_lonlat(x, y)
            shown = self.wait_text("#dossier-id")
            status, dossier = api(self.base, "/api/v1/dossiers/storefronts/" + urllib.parse.quote(shown))
            assert status == 200, f"{shown}: HTTP {status}"
            records = self.driver.find_elements(By.CSS_SELECTOR, "ul[data-list='records'] li")
            assert len(records) == len(dossier["records"]), f"{len(records)} records shown, API {len(dossier['records'])}"
            self.shot("03c-dossier")
            return
        raise AssertionError("no storefront drawn on top among 20 tried")

    def test_search_in_chinese(self):
        status, shops = api(self.base, "/api/v1/layers/storefronts?limit=50")
        shop = shops["features"][self.random.randrange(len(shops["features"]))]
        name = shop["properties"]["name"]
        box = self.driver.find_element(By.ID, "search-q")
        box.clear()
        box.send_keys(name)
        Select(self.driver.find_element(By.ID, "search-layer")).select_by_value("storefronts")
        self.driver.find_element(By.CSS_SELECTOR, "#search-form button[type=submit]").click()
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "ul[data-list='search'] li"))
        ids = [b.get_attribute("data-id") for b in self.driver.find_elements(By.CSS_SELECTOR, "ul[data-list='search'] button")]
        assert shop["id"] in ids, f"searching {name} did not list {shop['id']}: {ids[:10]}"
        time.sleep(0.6)  # the map's fly to the results ends before the next check moves it
        self.shot("04-search")

    def test_dispatch_a_reported_case(self):
        self.js("localStorage.setItem('citygrid.token', arguments[0]); document.getElementById('token').value = arguments[0];",
                DISPATCHER_TOKEN)
        cell = self.cells[len(self.cells) // 2]
        self.show_cell(cell)
        point = self.clickable_point_in(cell)
        assert point, "no clickable point for the report"
        self.click_lonlat(*point)
        self.wait_text("#located-cell")
        self.driver.find_element(By.CSS_SELECTOR, "button[data-action='report']").click()
        self.driver.find_element(By.ID, "report-description").send_keys("浏览器测试上报")
        self.driver.find_element(By.CSS_SELECTOR, "#report-form button[type=submit]").click()
        case_id = self.wait_text("#case-id")
        status, stored = api(self.base, "/api/v1/layers/cases/" + urllib.parse.quote(case_id))
        assert status == 200 and stored["properties"]["status"] == "reported", f"{case_id}: {status} {stored}"
        assert stored["properties"]["attribution"]["gridCode"] == cell["properties"]["code"]
        for event, after in [("register", "registered"), ("dispatch", "dispatched")]:
            Select(self.driver.find_element(By.ID, "wf-event")).select_by_value(event)
            self.driver.find_element(By.CSS_SELECTOR, "#workflow-form button[type=submit]").click()
            self.wait.until(lambda d: api(self.base, "/api/v1/layers/cases/" + urllib.parse.quote(case_id))[1]["properties"]["status"] == after)
            self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#wf-event") and
                            d.find_element(By.ID, "case-id").text == case_id and
                            d.find_element(By.ID, "case-status").text.strip() == STATUS_ZH[after])
        status, history = api(self.base, "/api/v1/cases/" + urllib.parse.quote(case_id) + "/history")
        assert len(history["history"]) >= 2, f"history: {history}"
        self.shot("05-dispatched")

    def test_case_panel_shows_its_photos(self):
        """An officer files two photos on a case through the API, one taken on the spot and one
        300 m east; the case panel shows both thumbnails (decoded by the browser) and flags only
        the far one, with its distance."""
        import io
        import math
        import re
        import piexif
        from PIL import Image
        status, cases = api(self.base, "/api/v1/cases?status=dispatched&limit=20")
        case = cases["features"][self.random.randrange(len(cases["features"]))]
        lon, lat = case["geometry"]["coordinates"][:2]

        def photo(dlon, shade):
            def dms(v):
                d = int(v); m = int((v - d) * 60); s = round((v - d - m / 60) * 3600 * 1000)
                return ((d, 1), (m, 1), (s, 1000))
            exif = piexif.dump({"GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N", piexif.GPSIFD.GPSLatitude: dms(lat),
                                        piexif.GPSIFD.GPSLongitudeRef: b"E", piexif.GPSIFD.GPSLongitude: dms(lon + dlon)},
                                "Exif": {piexif.ExifIFD.DateTimeOriginal: time.strftime("%Y:%m:%d %H:%M:%S", time.localtime()).encode(),
                                         piexif.ExifIFD.OffsetTimeOriginal: time.strftime("%z", time.localtime())[:3].encode() + b":" +
                                                                            time.strftime("%z", time.localtime())[3:].encode()}})
            buf = io.BytesIO()
            Image.new("RGB", (800, 600), (shade, 90, 40)).save(buf, "JPEG", exif=exif)
            return buf.getvalue()

        east = 300 / (111_320 * math.cos(math.radians(lat)))
        for body in (photo(0, 200), photo(east, 60)):
            request = urllib.request.Request(self.base + "/api/v1/cases/" + urllib.parse.quote(case["id"]) + "/photos?stage=before",
                                             data=body, method="POST",
                                             headers={"Authorization": "Bearer " + DISPATCHER_TOKEN, "Content-Type": "image/jpeg"})
            with urllib.request.urlopen(request, timeout=30) as r:
                assert r.status == 201, f"upload: HTTP {r.status}"
        self.js("CG.showCase(arguments[0])", case["id"])
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "ul[data-list='photos'] > li")) == 2)
        self.wait.until(lambda d: d.execute_script(
            "return [...document.querySelectorAll(\"ul[data-list='photos'] img\")].every(i => i.complete && i.naturalWidth > 0)"))
        warnings = self.driver.find_elements(By.CSS_SELECTOR, "li.photo-warning[data-check='farFromPlace']")
        assert len(warnings) == 1, f"{len(warnings)} far-away warnings shown"
        metres = int(re.search(r"(\d+)", warnings[0].text).group(1))
        assert 285 <= metres <= 315, f"the far photo is said to be {metres} m away"
        self.shot("05b-case-photos")

    def test_a_case_reported_elsewhere_shows_within_two_seconds(self):
        """The grid center's page is open; the 12345 hotline's bridge reports a case through the API
        (not through this page). The live stream brings it onto the map without a reload."""
        self.wait.until(lambda d: self.js("return document.getElementById('map').dataset.live") == "open")
        cell = self.cells[len(self.cells) // 3]
        self.show_cell(cell)
        point = self.clickable_point_in(cell)
        assert point, "no point inside the cell"
        started = time.time()
        status, outcome = api(self.base, "/api/v1/cases", "POST",
                              {"type": "0103", "lon": point[0], "lat": point[1], "description": "实时推送测试"}, REPORTER_TOKEN)
        assert status == 201, f"report: {status} {outcome}"
        case_id = outcome["case"]["id"]
        shown = lambda: self.js("return ((CG.layers.cases.data || {}).features || []).some(f => f.id === arguments[0])", case_id)
        while not shown() and time.time() - started < 10:
            time.sleep(0.05)
        elapsed = time.time() - started
        assert shown(), f"{case_id} never appeared on the open page"
        assert elapsed <= 2.0, f"{case_id} appeared after {elapsed:.2f} s (goal: 2 s)"
        print(f"  live: {case_id} on the page {elapsed * 1000:.0f} ms after the report was sent", flush=True)

    def test_an_overdue_case_alerts_the_open_page(self):
        """A case dispatched with a deadline three seconds away: when it passes, the server's clock
        sends case.overdue and the open page lists the case at the top of the cases panel, with a
        count on the tab; a click opens the case."""
        self.wait.until(lambda d: self.js("return document.getElementById('map').dataset.live") == "open")
        cell = self.cells[len(self.cells) // 4]
        self.show_cell(cell)
        point = self.clickable_point_in(cell)
        assert point, "no point inside the cell"
        status, outcome = api(self.base, "/api/v1/cases", "POST",
                              {"type": "0103", "lon": point[0], "lat": point[1], "description": "超期提醒测试"}, REPORTER_TOKEN)
        assert status == 201, f"report: {status} {outcome}"
        case_id = outcome["case"]["id"]
        due = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3))
        for step in [{"event": "register"}, {"event": "dispatch", "assignee": "department:enforcement", "due": due}]:
            status, answer = api(self.base, "/api/v1/cases/" + urllib.parse.quote(case_id) + "/transitions", "POST", step, DISPATCHER_TOKEN)
            assert status == 200, f"{step['event']}: {status} {answer}"
        selector = f"#overdue-alerts li[data-case='{case_id}'] button"
        started = time.time()
        while not self.driver.find_elements(By.CSS_SELECTOR, selector) and time.time() - started < 10:
            time.sleep(0.1)
        assert self.driver.find_elements(By.CSS_SELECTOR, selector), f"no overdue alert for {case_id}"
        assert self.js("return document.querySelector('button[data-tab=cases]').dataset.alerts") == "1"
        self.shot("07-overdue-alert")
        self.driver.find_element(By.CSS_SELECTOR, "button[data-tab=cases]").click()
        self.driver.find_element(By.CSS_SELECTOR, selector).click()
        self.wait.until(lambda d: d.find_element(By.ID, "case-id").text == case_id)
        assert not self.driver.find_elements(By.CSS_SELECTOR, selector), "the alert stays after the case was opened"

    def test_dispatch_to_the_soonest_officer(self):
        """The dispatcher opens a registered case; the panel lists the officers who reach it soonest
        along the streets; one click dispatches it to the first of them."""
        self.js("localStorage.setItem('citygrid.token', arguments[0]);", DISPATCHER_TOKEN)
        status, roster = api(self.base, "/api/v1/layers/officers?limit=1000")
        assert status == 200 and roster["features"], f"officers: {status}"
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        for o in roster["features"]:
            lon, lat = o["geometry"]["coordinates"]
            status, _ = api(self.base, f"/api/v1/officers/{o['id']}/positions", "POST",
                            {"fixes": [{"at": now, "lon": lon, "lat": lat, "accuracy": 5}]}, DISPATCHER_TOKEN)
            assert status == 200, f"fix for {o['id']}: {status}"
        status, cases = api(self.base, "/api/v1/cases?status=registered&limit=100")
        case_id = first = None
        for c in cases["features"]:
            s, found = api(self.base, "/api/v1/cases/" + urllib.parse.quote(c["id"]) + "/suggestions?k=3")
            if s == 200 and found["features"]:
                case_id, first = c["id"], found["features"][0]["id"]
                break
        assert case_id, "no registered case that an officer reaches"
        self.js("CG.showCase(arguments[0]);", case_id)
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#suggestions button[data-officer]"))
        button = self.driver.find_element(By.CSS_SELECTOR, "#suggestions button[data-officer]")
        assert button.get_attribute("data-officer") == first, f"the first suggestion is {button.get_attribute('data-officer')}, the API's {first}"
        button.click()
        self.wait.until(lambda d: api(self.base, "/api/v1/layers/cases/" + urllib.parse.quote(case_id))[1]["properties"].get("assignment") == "officer:" + first)
        status, tasks = api(self.base, f"/api/v1/officers/{first}/tasks")
        assert case_id in [t["id"] for t in tasks["tasks"]], f"{case_id} not in {first}'s tasks: {tasks}"
        self.shot("06-dispatched-to-officer")

    def test_plan_route_is_drawn_or_clearly_missing(self):
        status, _ = api(self.base, "/api/v1/routes", method="POST", body={"mode": "foot", "start": {"lon": 121.47, "lat": 31.23}, "stops": []})
        routes_exist = status != 404
        self.settle("CG.map.setZoom(16, {animate: false})")
        self.js("CG.openTab('route');")
        self.driver.find_element(By.ID, "route-clear").click()
        self.driver.find_element(By.ID, "route-from-cases").click()
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#route-stops li")) >= 2)
        self.driver.find_element(By.ID, "route-plan").click()
        if routes_exist:
            self.wait_text("#route-drawn")
            drawn = self.driver.find_elements(By.CSS_SELECTOR, "path.patrol-route")
            assert drawn, "the route answer was not drawn"
            stops = {li.text.split()[0] for li in self.driver.find_elements(By.CSS_SELECTOR, "#route-stops li")}
            visited = [li.text.strip() for li in self.driver.find_elements(By.CSS_SELECTOR, "#route-order li")]
            assert visited and set(visited) <= stops, f"visits {visited} are not among the picked stops {stops}"
        else:
            message = self.wait_text("#route-missing")
            assert "404" in message, message
        self.shot("06-route")

    def test_choropleth_counts_open_cases(self):
        self.js("CG.openTab('layers');")
        self.driver.find_element(By.ID, "choropleth").click()
        self.wait.until(lambda d: self.js("return !!CG.choropleth"))
        cell, open_here = self.pick_busy_cell()
        self.show_cell(cell)  # the choropleth counts the cases in view
        shown = self.js("return CG.choropleth.counts[arguments[0]] || 0", cell["properties"]["code"])
        assert shown == open_here, f"choropleth counts {shown} for {cell['properties']['code']}, API {open_here}"
        legend = self.text("#legend")
        assert "≥" in legend, legend
        self.shot("07-choropleth")

    def test_english_and_phone(self):
        self.driver.find_element(By.ID, "lang-toggle").click()
        assert self.text("#bar h1") == "" or self.text("#bar h1") == "City grid map"
        assert self.driver.find_element(By.CSS_SELECTOR, "#tabs button[data-tab='layers']").text == "Layers"
        self.driver.set_window_size(390, 844)
        time.sleep(0.5)
        panel = self.driver.find_element(By.ID, "panel").rect
        width = self.js("return window.innerWidth")
        assert abs(panel["width"] - width) <= 2, f"on a phone the panel is {panel['width']} px of {width}"
        small = [b.text for b in self.driver.find_elements(By.CSS_SELECTOR, "#tabs button, #bar button")
                 if b.is_displayed() and b.rect["height"] < 40]
        assert not small, f"touch targets under 40 px: {small}"
        self.shot("08-phone-en")
        self.driver.set_window_size(1400, 900)
        self.driver.find_element(By.ID, "lang-toggle").click()

    def test_export_counts_what_is_shown(self):
        count = self.js("return CG.shownFeatures().features.length")
        assert count > 0, "nothing shown to export"
        exported = self.js("return CG.exportShown()")   # a promise: WebDriver waits for it
        assert exported == count, f"{exported} exported, {count} shown"
        # The map loads most layers with only the properties it styles by; the export carries every
        # property, as the API gives the feature.
        features = self.js("return CG.lastExport.features")
        lean = [f for f in features if (f.get("properties") or {}).get("layer") in ("grids", "segments", "storefronts", "structures", "redlines")]
        assert lean, "no feature of a lean layer shown"
        for f in self.random.sample(lean, min(6, len(lean))):
            layer = f["properties"]["layer"]
            # With the page's own token: what personal data the export shows is what its reader may see.
            token = self.js("return localStorage.getItem('citygrid.token')")
            status, full = api(self.base, f"/api/v1/layers/{layer}/" + urllib.parse.quote(f["id"]), token=token)
            exported_properties = {k: v for k, v in f["properties"].items() if k != "layer"}
            assert status == 200 and exported_properties == full["properties"], f"{layer} {f['id']}: exported {exported_properties}, API {full['properties']}"

    def test_ogc_api_pages_in_a_browser(self):
        """A GIS officer browses the OGC API as HTML: the collections, a collection's map, a page of
        cases with its map drawn from the same query's GeoJSON, the next page, one case. Runs last:
        it leaves the web map's page."""
        self.driver.get(self.base + "/ogc/collections")   # the browser's own Accept header picks HTML
        assert "cases" in self.driver.page_source and self.driver.find_elements(By.CSS_SELECTOR, "table tr"), "no collections table"
        self.driver.get(self.base + "/ogc/collections/cases/items?limit=50&filter=" + urllib.parse.quote("typeCode LIKE '01%'"))
        self.wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-drawn") is not None)
        status, page = api(self.base, "/ogc/collections/cases/items?limit=50&f=json&filter=" + urllib.parse.quote("typeCode LIKE '01%'"))
        drawn = int(self.driver.find_element(By.ID, "map").get_attribute("data-drawn"))
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table tr td:first-child a")
        assert drawn == len(page["features"]) == len(rows) == 50, f"map {drawn}, table {len(rows)}, API {len(page['features'])}"
        assert [r.text for r in rows] == [f["id"] for f in page["features"]], "the table is not the API's page"
        self.driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
        self.wait.until(lambda d: "offset=50" in d.current_url)
        first = self.driver.find_element(By.CSS_SELECTOR, "table tr td:first-child a")
        status, second = api(self.base, "/ogc/collections/cases/items?limit=50&offset=50&f=json&filter=" + urllib.parse.quote("typeCode LIKE '01%'"))
        assert first.text == second["features"][0]["id"], f"page 2 starts with {first.text}"
        first.click()
        self.wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-drawn") == "1")
        self.shot("08-ogc-item")

    def test_no_script_errors(self):
        errors = [e["message"] for e in self.driver.get_log("browser")
                  if e["level"] == "SEVERE" and "favicon" not in e["message"] and "/api/v1/routes" not in e["message"]]
        assert not errors, f"console errors: {errors[:5]}"

    def run(self):
        checks = [name for name in dir(self) if name.startswith("test_")]
        order = ["test_page_loads_from_this_server", "test_click_cell_shows_its_figures", "test_locate_click_shows_the_cell",
                 "test_click_segment_shows_its_chief", "test_click_storefront_shows_its_dossier", "test_search_in_chinese", "test_dispatch_a_reported_case", "test_case_panel_shows_its_photos", "test_a_case_reported_elsewhere_shows_within_two_seconds",
                 "test_dispatch_to_the_soonest_officer", "test_an_overdue_case_alerts_the_open_page",
                 "test_plan_route_is_drawn_or_clearly_missing",
                 "test_choropleth_counts_open_cases", "test_export_counts_what_is_shown", "test_english_and_phone",
                 "test_no_script_errors", "test_ogc_api_pages_in_a_browser"]
        assert sorted(order) == sorted(checks), "every check is listed once in the order"
        run_checks(self, order)


def main():
    def seed(parser):
        parser.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "20261129")))
    return run_main(lambda args: WebMapTest(args.base, args.artifacts, args.seed), add_arguments=seed,
                    announce=lambda args: print(f"seed {args.seed} (replay with SEED={args.seed})", flush=True))


if __name__ == "__main__":
    sys.exit(main())
