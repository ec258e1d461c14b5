"""People at the admin, in real Chromium: the harness of the browser tests of the SOP.

Every browser context opened through ``People`` is watched: each HTTP response, console error,
Content-Security-Policy refusal and uncaught page error is recorded, and so is every ERROR the
live server logs. ``People.problems()`` lists whatever the test did not expect.

A person types with delays, waits before acting (longer than the editor's autosave interval,
so an autosave fires between the typing and the action, as it does for real users), opens
menus and presses buttons; ``Person`` does the same.
"""

import contextlib
import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

PASSWORD = "kata-sandi-uji-2026"  # noqa: S105
PEOPLE = {
    "penulis": ("Dedi", "Kurniawan", "Penulis"),
    "kasubag": ("Siti", "Rohmah", "Kasubag"),
    "kabag": ("Ahmad", "Fauzi", "Kabag"),
    "webadmin": ("Rina", "Marlina", "Web Admin"),
}
VIEWPORT = {"width": 1280, "height": 900}
TYPING_DELAY_MS = 35
REVIEW_TIMEOUT_MS = 15_000  # a wait, not a pause: a busy machine (two test workers) may need more than 5 s
ACTION_TIMEOUT_MS = 15_000
READING_MS = 800
HISTORY = re.compile("Riwayat|History")


def autosave_wait_ms():
    """Longer than the editor's autosave interval: the autosave fires before the action."""
    interval = getattr(settings, "WAGTAIL_AUTOSAVE_INTERVAL", 500) or 500
    return max(1500, 3 * interval)


def create_people():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    users = {}
    for username, (first, last, group) in PEOPLE.items():
        user = get_user_model().objects.create_user(
            username, f"{username}@kpu-banten.example", PASSWORD, first_name=first, last_name=last
        )
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return users


# --- What the server logs --------------------------------------------------------------------


class ServerLog(logging.Handler):
    """Every record at ERROR or above, from any thread of the live server."""

    LOGGERS = ("", "django.request", "django.server")

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []
        self._lock_records = threading.Lock()

    def emit(self, record):
        text = self.format(record)
        with self._lock_records:
            self.records.append(text)

    def __enter__(self):
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc):
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)


# --- What the browser sees -------------------------------------------------------------------


@dataclass
class Allowance:
    """A response >= 400 the test expects: a duplicate request refused with a clear message
    (checked when the browser still has the body)."""

    method: str
    path: str
    statuses: tuple
    text: str = ""
    used: int = 0


@dataclass
class Watch:
    responses: list = field(default_factory=list)  # every response: "METHOD status url"
    unexpected: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    csp_refusals: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    allowances: list = field(default_factory=list)
    expected_urls: set = field(default_factory=set)
    soft_failures: list = field(default_factory=list)

    def on_response(self, response):
        request = response.request
        line = f"{request.method} {response.status} {response.url} ({request.resource_type})"
        self.responses.append(line)
        if response.status < 400:
            return
        path = urlsplit(response.url).path
        body = None
        with contextlib.suppress(PlaywrightError):  # gone if the page navigated away from it
            body = response.text()
        for allowance in self.allowances:
            if (
                allowance.method == request.method
                and allowance.path == path
                and response.status in allowance.statuses
                and (body is None or allowance.text.lower() in body.lower())
            ):
                allowance.used += 1
                self.expected_urls.add(response.url)
                return
        headers = request.headers
        self.unexpected.append(
            f"{line} (accept: {headers.get('accept', '')[:40]}; content-type: "
            f"{headers.get('content-type', '')[:40]}; post: {_post_summary(request)}) "
            f"body: {_text_of(body)[:300] if body is not None else '(gone)'}"
        )

    def on_console(self, message):
        location = message.location or {}
        where = f"{location.get('url')}:{location.get('lineNumber')}"
        if "Content Security Policy" in message.text:
            self.csp_refusals.append(f"{where} {message.text[:200]}")
        elif message.type == "error":
            if "Failed to load resource" in message.text and location.get("url") in self.expected_urls:
                return
            self.console_errors.append(f"{where} {message.text[:300]}")

    def on_page_error(self, error):
        self.page_errors.append(str(error)[:500])

    def problems(self):
        return {
            name: items
            for name, items in (
                ("responses >= 400 not expected", self.unexpected),
                ("console errors", self.console_errors),
                ("CSP refusals", self.csp_refusals),
                ("uncaught page errors", self.page_errors),
                ("checks that failed on the way", self.soft_failures),
            )
            if items
        }


