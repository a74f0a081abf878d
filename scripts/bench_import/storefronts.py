"""N seeded storefronts (seed 20261129) as CSV: lon,lat in WGS84 over 1 by 1 degree around Shanghai,
then 10 attributes (SHOP_ID, NAME, ADDRESS, a GB 32100-2015 licence code with its check character
or none, LIC_STATUS, TRADE, FLAGS, FLOOR, AREA_M2, OPENED). scripts/bench-import and
scripts/bench-import-pg turn it into the same shapefile with ogr2ogr.

usage: storefronts.py N OUT.csv"""
import csv, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261129)
alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
def licence():
    # A GB 32100-2015 unified social credit code with its check character.
    body = "91310101" + "".join(rng.choice(alphabet) for _ in range(9))
    s = sum(alphabet.index(c) * w for c, w in zip(body, weights))
    return body + alphabet[(31 - s % 31) % 31]
trades = ["餐饮", "便利店", "五金", "美发", "服装", "水果", "药店", "烟酒"]
flags = ["", "", "", "wallBreaking", "outsideTrading", "illegalSignboard,nuisance", "doorstepPledgeSigned"]
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["lon", "lat", "SHOP_ID", "NAME", "ADDRESS", "LICENCE", "LIC_STATUS", "TRADE", "FLAGS", "FLOOR", "AREA_M2", "OPENED"])
    for i in range(n):
        licensed = rng.random() < 0.8
        w.writerow([f"{121.0 + 1.0 * rng.random():.7f}", f"{30.8 + 1.0 * rng.random():.7f}", f"SF-{i:07d}",
                    f"{rng.choice(trades)}店{i}", f"上海市某区某路{rng.randint(1, 2000)}号",
                    licence() if licensed else "", "licensed" if licensed else "unlicensed",
                    rng.choice(trades), rng.choice(flags), rng.randint(1, 5), f"{rng.uniform(8, 300):.1f}",
                    f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
