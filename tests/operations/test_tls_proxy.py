"""Behind a TLS proxy, tested: Debian's nginx with a self-signed certificate in front of
gunicorn on loopback ports, as docs/deployment.md describes, and a short journey through it.

nginx connects to gunicorn from 127.0.0.2 (proxy_bind), the only trusted proxy address here,
so a request straight to gunicorn from 127.0.0.1 with a forged X-Forwarded-Proto is what an
attacker on the host network could send. Skipped when nginx or openssl is missing, unless
HERNINGMODEL_REQUIRE_BROWSER=1 (CI), where a missing nginx fails.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
OPENSSL = shutil.which("openssl")
REQUIRED = os.environ.get("HERNINGMODEL_REQUIRE_BROWSER", "") == "1"
PROXY_ADDRESS = "127.0.0.2"
PASSWORD = "a long proxy test password 42"  # noqa: S105 - a fictitious test account

pytestmark = pytest.mark.skipif(
    not (NGINX and OPENSSL) and not REQUIRED,
    reason="nginx and openssl are needed (apt-get install nginx openssl); CI installs them",
)

ACCOUNT = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from herningmodel.organisation.models import Role
from tests.factories import AreaTeamFactory, staff
user = staff(Role.CASEWORKER, AreaTeamFactory(name="Team Proxy"), username="proxy_cw").user
user.set_password({PASSWORD!r})
user.save()
"""

NGINX_CONF = """
worker_processes 1;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{https} ssl;
        server_name localhost;
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        location = /metrics {{ return 404; }}
        location / {{
            proxy_pass http://127.0.0.1:{app};
            proxy_bind {proxy};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, cert: str = "") -> None:
    last: Exception | None = None
    for _ in range(300):
        if process.poll() is not None:
            pytest.fail(f"{url} did not start: {log.read_text()[-2000:]}")
        try:
            with requests.Session() as session:
                session.trust_env = False
                session.get(url, timeout=5, verify=cert or True)
            return
        except requests.RequestException as exc:
            last = exc
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer ({last}): {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    if REQUIRED and not (NGINX and OPENSSL):
        pytest.fail("HERNINGMODEL_REQUIRE_BROWSER=1 but nginx or openssl is missing")
    root = tmp_path_factory.mktemp("tls")
    root.chmod(0o777)  # nginx's workers (nobody) write their temporary files here
    app_port, https_port = free_port(), free_port()
    env = {
        **os.environ,
        "HERNINGMODEL_MODE": "production",
        "SECRET_KEY": "proxy-test-" + "k" * 60,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://localhost:{https_port}",
        "BEHIND_TLS_PROXY": "true",
        "HERNINGMODEL_TRUSTED_PROXIES": PROXY_ADDRESS,
        "DATABASE_URL": f"sqlite:///{root}/proxy.sqlite3",
        "HERNINGMODEL_VAR_DIR": str(root / "var"),
        "DJANGO_SETTINGS_MODULE": "herningmodel.settings",
    }
    subprocess.run([sys.executable, "-c", ACCOUNT], env=env, check=True, timeout=600)  # noqa: S603
    subprocess.run(  # noqa: S603
        [
            OPENSSL or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(root / "key.pem"),
            "-out",
            str(root / "cert.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (root / "nginx.conf").write_text(
        NGINX_CONF.format(dir=root, https=https_port, app=app_port, proxy=PROXY_ADDRESS)
    )
    app_log = root / "gunicorn.log"
    with app_log.open("wb") as log:
        app = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "herningmodel.wsgi",
                "--bind",
                f"127.0.0.1:{app_port}",
                "--workers",
                "1",
                "--forwarded-allow-ips",
                PROXY_ADDRESS,
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    nginx = subprocess.Popen(  # noqa: S603
        [NGINX or "nginx", "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz", app, app_log)
        wait_for(
            f"https://localhost:{https_port}/healthz",
            nginx,
            root / "error.log",
            str(root / "cert.pem"),
        )
        yield {
            "https": f"https://localhost:{https_port}",
            "direct": f"http://127.0.0.1:{app_port}",
            "cert": str(root / "cert.pem"),
        }
    finally:
        for process in (nginx, app):
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture
def https_client(proxy: dict[str, str]) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise replace the certificate
    session.verify = proxy["cert"]  # trusts exactly the certificate made for this test
    return session


def test_the_log_in_journey_through_the_proxy_sets_secure_cookies_and_hsts(
    proxy: dict[str, str], https_client: requests.Session
) -> None:
    page = https_client.get(proxy["https"] + "/login/")
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    # Django's CSRF check compares the Origin with https://<host:port>: it passes only when the
    # scheme and host it builds its absolute URLs from are the proxy's.
    logged_in = https_client.post(
        proxy["https"] + "/login/",
        data={"username": "proxy_cw", "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Origin": proxy["https"], "Referer": proxy["https"] + "/login/"},
        allow_redirects=False,
    )
    assert logged_in.status_code == 302, logged_in.text[:500]
    cookies = {c.name: c for c in https_client.cookies}
    assert cookies["sessionid"].secure
    assert cookies["csrftoken"].secure
    assert "httponly" in logged_in.headers["Set-Cookie"].lower()
    home = https_client.get(proxy["https"] + "/")
    assert home.status_code == 200
    assert "Team Proxy" in home.text  # the logged-in caseworker's own team
    assert home.url.startswith(proxy["https"])
    assert home.headers["X-Request-ID"]


def test_a_forged_forwarded_proto_straight_to_gunicorn_is_plain_http(
    proxy: dict[str, str],
) -> None:
    forged = requests.get(
        proxy["direct"] + "/login/",
        headers={"X-Forwarded-Proto": "https", "Host": "localhost"},
        allow_redirects=False,
        timeout=30,
    )
    assert forged.status_code == 301
    assert forged.headers["Location"] == "https://localhost/login/"
    assert "Strict-Transport-Security" not in forged.headers


def test_metrics_are_not_served_through_the_proxy(
    proxy: dict[str, str], https_client: requests.Session
) -> None:
    assert https_client.get(proxy["https"] + "/metrics").status_code == 404
