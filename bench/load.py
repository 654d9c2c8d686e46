"""Load benchmark: many people using a running Herningmodel at once (a Monday morning).

    python bench/load.py --host http://127.0.0.1:8000 [--users 50] [--duration 120]

Simulated users log in through the real log-in form (demo log-ins, so the server must run in
demo mode) and then loop over a realistic mix, with a think time of 1–3 s between requests:
caseworkers open their front page, their cases, a follow-up form and save it, and list cases
through the API; one user in ten is a controller who reads the monitoring dashboards. At the
end it prints requests per second, p50/p95/p99 per page and the error count, and exits 1 on
any error. Run it against gunicorn on PostgreSQL with the `default` demo (docs/benchmarks.md
has the commands and the last result). It prints figures; it asserts no timing.

Why not locust: it would be one more dependency (with gevent, which monkey-patches the
interpreter) for what ~200 lines of the standard library do. Each simulated user is a thread
with its own cookie jar; a user spends almost all its time waiting on the server or thinking,
so the GIL is not the bottleneck — but the generator does share the machine's CPUs with the
server, which the figures include.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

PASSWORD = "demo-herning"  # noqa: S105 - the demo's published password
CASEWORKERS = [
    f"sagsbehandler-{team}"
    for team in ("nord", "syd", "oest", "vest", "midt", "skov", "fjord", "bakke", "eng", "aa")
]
CONTROLLER = "controller"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
SCORE_INPUT = re.compile(r'<input type="number" name="(score_\w+)"[^>]*?min="(-?\d+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 302 after a save is the answer we measure, not a second request."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    refused: int = 0

    def add(self, page: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[page].append(seconds)
            if error:
                self.errors[page].append(error)


class User:
    def __init__(self, host: str, username: str, results: Results, rng: random.Random) -> None:
        self.host = host.rstrip("/")
        self.username = username
        self.results = results
        self.rng = rng
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect()
        )
        self.case_ids: list[int] = []
        self.follow_up_ids: list[int] | None = None
        self.status = 0

    def request(
        self, page: str, path: str, data: dict[str, str] | None = None, ok: tuple[int, ...] = (200,)
    ) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.host + path}
        request = urllib.request.Request(self.host + path, data=body, headers=headers)  # noqa: S310
        start = time.perf_counter()
        error = None
        text = ""
        try:
            with self.opener.open(request, timeout=30) as response:
                status = response.status
                text = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status = exc.code
            text = exc.read().decode("utf-8", "replace")
        except OSError as exc:
            status = 0
            error = f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - start
        if error is None and status not in ok:
            error = f"HTTP {status} on {path}"
        self.results.add(page, elapsed, error)
        self.status = status
        return text

    def log_in(self) -> None:
        form = self.request("log-in form", "/login/")
        token = CSRF_INPUT.search(form)
        self.request(
            "log-in",
            "/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.username,
                "password": PASSWORD,
            },
            ok=(302,),
        )

    def think(self) -> None:
        time.sleep(self.rng.uniform(1.0, 3.0))

    # --- the caseworker's mix ---------------------------------------------------------

    def front_page(self) -> None:
        self.request("front page", "/")

    def my_cases(self) -> None:
        text = self.request("my cases", "/cases/")
        self.case_ids = [int(i) for i in CASE_LINK.findall(text)]

    def case_page(self) -> None:
        if self.case_ids:
            self.request("case page", f"/cases/{self.rng.choice(self.case_ids)}/")

    def follow_up(self) -> None:
        if self.follow_up_ids is None:
            self.follow_up_ids = list(self.case_ids)
        if not self.follow_up_ids:
            return
        case_id = self.rng.choice(self.follow_up_ids)
        path = f"/cases/{case_id}/follow-up/"
        form = self.request("follow-up form", path)
        token = CSRF_INPUT.search(form)
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "held_on": dt.date.today().isoformat(),  # noqa: DTZ011 - the server's local day
            "goals_moved": self.rng.choice(["yes", "partly", "no"]),
            "decision": "continue",
            "note": "Belastningstest (fiktiv).",
        }
        for name, minimum in SCORE_INPUT.findall(form):
            data[name] = str(int(minimum) + self.rng.randint(0, 4))
        self.think()
        self.request("follow-up save", path, data, ok=(302, 422))
        if self.status == 422:
            # The rules refuse a follow-up on a case without an intervention yet (a correct
            # answer, shown on the form): this person follows up on other cases from now on.
            self.follow_up_ids.remove(case_id)
            with self.results.lock:
                self.results.refused += 1

    def api_list(self) -> None:
        self.request("API case list", "/api/cases")

    # --- the controller's mix ---------------------------------------------------------

    def dashboard(self) -> None:
        self.request("dashboard", self.rng.choice(["/monitoring/", "/monitoring/costs/"]))


def run_user(user: User, stop_at: float) -> None:
    user.log_in()
    if user.username == CONTROLLER:
        tasks = [(user.dashboard, 4), (user.front_page, 1)]
    else:
        user.my_cases()
        tasks = [
            (user.front_page, 2),
            (user.case_page, 5),
            (user.my_cases, 1),
            (user.follow_up, 1),
            (user.api_list, 1),
        ]
    actions = [task for task, weight in tasks for _ in range(weight)]
    while time.monotonic() < stop_at:
        user.think()
        if time.monotonic() >= stop_at:
            break
        user.rng.choice(actions)()


def percentile(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds to start all users")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    results = Results()
    start = time.monotonic()
    stop_at = start + args.ramp + args.duration
    threads = []
    for n in range(args.users):
        name = CONTROLLER if n % 10 == 9 else CASEWORKERS[n % len(CASEWORKERS)]
        user = User(args.host, name, results, random.Random(args.seed * 1000 + n))  # noqa: S311
        thread = threading.Thread(target=run_user, args=(user, stop_at), daemon=True)
        threads.append(thread)
        thread.start()
        time.sleep(args.ramp / max(args.users, 1))
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start

    total = sum(len(v) for v in results.times.values())
    errors = sum(len(v) for v in results.errors.values())
    print(
        f"{args.users} users, {elapsed:.0f} s ({args.ramp:.0f} s ramp-up): {total} requests, "
        f"{total / elapsed:.1f} requests/s, {errors} errors"
    )
    print(f"follow-up saves refused by the rules (case without an intervention): {results.refused}")
    print(f"{'page':<18} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for page in sorted(results.times):
        ms = [t * 1000 for t in results.times[page]]
        print(
            f"{page:<18} {len(ms):>8} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f} "
            f"{percentile(ms, 99):>8.0f} {len(results.errors[page]):>7}"
        )
    for page, messages in sorted(results.errors.items()):
        for message in sorted(set(messages))[:5]:
            print(f"error: {page}: {message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
