#!/usr/bin/env python3
"""An independent reader of CityGrid's /metrics: the Prometheus project's own Python client parses
the text exposition format (prometheus_client.parser.text_string_to_metric_families), sharing no
code with the Swift server or with swift-prometheus. A malformed exposition makes it fail.

Usage: prometheus_exposition.py EXPOSITION.txt
Prints JSON: {"families": {name: type, ...},
              "samples": [{"name": ..., "labels": {...}, "value": ...}, ...]}
with family names as the parser reports them (a counter's without its `_total`).
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    families, samples = {}, []
    for family in text_string_to_metric_families(text):
        if family.name in families:
            sys.exit(f"family {family.name} appears twice")
        families[family.name] = family.type
        for sample in family.samples:
            samples.append({"name": sample.name, "labels": dict(sample.labels), "value": sample.value})
    json.dump({"families": families, "samples": samples}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
