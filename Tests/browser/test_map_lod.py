#!/usr/bin/env python3
"""The web map's level of detail in a real browser (headless Debian chromium + chromium-driver,
Selenium), against a running `citygrid serve` on a district too large to draw case by case (the
generated hongkou-scale district: 5,000 cases, 2,350 cells; scripts/test-browser makes it).

What the page draws is checked against the store's own listing fetched here with urllib (every
case of /api/v1/layers/cases, counted here inside the page's box and in its cell):
  - with every case chosen in the filter, at district zoom the page draws aggregates (clusters or
    cells with counts), no case markers, and the counts add up to the cases inside its box;
  - zoomed into the cell with the most open cases, the page draws that cell's open cases, each one;
  - from zoom 16 the cells' codes are written on the labels canvas: every cell lying wholly in view
    is labelled, none outside it, ink at a label's place, no DOM tooltip; none at zoom 15.

    python3 Tests/browser/test_map_lod.py --base http://127.0.0.1:PORT [--artifacts DIR]

Prints one line per check and ends with "N passed, N failed"; exits non-zero on any failure.
"""
import os
import sys
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_webmap import OPEN_STATUSES, api, rings  # noqa: E402  (the same request helper and statuses)
from checks import run_checks, run_main


def every_case(base):
    """Every case of the store, following nextCursor."""
    features, path = [], "/api/v1/layers/cases?limit=1000"
    while path:
        status, page = api(base, path)
        assert status == 200, f"cases layer: HTTP {status}"
        features += page["features"]
        cursor = page.get("nextCursor")
        path = "/api/v1/layers/cases?limit=1000&cursor=" + urllib.parse.quote(cursor) if cursor else None
    return features


