#!/usr/bin/env python3
"""Makes a test photo with known EXIF, written by Pillow and piexif (independent of the EXIF
reader and of libvips under test), and prints what it wrote as JSON on standard output.

    make_photo.py OUT --width 800 --height 600 [--format jpeg|png|webp]
                  [--taken "2026:11:30 09:15:02"] [--offset +08:00]
                  [--lat 31.2304 --lon 121.4737] [--orientation 6] [--truncate 0.6]

The picture is a left-to-right gradient with a red block in the top-left corner, so a test can
tell by its pixels which way up a rendition is. --truncate keeps that fraction of the bytes.
"""
import argparse
import io
import json
from fractions import Fraction

import piexif
from PIL import Image


def dms(value):
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = Fraction((value - d - m / 60) * 3600).limit_denominator(10000)
    return ((d, 1), (m, 1), (s.numerator, s.denominator))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=800)
    ap.add_argument("--height", type=int, default=600)
    ap.add_argument("--format", default="jpeg")
    ap.add_argument("--taken")
    ap.add_argument("--offset")
    ap.add_argument("--lat", type=float)
    ap.add_argument("--lon", type=float)
    ap.add_argument("--orientation", type=int)
    ap.add_argument("--truncate", type=float)
    ap.add_argument("--quality", type=int, default=90)
    a = ap.parse_args()

    img = Image.linear_gradient("L").resize((a.width, a.height)).convert("RGB")
    img.paste((255, 0, 0), (0, 0, max(1, a.width // 5), max(1, a.height // 5)))

    zeroth, exif_ifd, gps = {}, {}, {}
    if a.orientation:
        zeroth[piexif.ImageIFD.Orientation] = a.orientation
    if a.taken:
        exif_ifd[piexif.ExifIFD.DateTimeOriginal] = a.taken.encode()
    if a.offset:
        exif_ifd[piexif.ExifIFD.OffsetTimeOriginal] = a.offset.encode()
    if a.lat is not None and a.lon is not None:
        gps[piexif.GPSIFD.GPSLatitudeRef] = b"N" if a.lat >= 0 else b"S"
        gps[piexif.GPSIFD.GPSLatitude] = dms(a.lat)
        gps[piexif.GPSIFD.GPSLongitudeRef] = b"E" if a.lon >= 0 else b"W"
        gps[piexif.GPSIFD.GPSLongitude] = dms(a.lon)
    exif = piexif.dump({"0th": zeroth, "Exif": exif_ifd, "GPS": gps}) if (zeroth or exif_ifd or gps) else None

    buf = io.BytesIO()
    fmt = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}[a.format]
    kwargs = {"quality": a.quality} if fmt in ("JPEG", "WEBP") else {}
    if exif:
        kwargs["exif"] = exif
    img.save(buf, fmt, **kwargs)
    data = buf.getvalue()
    if a.truncate:
        data = data[: int(len(data) * a.truncate)]
    with open(a.out, "wb") as f:
        f.write(data)

    # What a reader should find: the rationals as written, turned back into degrees.
    def back(value):
        if value is None:
            return None
        d, m, s = dms(value)
        deg = d[0] / d[1] + m[0] / m[1] / 60 + s[0] / s[1] / 3600
        return -deg if value < 0 else deg

    print(json.dumps({"bytes": len(data), "latitude": back(a.lat), "longitude": back(a.lon),
                      "taken": a.taken, "offset": a.offset, "orientation": a.orientation}))


if __name__ == "__main__":
    main()
