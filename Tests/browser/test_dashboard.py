#!/usr/bin/env python3
"""The dashboard (领导驾驶舱) in a real browser: headless Chromium (Debian's chromium and
chromium-driver) driven by Selenium, against a running `citygrid serve` on the sample district.

What the page shows is checked against answers obtained without the page: /api/v1/figures over the
dashboard's window (the rates recomputed here from their counts), /api/v1/dashboard for today's
tiles, and a case reported through the API, which the open page must count within seconds.

    python3 Tests/browser/test_dashboard.py --base http://127.0.0.1:PORT [--artifacts DIR]

Prints one line per check and ends with "N passed, N failed"; exits non-zero on any failure.
"""
import decimal
import os
import sys
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_webmap import api, REPORTER_TOKEN  # noqa: E402  (one HTTP helper for both pages)
from checks import run_checks, run_main

# An instant inside the sample district's month, so that every part of the page has something.
AS_OF = "2026-11-28T15:00:00+08:00"
GROUPINGS = {"subDistrict": "rank-subDistricts", "department": "rank-departments", "chief": "rank-chiefs"}


def percent(numerator, denominator):
    """The page's rate text, from the counts: one decimal, or — for 0 / 0. JavaScript's toFixed
    rounds the double's exact value, a tie upwards; Decimal does the same here."""
    if denominator == 0:
        return "—"
    exact = decimal.Decimal(numerator / denominator * 100)
    return str(exact.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP)) + "%"


def one_decimal(value):
    """The page's hours: toFixed(1), or — when nothing closed."""
    if value is None:
        return "—"
    return str(decimal.Decimal(value).quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP))


