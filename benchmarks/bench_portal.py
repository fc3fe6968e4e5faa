#!/usr/bin/env python3
"""SQL queries of the portal list of improvement actions for 20 and for 200 actions of a client.

Runs the test TestCxActionPortalQueries through ``./cx test`` (a throwaway database with
cx_management installed, a client with a portal user, 20 then 200 published actions) and prints
the number of SQL queries of one request of /my/cx/actions, caches warm, for both sizes.

Usage, from the repository root:  python3 benchmarks/bench_portal.py
(set CX_TEST_HTTP_PORT when another Odoo uses the default test port).
``--log FILE`` reads the figures from the log of a ./cx test run that ran that test instead
(./cx test does so with its own log, so that this script cannot rot).
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = re.compile(r"cx portal list: (\d+) actions -> (\d+) queries; (\d+) actions -> (\d+) queries")


def read(path):
    with open(path, encoding="utf-8", errors="replace") as log_file:
        return log_file.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--log", help="read the figures from this log of ./cx test")
    args = parser.parse_args()
    if args.log:
        run = subprocess.CompletedProcess([], 0, f"(log: {args.log})\n", "")
    else:
        env = dict(os.environ, CX_TEST_TAGS="/cx_management:TestCxActionPortalQueries")
        run = subprocess.run(
            [os.path.join(ROOT, "cx"), "test"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    match = re.search(r"\(log: (\S+)\)", run.stdout)
    found = LINE.findall(read(match.group(1))) if match else []
    if not found:
        sys.stdout.write(run.stdout + run.stderr)
        sys.exit("bench_portal: the benchmark did not run (see the output above)")
    small_n, small_q, large_n, large_q = map(int, found[-1])
    print("portal list /my/cx/actions, SQL queries per request (caches warm):")
    print(f"  {small_n:>4} actions: {small_q} queries")
    print(f"  {large_n:>4} actions: {large_q} queries")
    print("constant" if large_q <= small_q else f"GROWS by {large_q - small_q} queries")
    sys.exit(0 if run.returncode == 0 else 1)


if __name__ == "__main__":
    main()
