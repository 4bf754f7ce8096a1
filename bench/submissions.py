"""Many participants submitting at once against `visiespiegel serve`.

Starts its own server (loopback only) on a fresh database, creates a round through the CLI,
then lets CONCURRENCY simulated phones each send complete responses, either through the JSON
API (one POST each) or through the HTML flow (intro, start, role, six themes, review, submit:
eleven requests each, with cookies and CSRF tokens as a browser would). Prints throughput and
latency percentiles, checks that the database holds exactly one response per participant,
and stops the server. Bounded in count and time.

    .venv/bin/python bench/submissions.py [--participants 500] [--concurrency 50]
        [--mode api|html] [--database-url postgres://...] [--workers N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pages import free_port, wait_until_up

THEMES = ["ondersteuning", "kinderen-ouders", "professionals", "samenspel", "swv", "kwaliteit"]
MODELS = ["specialisme", "maatwerk", "sterke-basis", "gemeenschap"]
ROLES = ["leraar", "onderwijsassistent", "intern-begeleider", "schoolleider", "ouder"]


class Phone:
    """One participant's connection, with its own cookies."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.timings: list[float] = []

    def request(
        self,
        method: str,
        path: str,
        body: str | None = None,
        content_type: str = "application/x-www-form-urlencoded",
    ) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = content_type
            headers["Referer"] = "http://127.0.0.1/"
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        self.timings.append(time.perf_counter() - start)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text


def answer_api(port: int, code: str) -> Phone:
    phone = Phone(port)
    body = {
        "idempotency_key": str(uuid.uuid4()),
        "role": random.choice(ROLES),
        "unit": None,
        "answers": [
            {"theme": t, "now": random.choice(MODELS), "wanted": random.choice(MODELS)}
            for t in THEMES
        ],
    }
    status, _ = phone.request(
        "POST", f"/api/v1/join/{code}/responses", json.dumps(body), "application/json"
    )
    assert status == 201, status
    return phone


def _form(phone: Phone, path: str, fields: dict[str, str]) -> tuple[int, str]:
    from urllib.parse import urlencode

    token = phone.cookies.get("csrftoken", "")
    return phone.request("POST", path, urlencode({"csrfmiddlewaretoken": token, **fields}))


def answer_html(port: int, code: str) -> Phone:
    phone = Phone(port)
    status, _ = phone.request("GET", f"/d/{code}/")
    assert status == 200, status
    assert _form(phone, f"/d/{code}/begin/", {})[0] == 302
    assert _form(phone, f"/d/{code}/rol/", {"role": random.choice(ROLES)})[0] == 302
    for number in range(1, 7):
        status, _ = _form(
            phone,
            f"/d/{code}/thema/{number}/",
            {"now": random.choice(MODELS), "wanted": random.choice(MODELS)},
        )
        assert status == 302, status
    assert phone.request("GET", f"/d/{code}/overzicht/")[0] == 200
    assert _form(phone, f"/d/{code}/versturen/", {})[0] == 302
    return phone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--mode", choices=["api", "html"], default="api")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--workers", type=int, default=0, help="default: as visiespiegel serve")
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "DATA_DIR": data,
            "PORT": str(port),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "JOIN_FAILURE_LIMIT": "100000",
        }
        env.pop("DATABASE_URL", None)
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        cli = [sys.executable, "-m", "visiespiegel"]

        def run(*command: str) -> str:
            return subprocess.run(
                [*cli, *command], env=env, check=True, text=True, capture_output=True
            ).stdout

        if args.database_url:
            run("flush", "--noinput")
        run("setup")
        run("organisation", "create", "bench", "--name", "Bench")
        code = json.loads(run("round", "create", "bench", "--title", "Bench", "--json"))["code"]
        server = subprocess.Popen(
            [*cli, "serve", "--workers", str(args.workers)], env=env, stdout=subprocess.DEVNULL
        )
        try:
            wait_until_up(port)
            answer = answer_api if args.mode == "api" else answer_html
            start = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                phones = list(pool.map(lambda _: answer(port, code), range(args.participants)))
            elapsed = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=20)
        stored = run(
            "shell",
            "--no-imports",
            "-c",
            "from visiespiegel.rounds.models import Response; print(Response.objects.count())",
        ).strip()
    timings = sorted(t * 1000 for phone in phones for t in phone.timings)
    q = statistics.quantiles(timings, n=100)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{args.participants} participants, {args.concurrency} at once, {args.mode} flow, "
        f"{database}, {args.workers} worker(s)"
    )
    print(
        f"  {args.participants / elapsed:7.1f} responses/s   {len(timings) / elapsed:7.1f} "
        f"requests/s   total {elapsed:5.1f} s"
    )
    print(
        f"  request latency  p50 {q[49]:6.1f} ms   p95 {q[94]:6.1f} ms   p99 {q[98]:6.1f} ms"
        f"   max {timings[-1]:6.1f} ms"
    )
    print(f"  responses stored: {stored} (expected {args.participants})")
    if int(stored) != args.participants:
        raise SystemExit("lost or duplicated responses")


if __name__ == "__main__":
    main()
