"""Quality of the public site, measured in real Chromium: no serious or critical axe violations,
and no errors from the Nu Html Checker, on home, each listing, each detail type, search and DIP.
(Lighthouse scores: `make audit`, see bench/audit.py.)"""

import shutil
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.live import ensure_site
from tests.public_site import build_public_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "ponsel": {"width": 375, "height": 740}}


@pytest.fixture
def public_paths():
    return build_public_site(ensure_site())


def test_the_audit_finds_a_violation_when_there_is_one(browser):
    """The check below is not a no-op: an unlabelled field and an image without text fail it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content('<html lang="id"><title>x</title><main><img src="x.png"><input></main></html>')
        assert {v.split(" ")[0] for v in serious(Axe().run(page))} >= {"image-alt", "label"}
    finally:
        context.close()


def serious(results):
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_no_serious_axe_violations_on_any_public_page(browser, live_server, public_paths):
    """...and nothing on them refused by the public site's strict Content-Security-Policy."""
    axe = Axe()
    problems = {}
    refused = []
    for viewport_name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, locale="id-ID")
        try:
            page = context.new_page()
            page.on(
                "console",
                lambda message: refused.append(message.text) if "Content Security" in message.text else None,
            )
            for name, path in public_paths.items():
                response = page.goto(live_server.url + path)
                assert response.status == 200, (name, path)
                assert "script-src 'self'" in response.headers["content-security-policy"]
                assert refused == [], (name, refused)
                results = axe.run(page)
                assert results.response["passes"], "axe checked nothing"
                found = serious(results)
                if found:
                    problems[f"{name} [{viewport_name}]"] = found
        finally:
            context.close()
    assert problems == {}, problems


def test_fields_standing_alone_are_whole_boxes(browser, live_server, public_paths):
    """The search page's and the listings' fields and buttons have all four borders and round
    corners; only the header's search box is joined to its button."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    box = (
        "e => { const s = getComputedStyle(e); return [s.borderTopWidth, s.borderRightWidth,"
        " s.borderBottomWidth, s.borderLeftWidth, s.borderTopLeftRadius, s.borderTopRightRadius] }"
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + public_paths["search"])
        field = page.eval_on_selector("#cari-halaman", box)
        assert field[:4] == ["2px"] * 4 and "0px" not in field[4:], field
        button = page.eval_on_selector(".search-form--page .button", box)
        assert "0px" not in button[4:], button
        header = page.eval_on_selector(".search-form--header input[type=search]", box)
        assert header[1] == "0px", header  # joined to the Cari button on its right
        page.goto(live_server.url + public_paths["PeraturanIndexPage"])
        button = page.eval_on_selector("form.filter-form .button", box)
        assert "0px" not in button[4:], button
    finally:
        context.close()


def test_no_html_errors_from_the_nu_html_checker(client, public_paths, tmp_path):
    assert VNU_JAR.exists(), "Nu Html Checker missing: run `make audit-deps` (npm vnu-jar)"
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker (make audit-deps installs it)"
    files = []
    for name, path in public_paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path)
        target = tmp_path / f"{name}.html"
        target.write_bytes(response.content)
        files.append(str(target))
    result = subprocess.run(  # noqa: S603 - the pinned checker on files written here
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "text", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr or result.stdout
