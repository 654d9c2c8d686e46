"""Every page a user can reach works, for every role of the demo, in Danish and in English.

For each of the demo's log-ins the test client starts at the front page and follows every
internal link it is shown (``href`` and htmx ``hx-get``) breadth first, as the user would by
clicking. A link shown to a user is a promise that the user may open it: the page must not fail
(5xx), must not refuse (403) or be missing (404), and a redirect must end at a page that opens.
Each full page declares the language it is written in; each download is the kind of file its
name says, and not empty. The roles without case access (politician, controller) must never be
shown a demo child's CPR number or a link to a child, case or family page.

Every person shown is a read (issue 26): on the Danish crawl, every page, fragment, form page
and text download (HTML, JSON, CSV) that shows the full name of a child or an adult (custody
holder, network person) must have written a read event of that person, by that user, while it
was served (``_check_reads``). Persons who share a full name count as audited if one of them is.

To keep the crawl to a couple of minutes, at most two URLs are visited per URL pattern (digit
runs replaced by ``{id}``) and at most one ``?`` variant per path. The small demo is generated
once for the module, inside an outer transaction rolled back afterwards.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import time
import zipfile
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client

from herningmodel.demo import seed
from herningmodel.people.models import Child
from tests.audit.reads import Subject, full_names, last_seq, reads_since

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
SEED = 7

#: One log-in per role of the demo, and the job centre's contact (a caseworker outside the teams).
LOGINS = [
    "sagsbehandler",  # the first caseworker log-in of the demo's teams
    "sundhedsplejerske",
    "ppr",
    "familiekoordinator",
    "teamleder",
    "leder",
    "controller",
    "politiker",
    "dpo",
    "admin",
    "jobcenter",
]
#: Roles that see aggregates only: never a child's CPR number, never a link to a person's page.
NO_CASE_ACCESS = {"controller", "politiker"}
PERSON_PAGE = re.compile(r"^/(children|cases|cases/children|coordination)/\d+/")

PER_PATTERN = 2
LINK = re.compile(r"""\s(href|hx-get)\s*=\s*["'](/[^"'#]*)""")
SKIPPED = re.compile(r"^/(static|media)/|/logout/|^/i18n/")
DIGITS = re.compile(r"\d+")
CPR = re.compile(r"(?<!\d)(\d{6})-?(\d{4})(?!\d)")
HTML_LANG = re.compile(r"<html[^>]*\slang=\"([a-zA-Z-]+)\"")
DOWNLOADS = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".zip": "application/zip",
    ".json": "application/json",
}


