"""pysaml2's identity provider (tests/sso/saml_idp.py) in a second process, with fresh keys and
certificates for it and for Herningmodel, and the two metadata files exchanged."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import override_settings

from tests.sso.provider import ROOT, free_port

SP_BASE = "http://testserver"


def require() -> None:
    if shutil.which("xmlsec1") is None:
        import os

        if os.environ.get("HERNINGMODEL_REQUIRE_BROWSER", "") == "1":
            pytest.fail("xmlsec1 is missing (apt-get install xmlsec1)")
        pytest.skip("xmlsec1 is missing (apt-get install xmlsec1)")


def key_and_certificate(directory: Path, name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


@dataclass
class LocalSamlIdp:
    sp_base: str = SP_BASE
    port: int = field(default_factory=free_port)
    accounts: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.base = f"http://127.0.0.1:{self.port}"
        self.dir = Path(tempfile.mkdtemp(prefix="saml-idp-"))
        self.sp_key, self.sp_cert = key_and_certificate(self.dir, "sp")
        self.idp_key, self.idp_cert = key_and_certificate(self.dir, "idp")
        self.accounts_file = self.dir / "accounts.json"
        self.idp_metadata = self.dir / "idp-metadata.xml"
        self.accounts_file.write_text("{}")
        self._process: subprocess.Popen[bytes] | None = None

    def sp_settings(self) -> dict[str, Any]:
        return {
            "SAML_ENABLED": True,
            "SSO_ENABLED": True,
            "HERNINGMODEL_SAML_IDP_METADATA": str(self.idp_metadata),
            "HERNINGMODEL_SAML_BASE_URL": self.sp_base,
            "HERNINGMODEL_SAML_KEY_FILE": str(self.sp_key),
            "HERNINGMODEL_SAML_CERT_FILE": str(self.sp_cert),
        }

    def set_account(self, login: str, *, groups: list[str], **attributes: list[str]) -> None:
        self.accounts[login] = {
            "password": f"pw-{login}",
            "name_id": f"urn:uuid:{login}-0000",
            "attributes": {"groups": groups, "mail": [f"{login}@herning.example"], **attributes},
            "tamper_from": groups[0] if groups else "",
            "tamper_to": "GG-Herning-Databeskyttelse",
        }
        self.accounts_file.write_text(json.dumps(self.accounts))

    def start(self) -> None:
        from herningmodel.access.sso.saml import sp_metadata_xml

        with override_settings(**self.sp_settings()):
            (self.dir / "sp-metadata.xml").write_text(sp_metadata_xml())
        config = {
            "port": self.port,
            "base": self.base,
            "key_file": str(self.idp_key),
            "cert_file": str(self.idp_cert),
            "sp_metadata": str(self.dir / "sp-metadata.xml"),
            "accounts": str(self.accounts_file),
        }
        (self.dir / "idp.json").write_text(json.dumps(config))
        self._process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "tests.sso.saml_idp", str(self.dir / "idp.json")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            if self._process.poll() is not None:
                out = self._process.stdout.read().decode() if self._process.stdout else ""
                raise RuntimeError(f"The SAML IdP did not start:\n{out}")
            try:
                answer = requests.get(f"{self.base}/idp.xml", timeout=1)
                answer.raise_for_status()
                self.idp_metadata.write_text(answer.text)
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("The SAML IdP did not answer within 15 s.")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def next_response(self, mode: str) -> None:
        requests.post(
            f"{self.base}/__test__/next-response", data={"mode": mode}, timeout=5
        ).raise_for_status()

    def sign_in(self, redirect_url: str, login: str) -> tuple[str, dict[str, str]]:
        """The log-in form at the IdP, filled in; returns where the IdP's auto-submitting form
        posts (our ACS) and its fields (SAMLResponse, RelayState)."""
        agent = requests.Session()
        page = agent.get(redirect_url, timeout=10)
        assert page.status_code == 200, page.text[:500]
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
        fields = {k: unescape(v) for k, v in fields.items()}
        answer = agent.post(
            urljoin(redirect_url, "/login"),
            data={**fields, "login": login, "password": f"pw-{login}"},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text[:500]
        action = unescape(re.search(r'action="([^"]+)"', answer.text).group(1))  # type: ignore[union-attr]
        posted = dict(re.findall(r'name="(\w+)" value="([^"]*)"', answer.text))
        return action, {k: unescape(v) for k, v in posted.items()}
