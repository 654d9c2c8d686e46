"""A thin layer over a playwright page: log in through the real form, run axe, take screenshots."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The path axe is served under (by a playwright route, on the page's own origin).
AXE_URL = "**/__e2e__/axe.min.js"
SCREENSHOTS = ROOT / "out" / "screenshots"
GUIDE_IMAGES = ROOT / "docs" / "guide" / "img"
AXE_TAGS = ["wcag2a", "wcag2aa"]
NAVIGATION_TIMEOUT_MS = 30_000
# The log-in form's visible labels, per interface language.
LOGIN_WORDS = {
    "da": {"username": "Brugernavn", "password": "Adgangskode", "logout": "Log ud"},
    "en": {"username": "Username", "password": "Password", "logout": "Log out"},
}


@dataclass
class Ui:
    page: Page
    base_url: str
    language: str = "da"
    requested: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("request", lambda request: self.requested.append(request.url))
        self.page.on(
            "console",
            lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        self.page.set_default_timeout(10_000)
        # A page of the demo's figures (the monitoring overview) and the first request to a cold
        # server can take several seconds on a busy machine: navigations get longer.
        self.page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)

    def go(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Log in through the real form, as a person would: labels, then Enter."""
        self.go("/login/")
        self.login_here(username, password)

    def login_here(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Fill in and send the log-in form already on the page."""
        words = LOGIN_WORDS[self.language]
        self.page.get_by_label(words["username"]).fill(username)
        self.page.get_by_label(words["password"]).fill(password)
        self.page.get_by_label(words["password"]).press("Enter")
        expect(self.page.get_by_role("button", name=words["logout"])).to_be_visible()

    def axe(self) -> list[dict[str, Any]]:
        """Run axe-core's WCAG 2 A and AA rules on the page; return the violations."""
        self.page.add_script_tag(url=self.base_url + "/__e2e__/axe.min.js")
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: tags, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        return list(result["violations"])

    def broken_references(self) -> list[str]:
        """Labels and ARIA attributes that point at ids missing from the page. axe only marks
        these "needs review", but a screen reader then reads no label, help or error."""
        return list(
            self.page.evaluate(
                r"""() => {
                  const broken = [];
                  for (const label of document.querySelectorAll('label[for]')) {
                    if (!document.getElementById(label.htmlFor))
                      broken.push(`label for="${label.htmlFor}": ${label.textContent.trim()}`);
                  }
                  for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
                    for (const el of document.querySelectorAll(`[${attr}]`)) {
                      for (const id of el.getAttribute(attr).split(/\s+/).filter(Boolean)) {
                        if (!document.getElementById(id))
                          broken.push(`${el.tagName.toLowerCase()}#${el.id} ${attr}="${id}"`);
                      }
                    }
                  }
                  return broken;
                }"""
            )
        )

    def screenshot(self, name: str) -> Path:
        """Save the page under out/screenshots/; also under docs/guide/img/ when the guide's
        images are being regenerated (HERNINGMODEL_GUIDE_IMAGES=1)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=path)
        if os.environ.get("HERNINGMODEL_GUIDE_IMAGES") == "1":
            GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
            (GUIDE_IMAGES / path.name).write_bytes(path.read_bytes())
        return path


def describe(violations: list[dict[str, Any]]) -> str:
    """axe's violations as text a person can act on: rule, impact, help, each failing node."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:8]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)
