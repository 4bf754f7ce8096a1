"""What the benchmarks (and the two-server test) share: servers started from the command line
on a fresh database, and simulated phones that keep their cookies like a browser.

Nothing here imports the app: servers run as `visiespiegel` processes, as in production.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
CLI = [sys.executable, "-m", "visiespiegel"]
# The shipped framework's keys and the roles that answer most (for the simulated phones).
THEMES = ["ondersteuning", "kinderen-ouders", "professionals", "samenspel", "swv", "kwaliteit"]
MODELS = ["specialisme", "maatwerk", "sterke-basis", "gemeenschap"]
ROLES = ["leraar", "onderwijsassistent", "intern-begeleider", "schoolleider", "ouder"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no server on port {port}")


@dataclass
class Site:
    """A fresh database (SQLite in a temporary folder, or a PostgreSQL URL) and the
    environment every process of it shares; `cli` runs `visiespiegel` commands on it."""

    database_url: str = ""
    settings: str = "visiespiegel.settings"
    extra_env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self._folder = tempfile.TemporaryDirectory()
        self.env = {
            **os.environ,
            "DATA_DIR": self._folder.name,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "DJANGO_SETTINGS_MODULE": self.settings,
            "PYTHONPATH": os.pathsep.join([str(BENCH), os.environ.get("PYTHONPATH", "")]),
            **self.extra_env,
        }
        self.env.pop("DATABASE_URL", None)
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url

    def cli(self, *command: str) -> str:
        return subprocess.run(
            [*CLI, *command], env=self.env, check=True, text=True, capture_output=True
        ).stdout

    def prepare(self) -> None:
        """Migrate (after emptying a PostgreSQL database) and import the framework."""
        if self.database_url:
            self.cli("migrate", "--noinput")
            self.cli("flush", "--noinput")
        self.cli("setup")

    def count(self, model: str = "Response") -> int:
        code = f"from visiespiegel.rounds.models import {model}; print({model}.objects.count())"
        return int(self.cli("shell", "--no-imports", "-c", code).strip())

    @contextmanager
    def server(self, workers: int = 1, port: int | None = None, env: dict | None = None):
        """`visiespiegel serve` on a free port; yields (port, process)."""
        port = port or free_port()
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            env={**self.env, **(env or {})},
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port)
            yield port, process
        finally:
            process.terminate()
            process.wait(timeout=30)

    def close(self) -> None:
        self._folder.cleanup()


def memory_mib(process: subprocess.Popen) -> tuple[float, float]:
    """Resident and peak resident memory of a server and its worker processes (MiB), from
    /proc (Linux)."""
    pids = [process.pid]
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    rss = peak = 0.0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = max(rss, int(line.split()[1]) / 1024)
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) / 1024)
    return rss, peak


class Phone:
    """One participant's connections, with its own cookies; given several ports it sends
    each request to the next server in turn, as a load balancer without sticky sessions
    would."""

    def __init__(self, *ports: int):
        self.connections = {
            p: http.client.HTTPConnection("127.0.0.1", p, timeout=60) for p in ports
        }
        self.turn = itertools.cycle(ports)
        self.cookies: dict[str, str] = {}
        self.timings: list[float] = []
        self.served_by: list[int] = []

    def request(
        self,
        method: str,
        path: str,
        body: str | None = None,
        content_type: str = "application/x-www-form-urlencoded",
    ) -> tuple[int, str]:
        port = next(self.turn)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = content_type
            headers["Referer"] = f"http://127.0.0.1:{port}/"
        start = time.perf_counter()
        connection = self.connections[port]
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        self.timings.append(time.perf_counter() - start)
        self.served_by.append(port)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text

    def form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        token = self.cookies.get("csrftoken", "")
        return self.request("POST", path, urlencode({"csrfmiddlewaretoken": token, **fields}))

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()


def api_body(rng: random.Random, units: list[int] | None = None) -> dict:
    return {
        "idempotency_key": str(uuid.UUID(int=rng.getrandbits(128))),
        "role": rng.choice(ROLES),
        "unit": rng.choice(units) if units else None,
        "answers": [
            {"theme": t, "now": rng.choice(MODELS), "wanted": rng.choice(MODELS)} for t in THEMES
        ],
    }


def answer_api(phone: Phone, path: str, rng: random.Random, units: list[int] | None = None):
    """One response in one POST to `path` (the product's join API or the bare endpoint)."""
    status, text = phone.request("POST", path, json.dumps(api_body(rng, units)), "application/json")
    if status != 201:
        raise AssertionError(f"{path}: {status} {text[:200]}")


def answer_html(phone: Phone, code: str, rng: random.Random, units: list[int] | None = None):
    """Everything a browser does: intro, start, role, school, each theme, review, submit, and
    the profile page it lands on."""

    def expect(status: int, result: tuple[int, str], step: str) -> None:
        if result[0] != status:
            raise AssertionError(f"{step}: {result[0]} {result[1][:300]}")

    expect(200, phone.request("GET", f"/d/{code}/"), "intro")
    expect(302, phone.form(f"/d/{code}/begin/", {}), "begin")
    expect(200, phone.request("GET", f"/d/{code}/rol/"), "role page")
    expect(302, phone.form(f"/d/{code}/rol/", {"role": rng.choice(ROLES)}), "role")
    if units:
        expect(200, phone.request("GET", f"/d/{code}/school/"), "school page")
        chosen = {"unit": str(rng.choice(units))}
        expect(302, phone.form(f"/d/{code}/school/", chosen), "school")
    for number in range(1, len(THEMES) + 1):
        expect(200, phone.request("GET", f"/d/{code}/thema/{number}/"), f"theme {number} page")
        chosen = {"now": rng.choice(MODELS), "wanted": rng.choice(MODELS)}
        expect(302, phone.form(f"/d/{code}/thema/{number}/", chosen), f"theme {number}")
    expect(200, phone.request("GET", f"/d/{code}/overzicht/"), "review")
    expect(302, phone.form(f"/d/{code}/versturen/", {}), "submit")
    expect(200, phone.request("GET", f"/d/{code}/profiel/"), "profile")


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max in milliseconds."""
    found = sorted(s * 1000 for s in seconds)

    def at(q: float) -> float:
        return found[min(len(found) - 1, int(q * len(found)))]

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": found[-1]}
