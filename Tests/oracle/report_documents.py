#!/usr/bin/env python3
"""The monthly assessment report's PDF and XLSX, read by tools that are not CityGrid: LibreOffice
converts the workbook to CSV (one file per sheet), poppler's pdftotext reads the PDF page by page,
and every figure is compared with the figures of the store the document came from: the CLI's with
`citygrid query figures --json`, the server's with /api/v1/figures (rates recomputed here from
their counts).

    python3 Tests/oracle/report_documents.py --citygrid PATH/TO/citygrid --base http://127.0.0.1:PORT

It loads the sample district into a store of its own for the CLI (`citygrid load geodata/sample`),
writes the PDF and XLSX of 2026-11 with `citygrid report`, fetches the same from the server under
test (`GET /api/v1/reports/2026-11`), and checks both. Prints one line per check and ends with
"N passed, N failed"; exits non-zero on any failure. Needs libreoffice (libreoffice-calc-nogui)
and pdftotext (poppler-utils).
"""
import csv
import glob
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from checks import run_checks, run_main  # noqa: E402  (the browser checks' shared run loop)

PERIOD, FROM, TO = "2026-11", "2026-11-01", "2026-12-01"
SHEETS = ["汇总", "街道", "处置部门", "路长", "超期案件", "网格案件"]
SECTIONS = ["一、总体指标", "按街道排名", "按处置部门排名", "按路长排名", "超期未结案件", "网格案件分布图"]
GROUP_SHEETS = {"subDistrict": "街道", "department": "处置部门", "chief": "路长"}


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=120) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read()


RATES = {"立案率(%)": "registrationRate", "结案率(%)": "closureRate", "按期结案率(%)": "onTimeClosureRate", "返工率(%)": "reworkRate"}


def rate(r):
    """A rate of /api/v1/figures as the documents print it: percent to one decimal (printf's
    rounding of the same double, as Python's format does it), or None for 0 / 0."""
    return None if r["denominator"] == 0 else format(r["numerator"] / r["denominator"] * 100, ".1f")


def cell_rate(text):
    """A workbook cell's rate, written back the same way (an empty cell is no rate)."""
    return None if text == "" else format(float(text), ".1f")


def api_figures(base, by):
    """{group: {received, overdueOpen, each rate as text}} from /api/v1/figures over the month."""
    status, _, body = get(base, "/api/v1/figures?" + urllib.parse.urlencode({"by": by, "from": FROM, "to": TO}))
    assert status == 200, f"/api/v1/figures by {by}: {status}"
    out = {}
    for g in json.loads(body)["groups"]:
        i = g["indicators"]
        hours = None if i["meanHandlingHours"] is None else format(i["meanHandlingHours"], ".1f")
        out[g["group"]] = {"received": i["received"], "overdueOpen": i["overdueOpen"], "hours": hours, **{k: rate(i[k]) for k in RATES.values()},
                           "empty": i["received"] == i["overdueOpen"] == i["closureRate"]["denominator"] == i["reworkRate"]["denominator"] == 0}
    return out


def cli_figures(citygrid, store, by):
    """The same from `citygrid query figures --json` (its rates are text: "81.0%" or "—")."""
    r = subprocess.run([citygrid, "query", "figures", "--store", store, "--by", by, "--from", FROM, "--to", TO, "--json"],
                       check=True, capture_output=True, text=True)
    out = {}
    for g in json.loads(r.stdout):
        rates = {k: None if g[k] == "—" else g[k].rstrip("%") for k in RATES.values()}
        hours = None if g["meanHandlingHours"] == "—" else g["meanHandlingHours"]
        out[g["group"]] = {"received": int(g["received"]), "overdueOpen": int(g["overdueOpen"]), "hours": hours, **rates,
                           "empty": int(g["received"]) == int(g["overdueOpen"]) == 0 and all(v is None for v in rates.values())}
    return out


def workbook_sheets(path, folder):
    """{sheet name: rows} of an .xlsx, as LibreOffice reads it (every sheet to its own CSV)."""
    out = os.path.join(folder, "csv-" + os.path.basename(path))
    os.makedirs(out, exist_ok=True)
    profile = "file://" + os.path.join(folder, "lo-profile")
    subprocess.run(["libreoffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to",
                    # 44 = comma, 34 = quote, 76 = UTF-8, …, -1 = every sheet (LibreOffice ≥ 7.2)
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", out, path], check=True, capture_output=True, timeout=180)
    stem = os.path.splitext(os.path.basename(path))[0]
    sheets = {}
    for f in glob.glob(os.path.join(out, stem + "-*.csv")):
        name = os.path.basename(f)[len(stem) + 1:-4]
        with open(f, encoding="utf-8") as fh:
            sheets[name] = list(csv.reader(fh))
    return sheets


def pdf_pages(path):
    pages = int([l for l in subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout.splitlines()
                 if l.startswith("Pages:")][0].split()[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), path, "-"], capture_output=True, text=True,
                           check=True).stdout for n in range(1, pages + 1)]


