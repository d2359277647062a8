#!/usr/bin/env python3
"""Prints a Markdown table from a Gatling report's js/stats.js: requests, failures, req/s and latency percentiles
per request name. Usage: gatling-table.py REPORT/js/stats.js"""
import re
import sys

FIELDS = ["numberOfRequests", "meanNumberOfRequestsPerSecond", "percentiles1", "percentiles2", "percentiles3",
          "percentiles4", "maxResponseTime"]


def value(block, field, kind):
    match = re.search(r'"?%s"?\s*:\s*\{[^}]*?"?%s"?\s*:\s*"?\s*([-0-9.,]+)' % (field, kind), block, re.S)
    return match.group(1).replace(",", "").strip() if match else "-"


def main(path):
    text = open(path, encoding="utf-8").read()
    # Every stats object: the global one first, then one per request name.
    blocks = re.findall(r'"?stats"?\s*:\s*\{\s*"name"\s*:\s*"([^"]+)"(.*?"meanNumberOfRequestsPerSecond"\s*:\s*\{.*?\})',
                        text, re.S)
    print("| request | count | failed | req/s | p50 ms | p75 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, block in blocks:
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            "all requests" if name in ("All Requests", "Global Information") else name,
            value(block, "numberOfRequests", "total"), value(block, "numberOfRequests", "ko"),
            value(block, "meanNumberOfRequestsPerSecond", "total"),
            value(block, "percentiles1", "total"), value(block, "percentiles2", "total"),
            value(block, "percentiles3", "total"), value(block, "percentiles4", "total"),
            value(block, "maxResponseTime", "total")))


if __name__ == "__main__":
    main(sys.argv[1])
