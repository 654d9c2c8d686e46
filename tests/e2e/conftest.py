"""Browser tests: a live server with the small demo, driven by Debian's Chromium via playwright.

They skip with a reason when /usr/bin/chromium or node_modules/axe-core is missing, so
`make test` still runs on a bare machine; with HERNINGMODEL_REQUIRE_BROWSER=1 (set by .ci/run)
a missing browser or axe-core is a failure instead.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS
from django.test import override_settings
from playwright.sync_api import Browser, BrowserContext, Page

from herningmodel.people.cpr import CprRedactingFilter
from herningmodel.people.models import Child, Person
from tests.conftest import FAST_PASSWORD_HASHERS, SERIALIZED_CONTENTS
from tests.e2e import demo
from tests.e2e.ui import AXE_PATH, AXE_URL, Ui

CHROMIUM = Path(os.environ.get("HERNINGMODEL_CHROMIUM", "/usr/bin/chromium"))
# The launch arguments verified on this machine kind (STACK-NOTES.md, row 8).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
# A CPR number with or without its dash (DDMMYY-SSSS).
CPR_IN_URL = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


def url_tokens(url: str) -> set[str]:
    """The words in a URL, decoded: /children/?q=Alma → {"children", "q", "alma", …}."""
    return {t.lower() for t in re.split(r"[\W_]+", unquote_plus(url)) if t}


def browser_required() -> bool:
    return os.environ.get("HERNINGMODEL_REQUIRE_BROWSER", "") == "1"


@pytest.fixture(scope="session")
def browser_tools() -> None:
    """Skip (or, in CI, fail) when the browser or axe-core is not installed."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not AXE_PATH.exists():
        missing.append("node_modules/axe-core (npm ci)")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if browser_required():
            pytest.fail(reason + "; HERNINGMODEL_REQUIRE_BROWSER=1 makes this a failure")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def _async_unsafe() -> None:
    """Playwright's sync API runs an event loop in the test thread, which Django would take for
    async code and refuse ORM calls. The browser tests run last (see tests/conftest.py), so
    the switch only ever applies to them."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], browser_tools: None, _async_unsafe: None
) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": VIEWPORT, "locale": "da-DK"}


@pytest.fixture(scope="session")
def demo_snapshot(
    django_db_setup: None, django_db_blocker: Any, browser_tools: None, _async_unsafe: None
) -> demo.Snapshot:
    """The product's small demo, generated once for the session (see demo.py), its log-ins'
    passwords hashed the way the tests check them."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        return demo.generate(SERIALIZED_CONTENTS[DEFAULT_DB_ALIAS])


def wait_for_requests(server: Any, timeout: float = 60.0) -> None:
    """Wait until the live server has answered every request it has begun.

    The browser may still be loading a page when a test ends; on SQLite's shared in-memory
    database the server's read would then lock the tables that the flush after the test empties
    ("database table is locked"). Each request runs in a thread of the server's own.
    """
    httpd = getattr(server.thread, "httpd", None)
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        target = getattr(thread, "_target", None)
        if getattr(target, "__self__", None) is httpd and httpd is not None:
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def live_demo(live_server: Any, settings: Any, demo_snapshot: demo.Snapshot) -> Iterator[Any]:
    """A live server with the small demo as generated, its log-ins allowed as in demo mode."""
    settings.HERNINGMODEL_DEMO = True
    demo_snapshot.restore()
    yield live_server
    wait_for_requests(live_server)


@pytest.fixture
def personal_words(live_demo: Any) -> list[str]:
    """Everything that identifies a demo person: names and CPR numbers."""
    words = set()
    for child in Child.objects.all():
        words.update({child.first_name, child.last_name})
        if child.cpr:
            words.update({child.cpr, child.cpr.replace("-", "")})
    for person in Person.objects.all():
        words.update({person.first_name, person.last_name})
    return sorted(w for w in words if w)


def serve_axe(route: Any) -> None:
    route.fulfill(path=AXE_PATH, content_type="text/javascript")


class LogCapture(logging.Handler):
    """What the application writes to its log during a test, after the same CPR redaction
    filter that every configured handler has."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.addFilter(CprRedactingFilter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def app_log() -> Iterator[LogCapture]:
    capture = LogCapture()
    # The loggers settings.LOGGING configures; "django" and "axes" do not propagate to root.
    loggers = [logging.getLogger(name) for name in ("", "django", "axes")]
    for logger in loggers:
        logger.addHandler(capture)
    yield capture
    for logger in loggers:
        logger.removeHandler(capture)


@pytest.fixture
def new_ui(
    browser: Browser, live_demo: Any, personal_words: list[str], app_log: LogCapture
) -> Iterator[Any]:
    """Open a fresh browser context (its own cookies) as a `Ui`. When the test ends, checks
    every URL the browser requested and every line the application logged for CPR numbers
    and the demo's names."""
    contexts: list[tuple[BrowserContext, Ui]] = []

    def make(language: str = "da") -> Ui:
        context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
        context.add_cookies(
            [
                {
                    "name": django_settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "url": live_demo.url,
                }
            ]
        )
        # axe-core is served from the page's own origin, so the page's CSP stays in force.
        context.route(AXE_URL, serve_axe)
        ui = Ui(context.new_page(), live_demo.url, language)
        contexts.append((context, ui))
        return ui

    yield make
    urls = [url for _, ui in contexts for url in ui.requested]
    problems = [ui.console_errors for _, ui in contexts if ui.console_errors]
    for context, _ in contexts:
        context.close()
    words = {w.lower() for w in personal_words}
    leaks = [url for url in urls if CPR_IN_URL.search(url) or words & url_tokens(url)]
    assert not leaks, f"personal data in URLs: {leaks}"
    logged = [line for line in app_log.lines if CPR_IN_URL.search(line) or words & url_tokens(line)]
    assert not logged, f"personal data in the application's log: {logged}"
    assert not problems, f"browser console errors: {problems}"


@pytest.fixture
def ui(new_ui: Any) -> Ui:
    return new_ui()


@pytest.fixture
def page(ui: Ui) -> Page:
    return ui.page
