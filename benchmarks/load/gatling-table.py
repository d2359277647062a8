#!/usr/bin/env python3
"""Prints a Markdown table from a Gatling 3.15 HTML report (REPORT/index.html): per request name the count,
failures, requests/s and response-time percentiles, as the report's statistics table shows them.
Usage: gatling-table.py REPORT/index.html"""
import re
import sys

# The statistics table's columns, by their class names in the report.
COLUMNS = {"total": 2, "ko": 4, "rps": 6, "p50": 8, "p75": 9, "p95": 10, "p99": 11, "max": 12, "mean": 13}


def main(path):
    html = open(path, encoding="utf-8").read()
    print("| request | count | failed | req/s | p50 ms | p75 ms | p95 ms | p99 ms | max ms | mean ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        name = re.search(r'class="ellipsed-name">([^<]+)</span>', row)
        cells = dict(re.findall(r'class="value [a-z]+ col-(\d+)">([^<]*)<', row))
        if not name or not cells:
            continue
        values = [cells.get(str(COLUMNS[key]), "-").strip() for key in
                  ("total", "ko", "rps", "p50", "p75", "p95", "p99", "max", "mean")]
        print("| %s | %s |" % (name.group(1), " | ".join(values)))


if __name__ == "__main__":
    main(sys.argv[1])