@pytest.fixture(scope="module")
def small_demo(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        with transaction.atomic():
            seed.load(TODAY, size="small", seed=SEED)
            yield
            transaction.set_rollback(True)


#: Runs of capitalised words: where a full name can stand (matched against ``People`` by dict).
CAPITALISED_RUN = re.compile(r"(?:[A-ZÆØÅÉ][\w&;#-]*)(?: [A-ZÆØÅÉ][\w&;#-]*)+")


@dataclass(frozen=True)
class People:
    """Every person's full name as a page prints it, and who carries it (``_check_reads``)."""

    by_name: dict[str, frozenset[Subject]]

    @classmethod
    def of_the_demo(cls) -> People:
        by_name = full_names(escape=True)
        # A colleague's name on a page (the caseworker of a case) is not a person's data; a
        # person who shares a colleague's full name cannot be told apart from them, so is left out.
        for first, last in get_user_model().objects.values_list("first_name", "last_name"):
            by_name.pop(html.escape(f"{first} {last}"), None)
        return cls({name: frozenset(who) for name, who in by_name.items()})

    def named_in(self, text: str) -> set[str]:
        """The full names in a text: every run of two or more words of each capitalised run
        (a regular expression of a thousand names would make the crawl several times slower)."""
        found = set()
        for run in CAPITALISED_RUN.findall(text):
            words = run.split(" ")
            for start in range(len(words) - 1):
                for end in range(start + 2, min(len(words), start + 4) + 1):
                    name = " ".join(words[start:end])
                    if name in self.by_name:
                        found.add(name)
        return found


def _check_reads(crawl: Crawl, url: str, referrer: str, body: str, since: int) -> None:
    """Every person whose full name the response shows was read by this user, by this request."""
    if crawl.people is None:
        return
    shown = crawl.people.named_in(body)
    if not shown:
        return
    crawl.reads_checked += 1
    read = set(reads_since(since, actor_id=crawl.user_id).values_list("child_id", "person_id"))
    missing = sorted(name for name in shown if not crawl.people.by_name[name] & read)
    if missing:
        crawl.problem(url, referrer, f"shows {', '.join(missing[:3])} without a read event")


@dataclass
class Crawl:
    """What one user reached, and every broken promise found on the way."""

    username: str
    language: str
    check_privacy: bool
    demo_cprs: frozenset[str]
    people: People | None = None
    user_id: int | None = None
    reads_checked: int = 0
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    per_pattern: Counter[str] = field(default_factory=Counter)
    accepted_paths: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    queried_paths: set[str] = field(default_factory=set)

    def admit(self, url: str) -> bool:
        """Whether to visit this URL: two paths per pattern, one ``?`` variant per path."""
        if url in self.seen:
            return False
        parts = urlsplit(url)
        if parts.query:
            if parts.path in self.queried_paths:
                return False
        if parts.path not in self.accepted_paths:
            pattern = DIGITS.sub("{id}", parts.path)
            if self.per_pattern[pattern] >= PER_PATTERN:
                return False
            self.per_pattern[pattern] += 1
            self.accepted_paths.add(parts.path)
        if parts.query:
            self.queried_paths.add(parts.path)
        self.seen.add(url)
        return True

    def problem(self, url: str, referrer: str, message: str) -> None:
        self.problems.append(f"{url} (linked from {referrer}): {message}")


def _links(body: str, base: str) -> list[tuple[str, bool]]:
    """The internal links of a page, each with whether htmx fetches it (``hx-get``)."""
    found = []
    for attribute, raw in LINK.findall(body):
        url = urljoin(base, html.unescape(raw)).split("#", 1)[0]
        if url.startswith("//") or SKIPPED.search(urlsplit(url).path):
            continue
        found.append((url, attribute == "hx-get"))
    return found


GET_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([a-zA-Z_:-]+)\s*=\s*["']([^"']*)["']""")
FIELD = re.compile(
    r"<select\b([^>]*)>(.*?)</select>|<(?:input|textarea)\b([^>]*)>", re.DOTALL | re.IGNORECASE
)
OPTION = re.compile(r"<option\b([^>]*)>")


def _chosen_option(options: str) -> str:
    """The value a select submits untouched: its selected option, else its first."""
    tags = OPTION.findall(options)
    picked = next((t for t in tags if re.search(r"\sselected\b", t)), tags[0] if tags else "")
    return dict(ATTRIBUTE.findall(picked)).get("value", "")


def _get_forms(body: str, base: str) -> list[str]:
    """The URL each GET form (a filter or search) opens when submitted as it stands."""
    found = []
    for attributes, inner in GET_FORM.findall(body):
        form = dict(ATTRIBUTE.findall(attributes))
        if form.get("method", "get").lower() != "get":
            continue
        values: list[tuple[str, str]] = []
        for match in FIELD.finditer(inner):
            select, options, other = match.groups()
            raw = select if select is not None else other
            field_ = dict(ATTRIBUTE.findall(raw))
            name = field_.get("name")
            kind = field_.get("type", "text").lower()
            if not name or kind in ("submit", "button", "file"):
                continue
            if kind in ("checkbox", "radio") and not re.search(r"\schecked\b", raw):
                continue
            value = _chosen_option(options) if select is not None else field_.get("value", "")
            values.append((name, html.unescape(value)))
        action = urljoin(base, html.unescape(form.get("action") or base)).split("?", 1)[0]
        found.append(f"{action}?{urlencode(values)}")
    return found


def _body(response: HttpResponseBase) -> bytes:
    if response.streaming:
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        response.streaming_content = [content]  # type: ignore[attr-defined]  # read it again
        return content
    return response.content  # type: ignore[attr-defined]


def _check_download(crawl: Crawl, url: str, referrer: str, response: HttpResponseBase) -> bool:
    """Whether the response is a download; if so, it must be the kind its name says."""
    disposition = response.get("Content-Disposition", "")
    name = re.search(r'filename="?([^";]+)', disposition)
    suffix = "." + (name.group(1) if name else urlsplit(url).path).rsplit(".", 1)[-1]
    if "attachment" not in disposition and suffix not in DOWNLOADS:
        return False
    content_type = response.get("Content-Type", "")
    body = _body(response)
    expected = DOWNLOADS.get(suffix)
    if expected is None:
        crawl.problem(url, referrer, f"download of unknown kind {disposition!r}")
    elif not content_type.startswith(expected):
        crawl.problem(url, referrer, f"{suffix} download served as {content_type!r}")
    if not body:
        crawl.problem(url, referrer, "empty download")
    if crawl.check_privacy and suffix in (".csv", ".json"):
        _check_no_cpr(crawl, url, referrer, body.decode("utf-8", "replace"))
    if crawl.check_privacy and suffix == ".xlsx" and body:
        # A workbook is zipped XML: its cells are read in the sheets and the shared strings.
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            for member in book.namelist():
                if member.endswith(".xml"):
                    _check_no_cpr(crawl, url, referrer, book.read(member).decode("utf-8"))
    return True


def _check_no_cpr(crawl: Crawl, url: str, referrer: str, text: str) -> None:
    for first, last in CPR.findall(text):
        if first + last in crawl.demo_cprs:
            crawl.problem(url, referrer, f"shows the CPR number of a demo child ({first}-…)")
            return


def _visit(
    crawl: Crawl, client: Client, url: str, referrer: str, htmx: bool
) -> list[tuple[str, bool]]:
    """Open one URL as the user would (htmx links with htmx's header); return its links."""
    headers = {"HX-Request": "true"} if htmx else {}
    since = last_seq() if crawl.people is not None else 0
    response = client.get(url, headers=headers)
    hops = 0
    while response.status_code in (301, 302, 303, 307, 308) and hops < 5:
        target = urljoin(url, response["Location"])
        if urlsplit(target).path.startswith("/login/"):
            crawl.problem(url, referrer, f"redirects to the log-in page ({target})")
            return []
        url, hops = target, hops + 1
        response = client.get(url)
    crawl.visited.append(url)
    status = response.status_code
    if status >= 500:
        error = getattr(response, "exc_info", None)
        cause = f": {error[1]!r}" if error else ""
        crawl.problem(url, referrer, f"server error {status}{cause}")
        return []
    if status in (403, 404):
        crawl.problem(url, referrer, f"{status}: a link the user is shown but may not open")
        return []
    if status != 200:
        crawl.problem(url, referrer, f"unexpected status {status}")
        return []
    content_type = response.get("Content-Type", "")
    if content_type.startswith(("text/", "application/json")):
        text = _body(response).decode("utf-8", "replace")
        _check_reads(crawl, url, referrer, text, since)
    if _check_download(crawl, url, referrer, response):
        return []
    if not content_type.startswith("text/html"):
        return []
    body = _body(response).decode("utf-8", "replace")
    if "<html" in body:
        lang = HTML_LANG.search(body)
        if lang is None or lang.group(1) != crawl.language:
            shown = lang.group(1) if lang else "none"
            crawl.problem(url, referrer, f'<html lang="{shown}"> on a {crawl.language} page')
    links = _links(body, url) + [(form, False) for form in _get_forms(body, url)]
    if crawl.check_privacy:
        _check_no_cpr(crawl, url, referrer, body)
        for link, _ in links:
            if PERSON_PAGE.match(urlsplit(link).path):
                crawl.problem(url, referrer, f"links to a person's page {link}")
                break
    return links


def crawl_as(username: str, language: str, people: People | None = None) -> Crawl:
    user = get_user_model().objects.get(username=username)
    # A server error is reported with the page that linked to it, not raised mid-crawl.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    if language != settings.LANGUAGE_CODE:
        # The product's own language switch (the button in the page header).
        switched = client.post("/i18n/setlang/", {"language": language, "next": "/"})
        assert switched.status_code == 302
    cprs = frozenset(c.replace("-", "") for c in Child.objects.values_list("cpr", flat=True) if c)
    crawl = Crawl(username, language, username in NO_CASE_ACCESS, cprs, people, user.pk)
    queue: deque[tuple[str, str, bool]] = deque([("/", "(start)", False)])
    crawl.admit("/")
    while queue:
        url, referrer, htmx = queue.popleft()
        for link, by_htmx in _visit(crawl, client, url, referrer, htmx):
            if crawl.admit(link):
                queue.append((link, url, by_htmx))
    return crawl


def _username(prefix: str) -> str:
    users = get_user_model().objects.filter(username__startswith=prefix).order_by("username")
    return users.values_list("username", flat=True)[0]


@pytest.mark.usefixtures("small_demo")
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("login", LOGINS)
def test_every_link_a_user_is_shown_opens(login: str, language: str, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_DEMO = True  # demo accounts log in only in demo mode
    started = time.monotonic()
    # The reads are checked once per user: which people a page shows does not depend on its
    # language.
    people = People.of_the_demo() if language == "da" else None
    crawl = crawl_as(_username(login), language, people)
    seconds = time.monotonic() - started
    print(
        f"{crawl.username} [{language}]: {len(crawl.visited)} pages in {seconds:.1f} s, "
        f"{crawl.reads_checked} showing people"
    )
    assert len(crawl.visited) > 1, "the front page shows no link at all"
    assert not crawl.problems, f"{crawl.username} [{language}]:\n" + "\n".join(crawl.problems)


# The crawler's own reading of a page: what it follows and what it leaves alone.


def test_the_crawler_follows_internal_links_and_htmx_fetches_only() -> None:
    page = """
      <a href="/cases/12/?tab=plan&amp;x=1#top">case</a>
      <button hx-get="/cases/12/plan/">plan</button>
      <a href="https://example.org/">outside</a> <a href="//cdn.example.org/x.js">cdn</a>
      <a href="/static/portal/site.css">css</a> <a href="/admin/logout/">out</a>
      <a href="#main">skip</a>
    """
    assert _links(page, "/") == [("/cases/12/?tab=plan&x=1", False), ("/cases/12/plan/", True)]


def test_the_crawler_submits_get_forms_as_they_stand() -> None:
    page = """
      <form method="get" class="filters">
        <select name="period"><option value="2026Q2">Q2</option>
          <option value="2026Q3" selected>Q3</option></select>
        <input type="text" name="q" value="a b"> <input type="checkbox" name="all">
        <button type="submit">Search</button>
      </form>
      <form method="post" action="/logout/"><input name="csrfmiddlewaretoken" value="x"></form>
    """
    assert _get_forms(page, "/monitoring/") == ["/monitoring/?period=2026Q3&q=a+b"]


def test_the_crawler_visits_two_urls_per_pattern_and_one_query_per_path() -> None:
    crawl = Crawl("someone", "da", check_privacy=False, demo_cprs=frozenset())
    assert crawl.admit("/cases/1/")
    assert crawl.admit("/cases/2/?tab=plan")
    assert not crawl.admit("/cases/3/")
    assert crawl.admit("/cases/2/")
    assert not crawl.admit("/cases/2/?tab=notes")
    assert not crawl.admit("/cases/1/")


def test_the_crawler_finds_full_names_but_not_a_colleague_or_half_a_name() -> None:
    people = People(
        {"Asta Hansen": frozenset({(1, None)}), "Anne Marie Olsen": frozenset({(None, 2)})}
    )
    page = "<h1>Sag 3 – Asta Hansen</h1><li>Anne Marie Olsen (mor), Asta (Barnet)</li> Hansen"
    assert people.named_in(page) == {"Asta Hansen", "Anne Marie Olsen"}
    assert people.named_in("Astas Hansen, Asta Hansens") == set()
