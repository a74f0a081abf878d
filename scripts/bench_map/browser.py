"""The web map in headless Chromium under a sequence of seeded pans and zooms: for each step, the
time from the move to the map idle (the page's refresh after `moveend` done: every layer and the
level of detail loaded and drawn, then one animation frame), the drawn elements (SVG paths, DOM
markers, canvas aggregates, base paths: CG.drawnElements), and at the end the page's JS heap after
a forced garbage collection (CDP HeapProfiler.collectGarbage, then Performance.getMetrics).

usage: browser.py BASE STEPS SEED OUT_PREFIX
Prints one line per step and a summary line: RESULT steps p50_ms p95_ms max_ms max_elements heap_mb"""
import os
import random
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

base, steps, seed, out = sys.argv[1].rstrip("/"), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
options = webdriver.ChromeOptions()
options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,900",
                 "--lang=zh-CN", "--no-first-run", "--disable-extensions", "--enable-precise-memory-info"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
driver.set_page_load_timeout(120)
driver.set_script_timeout(60)
try:
    driver.get(base + "/")
    deadline = time.time() + 300
    while driver.execute_script("return document.body.dataset.ready") != "true":
        if time.time() > deadline:
            raise SystemExit("the page did not become ready within 300 s")
        time.sleep(0.2)
    district = driver.execute_script("const b = CG.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];")
    # One move and its wait, inside the page: the clock starts when the move is made and stops when
    # refreshLayers (on moveend) has drawn and a frame has been painted.
    move = """
        const [kind, lon, lat, zoom, done] = [arguments[0], arguments[1], arguments[2], arguments[3], arguments[arguments.length - 1]];
        const map = document.getElementById('map'), before = Number(map.dataset.loaded || 0), t0 = performance.now();
        if (kind === 'zoom') CG.map.setView([lat, lon], zoom, {animate: false});
        else CG.map.panTo([lat, lon], {animate: false});
        const wait = () => Number(map.dataset.loaded || 0) > before
            ? requestAnimationFrame(() => done([performance.now() - t0, CG.drawnElements(), map.dataset.level || '', CG.map.getZoom()]))
            : setTimeout(wait, 5);
        wait();"""
    times, counts, levels = [], [], {}
    for step in range(steps):
        lon = rng.uniform(district[0], district[2])
        lat = rng.uniform(district[1], district[3])
        zoom = driver.execute_script("return CG.map.getZoom()")
        if step % 2 == 0:
            zoom = rng.randint(12, 18)
            kind = "zoom"
        else:
            kind = "pan"
        ms, drawn, level, z = driver.execute_async_script(move, kind, lon, lat, zoom)
        times.append(ms)
        counts.append(drawn)
        levels[level] = levels.get(level, 0) + 1
        print(f"step {step + 1:2d} {kind:4s} zoom {z:2d}: idle after {ms:6.0f} ms, {drawn:5d} drawn, level {level}", flush=True)
        if step in (0, 10, 40):
            driver.save_screenshot(f"{out}-step{step + 1}-z{z}.png")
    driver.execute_cdp_cmd("HeapProfiler.enable", {})
    driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})
    driver.execute_cdp_cmd("Performance.enable", {})
    metrics = {m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
    heap = metrics["JSHeapUsedSize"] / 2 ** 20
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    for e in errors[:5]:
        print("browser error:", e["message"][:200])
    ordered = sorted(times)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    print("levels: " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())))
    print(f"RESULT {steps} {p(0.5):.0f} {p(0.95):.0f} {max(times):.0f} {max(counts)} {heap:.1f} {len(errors)}")
finally:
    driver.quit()
