"""Measure the public pages and the framework API as served by `visiespiegel serve`.

Starts its own server on a fresh SQLite database in a temporary folder (loopback only), sends a
bounded number of GET requests from a few client threads, prints throughput and latency
percentiles per URL, and stops the server.

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import free_port, wait_until_up

PATHS = ["/", "/kader/", "/kader/?weergave=model", "/api/v1/frameworks/visie-passend-onderwijs"]


def get(port: int, path: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return time.perf_counter() - start, response.status, len(body)


def measure(port: int, path: str, requests: int, concurrency: int) -> None:
    with ThreadPoolExecutor(concurrency) as pool:
        get(port, path)  # warm up
        start = time.perf_counter()
        results = list(pool.map(lambda _: get(port, path), range(requests)))
        elapsed = time.perf_counter() - start
    latencies = sorted(r[0] * 1000 for r in results)
    errors = sum(1 for r in results if r[1] != 200)
    q = statistics.quantiles(latencies, n=100)
    print(
        f"{path:45} {requests / elapsed:7.0f} req/s   p50 {q[49]:6.1f} ms   "
        f"p95 {q[94]:6.1f} ms   p99 {q[98]:6.1f} ms   {results[0][2] / 1024:5.1f} KiB"
        f"   errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "DATA_DIR": data, "PORT": str(port)}
        env.pop("DATABASE_URL", None)
        cli = [sys.executable, "-m", "visiespiegel"]
        subprocess.run([*cli, "setup"], env=env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen([*cli, "serve"], env=env, stdout=subprocess.DEVNULL)
        try:
            wait_until_up(port)
            print(f"{args.requests} requests per URL, {args.concurrency} client threads")
            for path in PATHS:
                measure(port, path, args.requests, args.concurrency)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
