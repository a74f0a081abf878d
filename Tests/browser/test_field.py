#!/usr/bin/env python3
"""The field app (勤务通, /field/) in a real browser on a phone-sized screen: headless Chromium
(Debian's chromium and chromium-driver) through Selenium with mobile emulation (360 × 640), against
a running `citygrid serve` on the sample district.

The officer's day, as the issue tells it: sign in with a demonstration officer's token, see the
tasks, report a case with a photo file from disk, lose the network (DevTools network emulation),
open the page again from the service worker, report another case, get the network back; then both
cases must exist exactly once each on the server, with their photos. What the page shows is
checked against the API's own answers fetched here with urllib; the photo is made here with Pillow.

    python3 Tests/browser/test_field.py --base http://127.0.0.1:PORT [--artifacts DIR]

Prints one line per check and ends with "N passed, N failed"; exits non-zero on any failure.
"""
import io
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from PIL import Image, ImageDraw
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from checks import run_checks, run_main

OFFICER_TOKEN = "sample-officer-token-0001"  # geodata/sample/accounts.json: 演示-巡查员, officer, city
DISPATCHER_TOKEN = "sample-dispatcher-token-01"  # 演示-派单员, officer and dispatcher, district 310101
OPEN_STATUSES = "reported,registered,dispatched,handled,verified"


def api(base, path, method="GET", body=None, token=OFFICER_TOKEN, headers=None):
    """(status, parsed JSON or None, headers) of one request to the server under test."""
    h = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if token:
        h["Authorization"] = "Bearer " + token
    h.update(headers or {})
    request = urllib.request.Request(base + path, data=data, headers=h, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None), dict(response.headers)
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text), dict(error.headers)
        except ValueError:
            return error.code, None, dict(error.headers)


