"""Fixtures of the browser journey: one live server and one Chromium for the whole run, a
Journey holding each person's browser, and the hooks that stop the journey at its first failed
step and summarise what ran. These tests use none of the per-test database fixtures."""
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.pages import DESKTOP, Actor, Screenshots
from tests.browser.server import ROOT, LiveServer, missing_templates

CHROMIUM = os.environ.get("BROWSER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
_summary: dict = {"steps": [], "notes": [], "layout": [], "shots": None, "folder": None, "visited": []}


def screenshots_folder() -> Path:
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or "screenshots")
    return folder if folder.is_absolute() else ROOT / folder


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live"))
    try:
        server.prepare()
        server.start()
        yield server
    finally:
        server.stop()
        _summary["notes"] += server.notes


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: `pip install -r requirements.txt` (it pins playwright).")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: `apt-get install chromium` (.ci/run does it when missing). "
                    "Browsers cannot be downloaded here, so never `playwright install`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Journey:
    """Everything the ordered steps share: the server, each person's browser, what was made."""

    server: LiveServer
    browser: object
    screenshots: Screenshots
    visited: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    titles: dict[str, set[str]] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)

    def actor(self, who: str) -> Actor:
        """The same person keeps the same browser (cookies and all) from step to step."""
        if who not in self.actors:
            context = self.browser.new_context(viewport=DESKTOP, locale="en-US", timezone_id="UTC")
            context.set_default_timeout(15_000)
            self.actors[who] = Actor(who, context, self.server.base_url, self.screenshots, self.visited,
                                     self.notes, self.titles)
        return self.actors[who]

    def require(self, *endpoints: str, templates: tuple[str, ...] = ()):
        """Skip the step, saying why, when the feature it drives has not landed."""
        missing = self.server.missing_endpoints(*endpoints)
        absent = missing_templates(*templates)
        if missing or absent:
            what = ", ".join([*(f"route {e}" for e in missing), *(f"template {t}" for t in absent)])
            pytest.skip(f"not landed yet: {what}")


@pytest.fixture(scope="session")
def journey(live_server, browser):
    shots = Screenshots(screenshots_folder())
    state = Journey(live_server, browser, shots)
    yield state
    for actor in state.actors.values():
        actor.context.close()
    _summary["notes"] += state.notes
    _summary.update(shots=shots.taken, folder=shots.folder, layout=shots.layout_notes, visited=state.visited)


def pytest_configure(config):
    config.addinivalue_line("markers", "journey: an ordered step of the browser journey")


def pytest_collection_modifyitems(config, items):
    """The journey runs only when asked for by path (make test-browser): a plain `pytest` that
    reaches this folder deselects it, so `make test` never starts a browser."""
    here = Path(__file__).resolve().parent
    asked = [(Path(config.invocation_params.dir) / arg.split("::")[0]).resolve() for arg in config.args]
    if any(path == here or here in path.parents for path in asked):
        return
    mine = [item for item in items if here in Path(item.path).resolve().parents]
    if mine:
        config.hook.pytest_deselected(items=mine)
        items[:] = [item for item in items if item not in mine]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if "journey" not in item.keywords:
        return
    if report.failed:
        item.session.journey_failed = item.name
        state = getattr(item, "funcargs", {}).get("journey")
        if state is not None:
            report.sections.append(("live server log (last lines)", state.server.log_tail()))
        _summary["steps"].append(("FAILED", item.name, f"in {report.when}"))
    elif report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _summary["steps"].append(("skipped", item.name, reason.removeprefix("Skipped: ")))
    elif report.when == "call":
        _summary["steps"].append(("ran", item.name, ""))


def pytest_runtest_setup(item):
    failed = getattr(item.session, "journey_failed", None)
    if "journey" in item.keywords and failed:
        pytest.skip(f"an earlier journey step failed ({failed}); the rest would test a broken state")


def pytest_terminal_summary(terminalreporter):
    if not _summary["steps"]:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser journey")
    for status, name, why in _summary["steps"]:
        write(f"{status:<8} {name}{': ' + why if why else ''}")
    for note in _summary["notes"]:
        write(f"note     {note}")
    for note in _summary["layout"]:
        write(f"layout   {note}")
    if _summary["shots"] is not None:
        write(f"{len(_summary['shots'])} screenshots in {_summary['folder']}")
        write(f"{len(_summary['visited'])} page loads audited")