class ReportDocumentsTest:
    def __init__(self, citygrid, base, folder):
        self.citygrid, self.base, self.folder = citygrid, base.rstrip("/"), folder
        self.passed = self.failed = 0
        self.store = os.path.join(folder, "sample.sqlite")
        subprocess.run([citygrid, "load", "geodata/sample", "--store", self.store], check=True, capture_output=True, timeout=600)
        # Each document against the figures of its own store: the CLI's against `citygrid query
        # figures` on the store it read, the server's against /api/v1/figures (the browser tests
        # have moved the served store on since: a case dispatched today changes its department).
        self.cli = {by: cli_figures(citygrid, self.store, by) for by in list(GROUP_SHEETS) + ["grid"]}
        self.api = {by: api_figures(self.base, by) for by in list(GROUP_SHEETS) + ["grid"]}
        status, _, body = get(self.base, "/api/v1/layers/grids?limit=10000")
        self.cell_count = len(json.loads(body)["features"])

    def report(self, fmt):
        path = os.path.join(self.folder, f"cli-{PERIOD}.{fmt}")
        if not os.path.exists(path):
            subprocess.run([self.citygrid, "report", "--store", self.store, "--period", PERIOD, "--format", fmt, "--out", path],
                           check=True, capture_output=True, timeout=300)
        return path

    def served(self, fmt):
        path = os.path.join(self.folder, f"served-{PERIOD}.{fmt}")
        if not os.path.exists(path):
            status, content_type, body = get(self.base, f"/api/v1/reports/{PERIOD}?format={fmt}")
            assert status == 200, f"GET /api/v1/reports/{PERIOD}?format={fmt}: {status}"
            with open(path, "wb") as f:
                f.write(body)
        return path

    # -- checks --------------------------------------------------------------------------------
    def check_workbook(self, path, figures):
        sheets = workbook_sheets(path, self.folder)
        assert sorted(sheets) == sorted(SHEETS), f"sheets: {sorted(sheets)}"
        lines = 0
        for by, name in GROUP_SHEETS.items():
            rows = sheets[name]
            header = rows[0]
            assert header[:4] == ["排名", "名称", "编号", "受理数"], f"{name} header: {header[:4]}"
            col = {h: i for i, h in enumerate(header)}
            seen = set()
            for row in rows[1:]:
                group = row[col["编号"]]
                i = figures[by][group]
                assert int(float(row[col["受理数"]])) == i["received"], f"{name} {group} 受理数 {row[col['受理数']]} ≠ {i['received']}"
                assert int(float(row[col["超期未结"]])) == i["overdueOpen"], f"{name} {group} 超期未结"
                got = cell_rate(row[col["平均处置时长(小时)"]])
                assert got == i["hours"], f"{name} {group} 平均处置时长: workbook {got}, figures {i['hours']}"
                for header_name, key in RATES.items():
                    got, want = cell_rate(row[col[header_name]]), i[key]
                    assert got == want, f"{name} {group} {header_name}: workbook {got}, figures {want}"
                seen.add(group)
                lines += 1
            assert seen <= set(figures[by]), f"{name}: groups the figures lack: {sorted(seen - set(figures[by]))[:5]}"
            # Groups whose cases were all reported after the month (on a store the browser tests
            # wrote to) are in the figures with nothing; only those may be missing here.
            missing = [g for g in set(figures[by]) - seen if not figures[by][g]["empty"]]
            assert not missing, f"{name}: {missing[:3]} have figures in the month but no line"
        # The whole: 受理数 and 超期未结 are the sub-districts' sums; the overdue list has that many lines.
        summary = {r[0]: r[1:] for r in sheets["汇总"] if r}
        received = sum(i["received"] for i in figures["subDistrict"].values())
        overdue = sum(i["overdueOpen"] for i in figures["subDistrict"].values())
        assert int(float(summary["受理数"][0])) == received, f"汇总 受理数 {summary['受理数'][0]} ≠ {received}"
        assert int(float(summary["超期未结"][0])) == overdue
        assert len(sheets["超期案件"]) - 1 == overdue, f"超期案件 lists {len(sheets['超期案件']) - 1}, figures say {overdue}"
        # Cases per cell: every cell of the grid layer, each cell's count /api/v1/figures?by=grid's.
        by_cell = {g: i["received"] for g, i in figures["grid"].items()}
        cells = sheets["网格案件"][1:]
        assert len(cells) == self.cell_count, f"{len(cells)} lines, {self.cell_count} cells in the grid layer"
        for code, _, received, _ in cells:
            assert int(float(received)) == by_cell.get(code, 0), f"网格 {code}: {received} ≠ {by_cell.get(code, 0)}"
        return lines

    def test_cli_workbook_equals_the_figures(self):
        lines = self.check_workbook(self.report("xlsx"), self.cli)
        print(f"  {lines} ranked lines of the CLI's workbook equal citygrid query figures", flush=True)

    def test_served_workbook_equals_the_figures(self):
        lines = self.check_workbook(self.served("xlsx"), self.api)
        print(f"  {lines} ranked lines of the served workbook equal /api/v1/figures", flush=True)

    def check_pdf(self, path, figures):
        with open(path, "rb") as f:
            assert f.read(5) == b"%PDF-", "not a PDF"
        pages = pdf_pages(path)
        assert len(pages) >= len(SECTIONS), f"{len(pages)} pages"
        assert "全区城市管理综合评价月报 2026年11月" in pages[0].replace("\u3000", " "), "title on page 1"
        # Each part begins a page, in order.
        starts = []
        for section in SECTIONS:
            found = [n for n, text in enumerate(pages) if section in text]
            assert found, f"{section} is on no page"
            starts.append(found[0])
        assert starts == sorted(starts) and len(set(starts)) == len(starts), f"parts start on pages {starts}"
        # Page 1's 受理数 line says this month's and last month's totals.
        received = sum(i["received"] for i in figures["subDistrict"].values())
        line = next(l for l in pages[0].splitlines() if l.strip().startswith("受理数"))
        assert str(received) in line.split(), f"page 1: {line.strip()!r} lacks {received}"
        # The sub-districts' page lists each with its 受理数 and 按期结案率.
        page = pages[starts[1]]
        for group, i in figures["subDistrict"].items():
            # The table's line (the bar chart's label line above it carries the rate alone).
            row = next((l for l in page.splitlines() if group in l and len(l.split()) >= 8), None)
            assert row, f"{group} not on the sub-districts' page"
            want = "—" if i["onTimeClosureRate"] is None else i["onTimeClosureRate"] + "%"
            assert want in row.split() and str(i["received"]) in row.split(), f"{group}: {row.strip()!r} lacks {want}, {i['received']}"
        return len(pages)

    def test_cli_pdf_has_the_pages(self):
        print(f"  CLI PDF: {self.check_pdf(self.report('pdf'), self.cli)} pages", flush=True)

    def test_served_pdf_has_the_pages(self):
        self.check_pdf(self.served("pdf"), self.api)

    def test_dashboard_equals_the_cli_figures(self):
        """The dashboard's ranked lines, served, equal `citygrid query figures` over its window on the
        CLI's own copy of the sample (the browser tests' writes are later than the window, so they
        count in neither)."""
        as_of = "2026-11-28T15:00:00+08:00"
        status, _, body = get(self.base, "/api/v1/dashboard?" + urllib.parse.urlencode({"asOf": as_of}))
        dash = json.loads(body)
        checked = 0
        for by, key in [("subDistrict", "subDistricts"), ("department", "departments"), ("chief", "chiefs")]:
            r = subprocess.run([self.citygrid, "query", "figures", "--store", self.store, "--by", by, "--from", dash["windowStart"],
                                "--to", dash["windowEnd"], "--json"], check=True, capture_output=True, text=True)
            cli = {g["group"]: g for g in json.loads(r.stdout)}
            for line in dash[key]:
                c, group = line["ranked"]["current"], line["ranked"]["group"]
                if group not in cli:
                    assert c["received"] == c["due"] == c["handled"] == c["overdueOpen"] == 0, f"{by} {group}: not in the CLI's figures"
                    continue
                want = cli[group]
                got = {"received": str(c["received"]), "overdueOpen": str(c["overdueOpen"]),
                       **{k: "—" if c.get(k) is None else format(c[k] * 100, ".1f") + "%" for k in RATES.values()},
                       "meanHandlingHours": "—" if c.get("meanHandlingHours") is None else format(c["meanHandlingHours"], ".1f")}
                for k, v in got.items():
                    assert v == want[k], f"{by} {group} {k}: dashboard {v}, CLI {want[k]}"
                checked += 1
        print(f"  {checked} dashboard lines equal citygrid query figures over the window", flush=True)

    def test_bad_period_is_a_400_naming_it(self):
        for bad in ["2026-13", "2026-1", "latest"]:
            try:
                get(self.base, f"/api/v1/reports/{bad}")
                raise AssertionError(f"{bad}: accepted")
            except urllib.error.HTTPError as e:
                body = json.loads(e.read())
                assert e.code == 400 and body["invalid-params"][0]["name"] == "period", f"{bad}: {e.code} {body}"
        out = os.path.join(self.folder, "never.pdf")
        r = subprocess.run([self.citygrid, "report", "--store", self.store, "--period", "2026-11", "--sub-district", "无此街道",
                            "--format", "pdf", "--out", out], capture_output=True, text=True)
        assert r.returncode != 0 and "--sub-district" in r.stderr and not os.path.exists(out), r.stderr

    def run(self):
        run_checks(self, ["test_cli_workbook_equals_the_figures", "test_served_workbook_equals_the_figures",
                          "test_cli_pdf_has_the_pages", "test_served_pdf_has_the_pages", "test_dashboard_equals_the_cli_figures",
                          "test_bad_period_is_a_400_naming_it"])


def main():
    with tempfile.TemporaryDirectory(prefix="citygrid-report-") as folder:
        return run_main(lambda args: ReportDocumentsTest(os.path.abspath(args.citygrid), args.base, folder),
                        add_arguments=lambda parser: parser.add_argument("--citygrid", required=True))

if __name__ == "__main__":
    sys.exit(main())