class DashboardTest:
    def __init__(self, base, artifacts):
        self.base = base.rstrip("/")
        self.artifacts = artifacts
        self.passed = 0
        self.failed = 0
        os.makedirs(artifacts, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1600,1000", "--lang=zh-CN", "--no-first-run", "--disable-extensions"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_page_load_timeout(60)
        self.wait = WebDriverWait(self.driver, 60)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def shot(self, name):
        path = os.path.join(self.artifacts, name + ".png")
        self.driver.save_screenshot(path)
        return path

    def open(self, as_of=None):
        query = "?" + urllib.parse.urlencode({"asOf": as_of}) if as_of else ""
        self.driver.get(self.base + "/web/dashboard.html" + query)
        self.wait.until(lambda d: self.js("return document.getElementById('dashboard').dataset.state") in ("ready", "failed"))
        state = self.js("return document.getElementById('dashboard').dataset.state")
        assert state == "ready", "the page says: " + self.driver.find_element(By.ID, "status").text

    def rows(self, table_id):
        """{group: {field: text}} of a ranking table as drawn."""
        return self.js("""
            const out = {};
            for (const tr of document.querySelectorAll('#' + arguments[0] + ' tbody tr')) {
              const row = {};
              for (const td of tr.querySelectorAll('td[data-field]')) row[td.dataset.field] = td.textContent;
              row.sparkPoints = tr.querySelectorAll('svg.spark polyline, svg.spark circle').length;
              out[tr.dataset.group] = row;
            }
            return out;""", table_id)

    # -- checks --------------------------------------------------------------------------------
    def test_rankings_equal_the_figures_api(self):
        """Every ranked line's counts and rates equal /api/v1/figures over the dashboard's window,
        the rates recomputed here from the API's numerators and denominators."""
        self.open(AS_OF)
        status, dash = api(self.base, "/api/v1/dashboard?" + urllib.parse.urlencode({"asOf": AS_OF}))
        assert status == 200, f"dashboard: HTTP {status}"
        checked = 0
        for by, table in GROUPINGS.items():
            status, figures = api(self.base, "/api/v1/figures?" + urllib.parse.urlencode(
                {"by": by, "from": dash["windowStart"], "to": dash["windowEnd"]}))
            assert status == 200, f"figures by {by}: HTTP {status}"
            shown = self.rows(table)
            expected = {g["group"]: g["indicators"] for g in figures["groups"]}
            assert set(shown) == set(expected), f"{by}: the page lists {sorted(set(shown) ^ set(expected))[:5]} differently"
            for group, i in expected.items():
                row = shown[group]
                want = {"received": str(i["received"]), "overdueOpen": str(i["overdueOpen"]),
                        "registrationRate": percent(i["registrationRate"]["numerator"], i["registrationRate"]["denominator"]),
                        "closureRate": percent(i["closureRate"]["numerator"], i["closureRate"]["denominator"]),
                        "onTimeClosureRate": percent(i["onTimeClosureRate"]["numerator"], i["onTimeClosureRate"]["denominator"]),
                        "reworkRate": percent(i["reworkRate"]["numerator"], i["reworkRate"]["denominator"]),
                        "meanHandlingHours": one_decimal(i["meanHandlingHours"])}
                for field, value in want.items():
                    assert row[field] == value, f"{by} {group} {field}: page {row[field]!r}, /api/v1/figures {value!r}"
                checked += 1
            # Ranked: 按期结案率 never rises down the table (groups with no rate last).
            ranks = sorted(shown.values(), key=lambda r: int(r["rank"]))
            rates = [float(r["onTimeClosureRate"][:-1]) if r["onTimeClosureRate"] != "—" else -1 for r in ranks]
            assert rates == sorted(rates, reverse=True), f"{by}: not ranked by 按期结案率: {rates[:8]}"
        print(f"  {checked} ranked lines equal /api/v1/figures", flush=True)

    def test_tiles_and_tops_equal_the_dashboard_api(self):
        self.open(AS_OF)
        status, dash = api(self.base, "/api/v1/dashboard?" + urllib.parse.urlencode({"asOf": AS_OF}))
        assert status == 200
        tiles = self.js("""
            const out = {};
            for (const t of document.querySelectorAll('#tiles .tile'))
              out[t.dataset.figure] = [t.querySelector('[data-field=today]').textContent, t.querySelector('[data-field=lastWeek]').textContent];
            return out;""")
        for key in ["reported", "registered", "dispatched", "closed", "overdue"]:
            assert tiles[key] == [str(dash["today"][key]), str(dash["sameDayLastWeek"][key])], f"tile {key}: {tiles[key]}"
        bars = self.js("return [...document.querySelectorAll('#top-cells g')].map(g => [g.dataset.id, +g.dataset.open, +g.dataset.overdue])")
        assert bars == [[c["id"], c["open"], c["overdue"]] for c in dash["topCells"]], f"top cells: {bars[:3]}"
        assert len(bars) == 10, f"{len(bars)} cells drawn"
        offenders = self.js("return [...document.querySelectorAll('#repeat-offenders li')].map(li => li.dataset.id)")
        assert offenders == [o["id"] for o in dash["repeatOffenders"]] and offenders, f"offenders: {offenders}"

    def test_sparklines_are_drawn_for_every_line(self):
        self.open(AS_OF)
        for table in GROUPINGS.values():
            rows = self.rows(table)
            bare = [g for g, r in rows.items() if r["sparkPoints"] == 0 and int(r["received"]) > 0]
            assert not bare, f"{table}: no sparkline for {bare[:3]}"
        self.shot("dashboard")

    def test_english_switch(self):
        self.open(AS_OF)
        title = lambda: self.driver.find_element(By.CSS_SELECTOR, "#bar h1").text
        assert title() == "领导驾驶舱", title()
        self.driver.find_element(By.ID, "lang-toggle").click()
        try:
            assert title() == "Command dashboard", title()
            header = self.driver.find_element(By.CSS_SELECTOR, "#rank-subDistricts th:nth-child(6)").text
            assert header == "On time", header
        finally:
            self.driver.find_element(By.ID, "lang-toggle").click()
        assert title() == "领导驾驶舱"

    def test_a_case_reported_now_is_counted_without_a_reload(self):
        """The page follows the live stream: a case reported through the API raises today's count."""
        self.open()
        self.wait.until(lambda d: self.js("return document.getElementById('live-state').dataset.live") == "open")
        before = int(self.js("return document.querySelector('[data-figure=reported] [data-field=today]').textContent"))
        loaded = self.js("return document.getElementById('dashboard').dataset.loadedAt")
        status, grids = api(self.base, "/api/v1/layers/grids?limit=1")
        ring = grids["features"][0]["geometry"]["coordinates"][0]
        ring = ring[0] if isinstance(ring[0][0], list) else ring
        lon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
        lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
        status, outcome = api(self.base, "/api/v1/cases", "POST",
                              {"type": "0105", "lon": lon, "lat": lat, "description": "驾驶舱实时测试"}, REPORTER_TOKEN)
        assert status == 201, f"report: {status} {outcome}"
        WebDriverWait(self.driver, 15).until(
            lambda d: self.js("return document.getElementById('dashboard').dataset.loadedAt") != loaded)
        after = int(self.js("return document.querySelector('[data-figure=reported] [data-field=today]').textContent"))
        status, dash = api(self.base, "/api/v1/dashboard")
        assert after == before + 1 == dash["today"]["reported"], f"reported today: {before} then {after}; API {dash['today']['reported']}"

    def test_no_script_errors(self):
        errors = [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
        assert not errors, f"console errors: {errors[:3]}"

    def run(self):
        order = ["test_rankings_equal_the_figures_api", "test_tiles_and_tops_equal_the_dashboard_api",
                 "test_sparklines_are_drawn_for_every_line", "test_english_switch",
                 "test_a_case_reported_now_is_counted_without_a_reload", "test_no_script_errors"]
        checks = [name for name in dir(self) if name.startswith("test_")]
        assert sorted(order) == sorted(checks), "every check is listed once in the order"
        run_checks(self, order)

def main():
    return run_main(lambda args: DashboardTest(args.base, args.artifacts))

if __name__ == "__main__":
    sys.exit(main())
