"""A real OpenID Connect provider (npm oidc-provider, tests/sso/provider.mjs) in a second
process, and a user agent that logs in through it the way a browser would."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "sso" / "provider.mjs"
CLIENT_ID = "herningmodel-test"
CLIENT_SECRET = "test-client-secret-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def available() -> str | None:
    """Why the provider cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        return "node_modules/oidc-provider is missing (run npm ci)"
    return None


def require() -> None:
    """Skip the test when the provider cannot run here; in CI (HERNINGMODEL_REQUIRE_BROWSER=1,
    which also installs node_modules) fail instead, so the SSO tests never silently vanish."""
    why = available()
    if why is None:
        return
    if os.environ.get("HERNINGMODEL_REQUIRE_BROWSER", "") == "1":
        pytest.fail(f"the OpenID Connect provider cannot run: {why}")
    pytest.skip(why)


@dataclass
class LocalProvider:
    redirect_uris: list[str]
    port: int = field(default_factory=free_port)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.issuer = f"http://127.0.0.1:{self.port}"
        self._dir = tempfile.mkdtemp(prefix="oidc-provider-")
        self.accounts_file = Path(self._dir) / "accounts.json"
        self.save_accounts()
        self._process: subprocess.Popen[bytes] | None = None

    def save_accounts(self) -> None:
        self.accounts_file.write_text(json.dumps(self.accounts))

    def set_account(
        self, login: str, *, groups: list[str], claims: dict[str, Any] | None = None, **extra: Any
    ) -> None:
        """An account whose ID token will carry ``groups`` and any other ``claims``; ``extra``
        sets the log-in's ``amr`` or ``acr``."""
        claims = {
            "groups": groups,
            "email": f"{login}@herning.example",
            "given_name": login.title(),
            "family_name": "Testesen",
            **(claims or {}),
        }
        self.accounts[login] = {"password": f"pw-{login}", "claims": claims, **extra}
        self.save_accounts()

    def start(self) -> None:
        env = {
            **os.environ,
            "OP_PORT": str(self.port),
            "OP_CLIENT_ID": CLIENT_ID,
            "OP_CLIENT_SECRET": CLIENT_SECRET,
            "OP_REDIRECT_URIS": ",".join(self.redirect_uris),
            "OP_ACCOUNTS": str(self.accounts_file),
        }
        self._process = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
            ["node", str(SCRIPT)],  # noqa: S607 - node from PATH, like npm
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(200):
            if self._process.poll() is not None:
                out = self._process.stdout.read().decode() if self._process.stdout else ""
                raise RuntimeError(f"The OpenID Connect provider did not start:\n{out}")
            try:
                requests.get(self.discovery_url, timeout=1).raise_for_status()
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("The OpenID Connect provider did not answer within 10 s.")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
        shutil.rmtree(self._dir, ignore_errors=True)

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def next_id_token(self, mode: str) -> None:
        """Make the next token response carry a tampered, expired, wrong-audience or
        wrong-issuer ID token (signed by the provider's own key, except "tampered")."""
        response = requests.post(
            f"{self.issuer}/__test__/next-id-token", data={"mode": mode}, timeout=5
        )
        response.raise_for_status()

    def sign_in(self, authorize_url: str, login: str, password: str | None = None) -> str:
        """Follow the provider's pages as a browser would: the log-in form, then back. Returns
        the URL the provider sends the browser back to (our callback with code and state)."""
        agent = requests.Session()
        url = authorize_url
        for _ in range(10):
            response = agent.get(url, allow_redirects=False, timeout=5)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["Location"])
                if not url.startswith(self.issuer):
                    return url
                continue
            match = re.search(r'action="([^"]+)"', response.text)
            if response.status_code != 200 or match is None:
                raise AssertionError(f"Unexpected page from the provider: {response.text[:500]}")
            response = agent.post(
                urljoin(url, match.group(1)),
                data={"login": login, "password": password or f"pw-{login}"},
                allow_redirects=False,
                timeout=5,
            )
            if response.status_code not in (302, 303):
                raise AssertionError(f"The provider refused the log-in: {response.text[:500]}")
            url = urljoin(url, response.headers["Location"])
        raise AssertionError("Too many redirects at the provider.")
