"""A real SAML 2.0 identity provider for the tests (pysaml2's ``Server``), run in a second
process by ``LocalSamlIdp``: ``python -m tests.sso.saml_idp CONFIG.json``.

It checks the signed AuthnRequest (HTTP-Redirect), shows a log-in form, and answers with a
signed Response and signed Assertion (SHA-256) by HTTP-POST, as the OIOSAML 3 profile asks.
POST /__test__/next-response with mode=tampered|expired|wrong-audience changes the next
answer: an attribute edited after signing, conditions that ended an hour ago, or an audience
that is another service (both signed by the IdP's own key).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, saml
from saml2.assertion import Policy
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def build(settings: dict[str, Any]) -> Server:
    base = settings["base"]
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base}/idp.xml",
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": settings["key_file"],
            "cert_file": settings["cert_file"],
            "metadata": {"local": [settings["sp_metadata"]]},
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)]
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "sign_response": True,
                    "sign_assertion": True,
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
                        }
                    },
                }
            },
        }
    )
    return Server(config=config)


class App:
    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.idp = build(settings)
        self.metadata = str(entity_descriptor(self.idp.config))
        self.mode: str | None = None

    def accounts(self) -> dict[str, Any]:
        with open(self.settings["accounts"], encoding="utf-8") as f:
            return dict(json.load(f))

    def __call__(self, environ: dict[str, Any], start: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        if environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
        else:
            form = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            if path == "/idp.xml":
                return self.reply(start, self.metadata, "application/xml")
            if path == "/__test__/next-response":
                self.mode = form["mode"]
                return self.reply(start, "ok")
            if path == "/sso/redirect":
                request = self.idp.parse_authn_request(
                    form["SAMLRequest"],
                    BINDING_HTTP_REDIRECT,
                    relay_state=form.get("RelayState"),
                    sigalg=form.get("SigAlg"),
                    signature=form.get("Signature"),
                )
                if request is None or request.message is None:
                    return self.reply(start, "bad request", status="400 Bad Request")
                return self.reply(start, self.login_form(form, ""), "text/html")
            if path == "/login":
                return self.login(start, form)
        except Exception as exc:  # noqa: BLE001 - a test IdP: show the test what went wrong
            return self.reply(start, f"{type(exc).__name__}: {exc}", status="400 Bad Request")
        return self.reply(start, "not found", status="404 Not Found")

    def reply(
        self, start: Any, body: str, kind: str = "text/plain", status: str = "200 OK"
    ) -> list[bytes]:
        start(status, [("Content-Type", f"{kind}; charset=utf-8")])
        return [body.encode()]

    def login_form(self, form: dict[str, str], message: str) -> str:
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(form.get(k, ""))}">'
            for k in ("SAMLRequest", "RelayState", "SigAlg", "Signature")
        )
        alert = f'<p role="alert">{message}</p>' if message else ""
        return (
            '<!doctype html><html lang="en"><head><title>Test SAML IdP</title></head><body><main>'
            f"<h1>Test SAML identity provider</h1>{alert}"
            f'<form method="post" action="/login">{hidden}'
            '<label for="login">User name</label><input id="login" name="login">'
            '<label for="password">Password</label>'
            '<input id="password" name="password" type="password">'
            '<button type="submit">Sign in</button></form></main></body></html>'
        )

    def login(self, start: Any, form: dict[str, str]) -> list[bytes]:
        account = self.accounts().get(form.get("login", ""))
        if account is None or account["password"] != form.get("password"):
            return self.reply(
                start, self.login_form(form, "Wrong user name or password."), "text/html"
            )
        request = self.idp.parse_authn_request(
            form["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=form.get("RelayState"),
            sigalg=form.get("SigAlg"),
            signature=form.get("Signature"),
        )
        args = self.idp.response_args(request.message, [BINDING_HTTP_POST])
        mode, self.mode = self.mode, None
        original = Policy.conditions
        if mode == "wrong-audience":
            Policy.conditions = lambda policy, sp: original(
                policy, "https://another-service.example"
            )  # type: ignore[method-assign]
        elif mode == "expired":
            Policy.conditions = _expired_conditions  # type: ignore[method-assign]
        try:
            response = self.idp.create_authn_response(
                identity=account["attributes"],
                userid=form["login"],
                name_id=saml.NameID(format=NAMEID_FORMAT_PERSISTENT, text=account["name_id"]),
                authn={"class_ref": PASSWORD_CONTEXT},
                sign_response=True,
                sign_assertion=True,
                sign_alg=SIG_RSA_SHA256,
                digest_alg=DIGEST_SHA256,
                **args,
            )
        finally:
            Policy.conditions = original  # type: ignore[method-assign]
        text = str(response)
        if mode == "tampered":
            text = text.replace(account["tamper_from"], account["tamper_to"])
        http = self.idp.apply_binding(
            BINDING_HTTP_POST, text, args["destination"], form.get("RelayState", ""), response=True
        )
        return self.reply(start, http["data"], "text/html")


def _expired_conditions(policy: Policy, sp_entity_id: str) -> Any:
    now = dt.datetime.now(dt.UTC)
    return saml.Conditions(
        not_before=(now - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        not_on_or_after=(now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        audience_restriction=[
            saml.AudienceRestriction(audience=[saml.Audience(text=sp_entity_id)])
        ],
    )


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        settings = json.load(f)
    app = App(settings)
    server = make_server("127.0.0.1", settings["port"], app, handler_class=QuietHandler)
    print("listening", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