def _post_summary(request):
    if request.method != "POST":
        return "-"
    try:
        data = request.post_data or ""
    except Exception:  # noqa: BLE001 - binary multipart
        return "(binary)"
    names = re.findall(r'name="([^"]+)"', data) or re.findall(r"(?:^|&)([^=&]+)=", data)
    return ",".join(name for name in names if name.startswith(("action-", "workflow-")))[:200] or "-"


def _text_of(html):
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# --- People ----------------------------------------------------------------------------------


class People:
    """The browser sessions of one test, all watched by one ``Watch``."""

    def __init__(self, browser, live_server, screenshots=None):
        self.browser = browser
        self.url = live_server.url
        self.watch = Watch()
        self.contexts = []
        self.screenshots = screenshots

    def new_page(self):
        context = self.browser.new_context(viewport=VIEWPORT, locale="id-ID")
        context.on("response", self.watch.on_response)
        context.on("console", self.watch.on_console)
        context.on("weberror", lambda web_error: self.watch.on_page_error(web_error.error))
        self.contexts.append(context)
        return context.new_page()

    def login(self, username):
        page = self.new_page()
        page.goto(f"{self.url}/admin/login/")
        page.locator("input[name=username]").press_sequentially(username, delay=TYPING_DELAY_MS)
        page.locator("input[name=password]").press_sequentially(PASSWORD, delay=10)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        return Person(self, page, username)

    def anonymous(self):
        return self.new_page()

    def allow_duplicate(self, method, path, statuses=(403, 409), text="sudah"):
        """The second request of a double click may be refused, with a message saying so."""
        allowance = Allowance(method, path, tuple(statuses), text)
        self.watch.allowances.append(allowance)
        return allowance

    @contextlib.contextmanager
    def soft(self, what):
        """A check whose failure is recorded (the test fails at its end) while the people go on,
        so one run shows every place where the SOP is not as it should be."""
        try:
            yield
        except (AssertionError, PlaywrightError) as exc:
            self.watch.soft_failures.append(f"{what}: {' / '.join(str(exc).splitlines()[:3])[:300]}")

    def shot(self, page, name, **kwargs):
        if self.screenshots is not None:
            page.screenshot(path=self.screenshots / name, **kwargs)

    def last_screens(self, folder):
        """A screenshot of every open page, where each person was when the test ended."""
        folder.mkdir(parents=True, exist_ok=True)
        for number, context in enumerate(self.contexts):
            for page in context.pages:
                name = f"{number:02d}-{path_of(page.url).strip('/').replace('/', '_')}.png"
                with contextlib.suppress(PlaywrightError):
                    page.screenshot(path=folder / name)
        return folder

    def close(self):
        for context in self.contexts:
            context.close()
        self.contexts = []


def left_editor(page):
    """After a workflow action the editor sends the reviewer away from the edit view."""
    page.wait_for_url(lambda url: "/edit/" not in url)


def footer_action(page, label, double=False):
    """Press an action of the editor's footer menu, opening the dropdown if it is in there."""
    button = page.locator("footer").get_by_role("button", name=label, exact=True)
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle").click()
    expect(button).to_be_visible()
    if double:
        button.dblclick()
    else:
        button.click()