class MapLevelTest:
    def __init__(self, base, artifacts):
        self.base = base.rstrip("/")
        self.artifacts = artifacts
        self.passed = self.failed = 0
        os.makedirs(artifacts, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1400,900", "--lang=zh-CN", "--no-first-run", "--disable-extensions"]:
            options.add_argument(argument)
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_script_timeout(120)
        self.wait = WebDriverWait(self.driver, 120)
        self.cases = every_case(self.base)
        self.open_cases = [f for f in self.cases if f["properties"].get("status") in OPEN_STATUSES]
        assert len(self.cases) > 2000, f"only {len(self.cases)} cases: too few for aggregates"
        status, grids = api(self.base, "/api/v1/layers/grids?limit=10000")
        self.cells = {c["properties"]["code"]: c for c in grids["features"]}

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def settle(self, move_script, *args):
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];" + move_script +
            "; CG.refreshLayers().then(() => done(true), () => done(false));", *args)

    def shot(self, name):
        self.driver.save_screenshot(os.path.join(self.artifacts, name + ".png"))

    def test_district_zoom_draws_aggregates_not_points(self):
        self.driver.get(self.base + "/")
        self.wait.until(lambda d: self.js("return document.body.dataset.ready") == "true")
        # Every case, through the filter's own control (the open ones alone may be few enough
        # to draw one by one).
        self.js("CG.openTab('layers');")
        Select(self.driver.find_element(By.ID, "filter-status")).select_by_value("all")
        self.settle("CG.map.setZoom(13, {animate: false})")
        assert self.js("return CG.caseFilter.status") == "all"
        level = self.js("return CG.lod.level")
        assert level in ("clusters", "cells"), f"level {level} at zoom 13"
        assert not self.js("return CG.map.hasLayer(CG.layers.cases.group)"), "case markers drawn at district zoom"
        aggregates = self.js("return CG.lod.group.getLayers().map(m => m.feature.properties.count)")
        assert aggregates, "no aggregates drawn"
        asked = self.js("return CG.lod.data.numberMatched")
        # The page's box, as it asked (CG.paddedBBox); the server widens it by 1 % and a metre, so
        # cases within that margin may count too.
        w, s, e, n = self.js("return CG.paddedBBox()")
        inside = [f for f in self.cases
                  if w <= f["geometry"]["coordinates"][0] <= e and s <= f["geometry"]["coordinates"][1] <= n]
        assert sum(aggregates) == asked, f"aggregates add up to {sum(aggregates)}, the answer matched {asked}"
        assert len(inside) <= asked <= len(inside) + len(self.cases) // 100 + 5, \
            f"the page counts {asked} cases, {len(inside)} lie in its box by the store's listing"
        drawn = self.js("return CG.drawnElements()")
        assert drawn <= 5000, f"{drawn} elements drawn"
        print(f"  zoom 13: level {level}, {len(aggregates)} aggregates for {asked} cases, {drawn} elements drawn", flush=True)
        self.shot("lod-01-district")

    def test_zooming_into_a_cell_shows_its_cases(self):
        per_cell = {}
        for f in self.open_cases:
            code = (f["properties"].get("attribution") or {}).get("gridCode")
            if code:
                per_cell.setdefault(code, []).append(f["id"])
        code = max(sorted(per_cell), key=lambda c: len(per_cell[c]))
        # Back to the open cases: the cell's open ones are drawn, its closed ones are not.
        Select(self.driver.find_element(By.ID, "filter-status")).select_by_value("open")
        xs = [p[0] for polygon in rings(self.cells[code]["geometry"]) for p in polygon[0]]
        ys = [p[1] for polygon in rings(self.cells[code]["geometry"]) for p in polygon[0]]
        self.settle("CG.map.fitBounds([[arguments[1], arguments[0]], [arguments[3], arguments[2]]], {maxZoom: 19, animate: false})",
                    min(xs), min(ys), max(xs), max(ys))
        level = self.js("return CG.lod.level")
        assert level == "cases", f"level {level} at zoom {self.js('return CG.map.getZoom()')} on one cell"
        drawn = set(self.js("const ids = []; CG.layers.cases.group.eachLayer(l => ids.push(l.feature.id)); return ids;"))
        missing = [i for i in per_cell[code] if i not in drawn]
        assert not missing, f"cell {code}: {len(missing)} of its {len(per_cell[code])} open cases not drawn, e.g. {missing[:3]}"
        closed_drawn = [i for i in drawn if i not in {f["id"] for f in self.open_cases}]
        assert not closed_drawn, f"closed cases drawn with the open filter: {closed_drawn[:3]}"
        on_top = self.js("""const f = CG.layers.cases.data.features.find(f => f.id === arguments[0]);
            const p = CG.map.latLngToContainerPoint([f.geometry.coordinates[1], f.geometry.coordinates[0]]);
            const r = document.getElementById('map').getBoundingClientRect();
            const el = document.elementFromPoint(r.left + p.x, r.top + p.y);
            return el ? el.getAttribute('class') || el.tagName : null;""", per_cell[code][0])
        assert "cg-cases" in (on_top or ""), f"{per_cell[code][0]} is not drawn on top: {on_top}"
        print(f"  cell {code}: its {len(per_cell[code])} open cases drawn ({len(drawn)} in view)", flush=True)
        self.shot("lod-02-cell")

    def test_cell_codes_are_labelled_from_zoom_16(self):
        code = sorted(self.cells)[len(self.cells) // 2]
        xs = [p[0] for polygon in rings(self.cells[code]["geometry"]) for p in polygon[0]]
        ys = [p[1] for polygon in rings(self.cells[code]["geometry"]) for p in polygon[0]]
        centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        for zoom in (17, 16):
            self.settle("CG.map.setView([arguments[1], arguments[0]], arguments[2], {animate: false})", centre[0], centre[1], zoom)
            w, s, e, n = self.js("const b = CG.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];")
            labelled = self.js("return CG.cellLabels.codes")
            boxes = {}
            for c, cell in self.cells.items():
                cx = [p[0] for polygon in rings(cell["geometry"]) for p in polygon[0]]
                cy = [p[1] for polygon in rings(cell["geometry"]) for p in polygon[0]]
                boxes[c] = (min(cx), min(cy), max(cx), max(cy))
            inside = {c for c, b in boxes.items() if w <= b[0] and b[2] <= e and s <= b[1] and b[3] <= n}
            touching = {c for c, b in boxes.items() if b[0] <= e and w <= b[2] and b[1] <= n and s <= b[3]}
            assert inside, f"no cell wholly in view at zoom {zoom}"
            unlabelled = inside - set(labelled)
            assert not unlabelled, f"zoom {zoom}: {len(unlabelled)} cells wholly in view without a label, e.g. {sorted(unlabelled)[:3]}"
            stray = set(labelled) - touching
            assert not stray, f"zoom {zoom}: labels for cells out of view: {sorted(stray)[:3]}"
            assert len(labelled) == len(set(labelled)), f"zoom {zoom}: a cell labelled twice"
            assert self.js("return document.querySelectorAll('#map .leaflet-tooltip').length") == 0, "cell labels as DOM tooltips"
            # Ink where the chosen cell's label is: the canvas pixels around its centre are not all clear.
            ink = self.js("""const layer = CG.layers.grids.group.getLayers().find(l => l.feature.properties.code === arguments[0]);
                const p = CG.map.latLngToContainerPoint(layer.getCenter()), c = document.querySelector('.cg-cell-labels');
                const d = c.getContext('2d').getImageData(Math.round(p.x) - 12, Math.round(p.y) - 6, 24, 12).data;
                let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;""", code)
            assert ink > 0, f"zoom {zoom}: nothing written on the labels canvas at cell {code}"
            print(f"  zoom {zoom}: {len(labelled)} cells labelled, {len(inside)} wholly in view", flush=True)
            self.shot(f"lod-03-labels-z{zoom}")
        self.settle("CG.map.setZoom(15, {animate: false})")
        assert self.js("return CG.cellLabels.codes.length") == 0, "cell labels at zoom 15"

    def run(self):
        run_checks(self, ["test_district_zoom_draws_aggregates_not_points", "test_zooming_into_a_cell_shows_its_cases",
                          "test_cell_codes_are_labelled_from_zoom_16"])

def main():
    return run_main(lambda args: MapLevelTest(args.base, args.artifacts))

if __name__ == "__main__":
    sys.exit(main())