def fetch(base, path, token=OFFICER_TOKEN):
    """The bytes of one answer (a photo)."""
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def make_photo(path, label):
    """A JPEG of a street scene's size with the label drawn in, so two photos never share bytes."""
    image = Image.new("RGB", (1280, 960), (90, 120, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle([100, 500, 1180, 900], fill=(200, 180, 140))
    draw.text((120, 120), label, fill=(255, 255, 255))
    image.save(path, "JPEG", quality=85)
    return path


def mobile_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=zh-CN", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    # A mid-range Android phone's screen: 360 × 640 CSS pixels, touch.
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": 360, "height": 640, "pixelRatio": 2.0, "touch": True},
        "userAgent": "Mozilla/5.0 (Linux; Android 13; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    return driver


def set_offline(driver, offline):
    """DevTools network emulation on the page; navigator.onLine and the online/offline events follow."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


class FieldAppTest:
    def __init__(self, base, artifacts):
        self.base = base.rstrip("/")
        self.artifacts = artifacts
        os.makedirs(artifacts, exist_ok=True)
        self.passed = 0
        self.failed = 0
        self.nonce = uuid.uuid4().hex[:8]
        self.scratch = tempfile.mkdtemp(prefix="field-test-")
        self.driver = mobile_driver()
        self.wait = WebDriverWait(self.driver, 40)
        status, openapi, _ = api(self.base, "/openapi.json", token=None)
        assert status == 200, f"openapi.json: HTTP {status}"
        # The photo endpoints (POST /api/v1/cases/{caseId}/photos) come with the evidence photos.
        self.photos = "/api/v1/cases/{caseId}/photos" in openapi["paths"]
        # Where the officer stands: an open case's point, so that the cell there has tasks.
        status, page, _ = api(self.base, f"/api/v1/cases?status={OPEN_STATUSES}&limit=50")
        assert status == 200 and page["features"], f"open cases: HTTP {status}"
        self.here = None
        for feature in page["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            s, where, _ = api(self.base, f"/api/v1/locate?lon={lon}&lat={lat}")
            if s == 200 and where.get("cell"):
                self.here = (lon, lat, where["cell"].get("code") or where["cell"].get("id"))
                break
        assert self.here, "no open case lies in a cell"
        self.driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": self.base, "permissions": ["geolocation"]})
        self.driver.execute_cdp_cmd("Emulation.setGeolocationOverride",
                                    {"longitude": self.here[0], "latitude": self.here[1], "accuracy": 10})

    # -- helpers -------------------------------------------------------------------------------
    def shot(self, name):
        self.driver.save_screenshot(os.path.join(self.artifacts, "field-" + name + ".png"))

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def by_id(self, element_id):
        return self.driver.find_element(By.ID, element_id)

    def tab(self, name):
        self.driver.find_element(By.CSS_SELECTOR, f'#tabs button[data-tab="{name}"]').click()

    def cases_described(self, text):
        """The cases on the server whose description is `text` (independent of the page)."""
        found, cursor = [], None
        while True:
            query = {"limit": 500, "reportedFrom": self.started}
            if cursor:
                query["cursor"] = cursor
            status, page, _ = api(self.base, "/api/v1/cases?" + urllib.parse.urlencode(query))
            assert status == 200, f"case list: HTTP {status}"
            found += [f for f in page["features"] if f["properties"].get("description") == text]
            cursor = page.get("nextCursor")
            if not cursor:
                return found

    def queue_state(self):
        return self.driver.execute_async_script("""const done = arguments[arguments.length - 1];
            F.queue.all().then(a => done(a.map(x => ({kind: x.kind, state: x.state, error: x.error || null}))));""")

    def report(self, description, photo):
        self.tab("report")
        self.wait.until(lambda d: len(Select(self.by_id("report-type")).options) > 1)
        Select(self.by_id("report-type")).select_by_value("0301")
        self.by_id("report-description").send_keys(description)
        self.by_id("report-photo").send_keys(photo)
        self.wait.until(lambda d: not self.by_id("report-preview").get_attribute("hidden"))
        self.by_id("report-gps").click()
        self.wait.until(lambda d: self.by_id("report-point").text.strip() not in ("", "—"))
        self.driver.find_element(By.CSS_SELECTOR, '#report-form button[type="submit"]').click()
        self.wait.until(lambda d: self.by_id("report-point").text.strip() == "—")

    # -- the checks, in the order of the officer's day -----------------------------------------
    def test_sign_in_and_see_tasks(self):
        self.started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 5))
        self.driver.get(self.base + "/field/")
        self.wait.until(lambda d: self.by_id("login").is_displayed())
        width = self.js("return document.documentElement.clientWidth")
        assert width == 360, f"not a phone-sized screen: {width}"
        self.by_id("login-token").send_keys(OFFICER_TOKEN)
        self.driver.find_element(By.CSS_SELECTOR, '#login-form button[type="submit"]').click()
        # The tasks of the cell the officer stands in: drawn once the position is known.
        cell = self.here[2]
        status, page, _ = api(self.base, f"/api/v1/cases?status={OPEN_STATUSES}&grid={urllib.parse.quote(cell)}&limit=100")
        assert status == 200
        expected = [f["id"] for f in page["features"]]
        self.wait.until(lambda d: self.js("return document.getElementById('task-list').dataset.count") == str(len(expected)))
        shown = self.js("return [...document.querySelectorAll('#task-list li[data-case]')].map(li => li.dataset.case)")
        assert sorted(shown) == sorted(expected), f"tasks {shown} ≠ the cell's open cases {expected}"
        overdue = {f["id"] for f in page["features"] if f["properties"].get("overdue")}
        flags = [c in overdue for c in shown]
        assert flags == sorted(flags, reverse=True), "overdue tasks are not first"
        # Big enough to touch (WCAG 2.5.5: 44 px): every button shown, and nothing wider than the screen.
        heights = self.js("""return [...document.querySelectorAll('button, input, select')].filter(b => b.offsetParent)
            .map(b => b.getBoundingClientRect().height)""")
        assert heights and min(heights) >= 44, f"touch targets too small: {heights}"
        scroll = self.js("return document.documentElement.scrollWidth")
        assert scroll <= 360, f"the page is {scroll} px wide on a 360 px screen"
        self.shot("tasks")

    def test_report_online_with_photo(self):
        self.online_text = f"现场测试-在线-{self.nonce}"
        self.report(self.online_text, make_photo(os.path.join(self.scratch, "online.jpg"), self.online_text))
        self.wait.until(lambda d: all(a["state"] != "pending" for a in self.queue_state()))
        states = self.queue_state()
        if self.photos:
            assert all(a["state"] == "done" for a in states), f"queue: {states}"
        else:
            assert all(a["state"] == "done" for a in states if a["kind"] == "report"), f"queue: {states}"
        found = self.cases_described(self.online_text)
        assert len(found) == 1, f"{len(found)} cases with the online description"

    def test_page_opens_offline_from_the_service_worker(self):
        controlled = self.driver.execute_async_script("""const done = arguments[arguments.length - 1];
            navigator.serviceWorker.ready.then(() => done(!!navigator.serviceWorker.controller || 'ready'));""")
        if controlled != True:  # the first load may predate clients.claim(); a reload is controlled
            self.driver.refresh()
            self.wait.until(lambda d: self.js("return document.getElementById('task-list').dataset.ready") == "1")
        assert self.js("return !!navigator.serviceWorker.controller"), "the page is not controlled by the service worker"
        set_offline(self.driver, True)
        self.driver.refresh()
        self.wait.until(lambda d: self.js("return document.getElementById('task-list') && document.getElementById('task-list').dataset.ready") == "1")
        assert self.js("return navigator.onLine") is False, "navigator.onLine is still true"
        assert self.by_id("net").get_attribute("data-state") == "offline"
        assert int(self.js("return document.getElementById('task-list').dataset.count")) > 0, "no tasks offline"
        self.shot("offline")

    def test_report_offline_then_online(self):
        self.offline_text = f"现场测试-离线-{self.nonce}"
        self.report(self.offline_text, make_photo(os.path.join(self.scratch, "offline.jpg"), self.offline_text))
        time.sleep(2)
        states = self.queue_state()
        assert any(a["kind"] == "report" and a["state"] == "pending" for a in states), f"not queued: {states}"
        assert not self.cases_described(self.offline_text), "the offline report reached the server while offline"
        assert self.by_id("queue-badge").is_displayed(), "the outbox count is not shown"
        set_offline(self.driver, False)
        self.wait.until(lambda d: all(a["state"] != "pending" for a in self.queue_state()))
        states = self.queue_state()
        wanted = states if self.photos else [a for a in states if a["kind"] == "report"]
        assert all(a["state"] == "done" for a in wanted), f"queue after reconnecting: {states}"
        self.shot("synced")

    def test_both_cases_once_each_with_their_photos(self):
        for text in (self.online_text, self.offline_text):
            found = self.cases_described(text)
            assert len(found) == 1, f"{len(found)} cases described {text!r}"
            if not self.photos:
                continue
            status, case, _ = api(self.base, "/api/v1/cases/" + urllib.parse.quote(found[0]["id"]))
            assert status == 200
            photos = (case.get("properties") or case).get("photos") or []
            assert len(photos) == 1, f"{found[0]['id']}: {len(photos)} photos"
            assert photos[0].get("stage") == "report", f"{found[0]['id']}: photo stage {photos[0].get('stage')}"
            image = Image.open(io.BytesIO(fetch(self.base, photos[0]["url"])))
            assert image.size[0] > 0 and image.format in ("JPEG", "PNG", "WEBP"), f"photo {photos[0]['url']}: {image.format}"
        if not self.photos:
            print("  (photo endpoints not on this server: photos not checked)", flush=True)

    def dispatched_case(self, text):
        """A case at the officer's place, registered and dispatched by the dispatcher (API, not the page)."""
        status, made, _ = api(self.base, "/api/v1/cases", "POST", {"type": "0301", "lon": self.here[0], "lat": self.here[1],
                                                                    "description": text}, token=DISPATCHER_TOKEN)
        assert status == 201, f"report: HTTP {status} {made}"
        case_id = made["case"]["id"]
        for step in ({"event": "register"}, {"event": "dispatch", "assignee": "department:enforcement"}):
            status, answer, _ = api(self.base, f"/api/v1/cases/{case_id}/transitions", "POST", step, token=DISPATCHER_TOKEN)
            assert status == 200, f"{step}: HTTP {status} {answer}"
        return case_id

    def case_status(self, case_id):
        status, case, _ = api(self.base, "/api/v1/cases/" + urllib.parse.quote(case_id))
        assert status == 200
        return case.get("properties") or case

    def open_task(self, case_id):
        """Taps the case in the task list (redrawn as answers come: found and tapped in one go)."""
        self.tab("tasks")
        self.wait.until(lambda d: d.execute_script(
            "const li = document.querySelector(arguments[0]); if (!li) return false; li.click(); return true;",
            f'#task-list li[data-case="{case_id}"]'))
        self.wait.until(lambda d: d.find_elements(By.ID, "step-event"))

    def hand_in(self, case_id, photo):
        """Opens the case from the task list and hands it in as handled with the after-photo."""
        self.open_task(case_id)
        Select(self.by_id("step-event")).select_by_value("reportHandled")
        self.by_id("step-photo").send_keys(photo)
        self.by_id("step-note").send_keys("已劝离")
        self.driver.find_element(By.CSS_SELECTOR, '#step-form button[type="submit"]').click()
        self.wait.until(lambda d: not self.by_id("detail").is_displayed())

    def test_hand_in_a_handled_case_with_an_after_photo(self):
        case_id = self.dispatched_case(f"现场测试-处置-{self.nonce}")
        self.hand_in(case_id, make_photo(os.path.join(self.scratch, "after.jpg"), "after " + case_id))
        self.wait.until(lambda d: all(a["state"] != "pending" for a in self.queue_state()))
        case = self.case_status(case_id)
        if self.photos:
            assert case["status"] == "handled", f"{case_id} is {case['status']}; queue {self.queue_state()}"
            stages = [p.get("stage") for p in case.get("photos") or []]
            assert stages == ["after"], f"{case_id}: photos {stages}"
        else:
            # No photo endpoint: the upload is refused, and the step that needs it is not sent.
            assert case["status"] == "dispatched", f"{case_id} moved without its photo"
            states = [a["state"] for a in self.queue_state()[-2:]]
            assert states == ["conflict", "conflict"], f"queue {self.queue_state()}"
            self.driver.execute_async_script("""const done = arguments[arguments.length - 1];
                F.queue.all().then(async a => { for (const x of a) if (x.state === 'conflict') await F.queue.remove(x.seq); done(); });""")

    def test_a_case_closed_meanwhile_is_shown_as_a_conflict(self):
        case_id = self.dispatched_case(f"现场测试-冲突-{self.nonce}")
        self.open_task(case_id)  # read once online: the service worker keeps it
        self.by_id("detail-close").click()
        set_offline(self.driver, True)
        self.hand_in(case_id, make_photo(os.path.join(self.scratch, "late.jpg"), "late " + case_id))
        # Meanwhile the grid center cancels the case.
        status, answer, _ = api(self.base, f"/api/v1/cases/{case_id}/transitions", "POST", {"event": "cancel"}, token=DISPATCHER_TOKEN)
        assert status == 200, f"cancel: HTTP {status} {answer}"
        set_offline(self.driver, False)
        self.wait.until(lambda d: all(a["state"] != "pending" for a in self.queue_state()))
        assert self.case_status(case_id)["status"] == "cancelled"
        self.tab("more")
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#queue-list li.conflict"))
        shown = self.driver.find_element(By.CSS_SELECTOR, "#queue-list").text
        assert case_id in shown, f"the conflict does not name {case_id}: {shown!r}"
        assert self.by_id("queue-badge").get_attribute("data-conflicts") not in (None, "0")
        self.shot("conflict")

    def test_no_script_errors(self):
        errors = [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"
                  and "Failed to load resource" not in e["message"] and "net::ERR_INTERNET_DISCONNECTED" not in e["message"]]
        assert not errors, f"console errors: {[e['message'][:200] for e in errors[:5]]}"

    def run(self):
        order = ["test_sign_in_and_see_tasks", "test_report_online_with_photo", "test_page_opens_offline_from_the_service_worker",
                 "test_report_offline_then_online", "test_both_cases_once_each_with_their_photos",
                 "test_hand_in_a_handled_case_with_an_after_photo", "test_a_case_closed_meanwhile_is_shown_as_a_conflict",
                 "test_no_script_errors"]
        run_checks(self, order, stop_at_failure=True)  # the day's steps build on each other

def main():
    return run_main(lambda args: FieldAppTest(args.base, args.artifacts))

if __name__ == "__main__":
    sys.exit(main())