class Person:
    """One person in one browser session."""

    def __init__(self, people, page, username):
        self.people = people
        self.page = page
        self.username = username

    def __getattr__(self, name):
        return getattr(self.page, name)

    # --- hands and eyes ---

    def type(self, selector_or_locator, text, replace=True):
        field = (
            self.page.locator(selector_or_locator)
            if isinstance(selector_or_locator, str)
            else selector_or_locator
        )
        field.click()
        if replace:
            field.press("ControlOrMeta+a")
            field.press("Delete")
        field.press_sequentially(text, delay=TYPING_DELAY_MS)
        expect(field).to_have_value(text)  # what they typed is what they see

    def think(self):
        """A person reads before acting: longer than the autosave interval."""
        self.page.wait_for_timeout(autosave_wait_ms())

    def press(self, locator, double=False):
        """Press the button that does an action: after a pause, once or with a double click."""
        self.think()
        if double:
            locator.dblclick()
        else:
            locator.click()

    def shot(self, name, **kwargs):
        self.people.shot(self.page, name, **kwargs)

    # --- the editor ---

    def open_editor_from_dashboard(self, title):
        self.page.goto(f"{self.people.url}/admin/")
        link = self.page.locator("main").get_by_role("link", name=title, exact=True).first
        expect(link).to_be_visible()
        link.click()
        self.page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
        expect(self.page.locator("#id_title")).to_have_value(title)

    def check_preview(self, title):
        """Open the preview side panel, see the draft in it, close it."""
        toggle = self.page.locator('[data-side-panel-toggle="preview"]')
        toggle.click(timeout=REVIEW_TIMEOUT_MS)
        frame = self.page.frame_locator("#w-preview-iframe")
        expect(frame.locator("h1").first).to_contain_text(title, timeout=REVIEW_TIMEOUT_MS)
        toggle.click()

    def check_history(self):
        """Open the page's history from the editor's header and come back to the editor."""
        edit_url = self.page.url
        # The header's clock icon; Wagtail's Indonesian catalogue leaves its label "History".
        header = self.page.locator("header")
        header.get_by_role("link", name=HISTORY).first.click(timeout=REVIEW_TIMEOUT_MS)
        self.page.wait_for_url(re.compile(r"/history/"))
        expect(self.page.locator("h1").first).to_contain_text(HISTORY)
        expect(self.page.locator("main table").first).to_be_visible()
        self.page.go_back()
        self.page.wait_for_url(edit_url)
        expect(self.page.locator("#id_title")).to_be_visible()

    def review(self, title):
        """What a reviewer does before acting: read the preview and the history.

        What they cannot do is recorded as a problem (the test fails at its end) and they go on,
        so one run shows every step where a reviewer cannot see what they approve.
        """
        edit_url = self.page.url
        for name, check in (("preview", lambda: self.check_preview(title)), ("history", self.check_history)):
            with self.people.soft(f"{self.username} at {path_of(edit_url)}: {name}"):
                try:
                    check()
                finally:
                    if self.page.url != edit_url:
                        self.page.goto(edit_url)
                    self.page.keyboard.press("Escape")

    def workflow_action(self, label, double=False, fill_modal=None, screenshot=None, expect_modal=None):
        """Open the footer menu and press the step's action once; a modal is filled by typing,
        then its submit is pressed (or double-clicked)."""
        page = self.page
        action_url = urlsplit(page.url).path
        if double:
            self.people.allow_duplicate("POST", action_url)
        sent = page.expect_response(
            lambda response: (
                response.request.method == "POST"
                and path_of(response.url) == action_url
                and response.request.is_navigation_request()
            ),
            timeout=ACTION_TIMEOUT_MS,
        )
        with self.nothing_in_the_way(label), sent as posted:
            if fill_modal is None:
                self.think()
                footer_action(page, label, double=double)
            else:
                footer_action(page, label)
                modal = page.locator(".modal-content")
                expect(modal.locator("button[type=submit]")).to_be_visible()
                # A person reads the dialog before typing (and the dialog has taken the focus).
                page.wait_for_timeout(READING_MS)
                if expect_modal:
                    expect(modal).to_contain_text(expect_modal)
                fill_modal(self, modal)
                if screenshot:
                    self.shot(screenshot)
                self.press(modal.locator("button[type=submit]"), double=double)
        assert posted.value.status == 302, f"{label}: {posted.value.status} {posted.value.url}"
        left_editor(page)
        page.wait_for_load_state("networkidle")

    @contextlib.contextmanager
    def nothing_in_the_way(self, label):
        """If pressing the action sends nothing, say what the person saw instead (a dialog)."""
        try:
            yield
        except PlaywrightTimeoutError:
            dialogs = self.page.locator("[role=dialog]:visible, .modal.show")
            seen = [" ".join(text.split())[:200] for text in dialogs.all_inner_texts()]
            raise AssertionError(
                f"{self.username} pressed “{label}” and no request was sent within "
                f"{ACTION_TIMEOUT_MS // 1000} s; dialogs on screen: {seen or 'none'}"
            ) from None

    # --- the register ---

    def open_register_entry(self, nomor_agenda):
        self.page.get_by_role("link", name="Agenda surat masuk").first.click()
        self.page.get_by_role("link", name=nomor_agenda, exact=True).click()
        expect(self.page.locator("h1").first).to_contain_text(nomor_agenda)


# --- What a person checks at the end ---------------------------------------------------------


def normalise_html(html):
    """The page's HTML without what changes from one response to the next."""
    html = re.sub(r'\snonce="[^"]*"', "", html)
    html = re.sub(r'(name="csrfmiddlewaretoken"\s+value=")[^"]*"', r'\1"', html)
    return html


def path_of(url):
    return urlsplit(url).path


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
