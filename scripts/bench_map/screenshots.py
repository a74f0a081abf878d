"""Screenshots of the web map at three zooms (district, sub-district, street), for the README:
the district as the page opens it, then zoom 15 and zoom 18 around the busiest cluster.

usage: screenshots.py BASE OUT_DIR"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

base, out = sys.argv[1].rstrip("/"), sys.argv[2]
options = webdriver.ChromeOptions()
options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,900",
                 "--lang=zh-CN", "--no-first-run", "--disable-extensions"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
driver.set_script_timeout(120)
settle = """
    const [lat, lon, zoom, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
    const map = document.getElementById('map'), before = Number(map.dataset.loaded || 0);
    CG.map.setView([lat, lon], zoom, {animate: false});
    const wait = () => Number(map.dataset.loaded || 0) > before ? setTimeout(done, 400) : setTimeout(wait, 20);
    wait();"""
try:
    driver.get(base + "/")
    while driver.execute_script("return document.body.dataset.ready") != "true":
        time.sleep(0.2)
    driver.execute_script("document.getElementById('panel').classList.add('closed'); CG.map.invalidateSize();")
    time.sleep(1)
    c = driver.execute_script("const c = CG.map.getCenter(); return [c.lat, c.lng, CG.map.getZoom()];")
    driver.execute_async_script(settle, c[0], c[1], 13)
    driver.save_screenshot(os.path.join(out, "map-district-z13.png"))
    busiest = driver.execute_script("""const fs = (CG.lod.data || {}).features || [];
        const f = fs.slice().sort((a, b) => b.properties.overdue - a.properties.overdue)[0];
        return f ? [f.geometry.coordinates[1], f.geometry.coordinates[0]] : null;""") or c[:2]
    driver.execute_async_script(settle, busiest[0], busiest[1], 16)
    driver.save_screenshot(os.path.join(out, "map-cells-z16.png"))
    driver.execute_async_script(settle, busiest[0], busiest[1], 18)
    driver.save_screenshot(os.path.join(out, "map-street-z18.png"))
    driver.execute_async_script(settle, c[0], c[1], 14)
    driver.execute_script("document.getElementById('heat').click();")
    time.sleep(2)
    driver.save_screenshot(os.path.join(out, "map-heat-z14.png"))
finally:
    driver.quit()
