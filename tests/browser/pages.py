"""What every page the journey visits must satisfy, and the people who visit them.

PageAudit listens to a page for JavaScript errors, console errors and CSP violations and, after
each navigation, checks the document: the expected HTTP status, one `<main>` landmark, an
accessible name on every visible form control, a title of its own, no violation axe-core finds
(any impact), and no horizontal scrolling at phone and tablet widths (320, 360, 375 and 768 px).
Any problem fails the step with the page's URL. TAP_TARGETS measures controls against WCAG 2.2's
24 x 24 px minimum. Actor is one person's browser context with a page, its audit and the
screenshot helper.

axe-core is vendored (vendor/axe.min.js, MPL-2.0, licence files beside it) rather than installed
with npm: CI runs on a clean clone, and a file in the repository cannot fail to download.
"""
import base64
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 375, "height": 812}
# Every audited page must fit these without sideways scrolling: the narrowest phones still sold
# (320), the common Android width (360), the iPhone (375) and a portrait tablet (768).
FIT_WIDTHS = ({"width": 320, "height": 640}, {"width": 360, "height": 780}, NARROW_PHONE, {"width": 768, "height": 1024})

AXE_FILE = Path(__file__).with_name("vendor") / "axe.min.js"
# axe-core 4.14.1's axe.min.js as published (its package's sri-history.json): a changed file is refused.
AXE_SRI = "sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="
AXE_RUN = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help}: `
    + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')
    + (v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''));
}
"""

# Records CSP violations as the document sees them, in case Chromium's console wording changes.
# Init scripts run through the DevTools protocol, so the page's CSP does not block this one.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`
    + (e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : ''));
});
"""

STRUCTURE_CHECK = """
() => {
  const problems = [];
  const mains = document.querySelectorAll('main, [role="main"]');
  if (mains.length === 0) problems.push('no <main> landmark');
  if (mains.length > 1) problems.push(`${mains.length} <main> landmarks (there must be one)`);
  const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  const named = (ids) => ids.split(/\\s+/).some((id) => {
    const target = id && document.getElementById(id);
    return target && target.textContent.trim();
  });
  const describe = (el) => {
    const name = el.getAttribute('name');
    return `<${el.tagName.toLowerCase()}${el.type ? ` type=${el.type}` : ''}`
      + `${el.id ? ` id=${el.id}` : ''}${name ? ` name=${name}` : ''}>`;
  };
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.tagName === 'INPUT' && skip.has((el.getAttribute('type') || 'text').toLowerCase())) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const byLabel = Array.from(el.labels || []).some((label) => label.textContent.trim());
    const byAria = (el.getAttribute('aria-label') || '').trim();
    const byLabelledBy = named(el.getAttribute('aria-labelledby') || '');
    if (!byLabel && !byAria && !byLabelledBy) {
      const twins = el.id ? document.querySelectorAll(`[id="${CSS.escape(el.id)}"]`).length : 0;
      problems.push(`unlabelled field ${describe(el)}` + (twins > 1
        ? ` (${twins} elements share id="${el.id}", so <label for="${el.id}"> names only the first)` : ''));
    }
  }
  return {problems, csp: window.__cspViolations || []};
}
"""

# Elements wider than the viewport, for the layout notes (not failures).
OVERFLOW_CHECK = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const rect = el.getBoundingClientRect();
    if (rect.right > width + 1 && rect.width > 0 && el.checkVisibility()) {
      const parentWide = el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1;
      if (!parentWide) {
        const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} (right edge ${Math.round(rect.right)}px)`);
      }
    }
  }
  return [`page is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`, ...wide.slice(0, 5)];
}
"""


# Controls smaller than 24 x 24 CSS px (WCAG 2.2, 2.5.8 Target Size, Minimum), each named by its
# text. A link inside running text (a sentence, a post's body) is exempt, as the criterion allows:
# it is as tall as its line. Hidden controls and the off-screen skip link are not targets.
TAP_TARGETS = """
() => {
  const out = [];
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
  const blockOf = (el) => {
    let box = el.parentElement;
    while (box && getComputedStyle(box).display.startsWith('inline')) box = box.parentElement;
    return box;
  };
  const inSentence = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    if (el.closest('.post-body')) return true;
    const block = blockOf(el);
    if (!block) return false;
    let rest = block.textContent;
    for (const other of block.querySelectorAll(sel)) rest = rest.replace(other.textContent, ' ');
    return /[A-Za-z]{3,}/.test(rest);
  };
  for (const el of document.querySelectorAll(sel)) {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    if (el.closest('[aria-hidden="true"], .visually-hidden')) continue;  // clipped away: nothing to tap
    const r = el.getBoundingClientRect();
    if (r.right <= 0 || r.bottom <= 0 || (r.width <= 1 && r.height <= 1)) continue;
    if (r.width >= 23.5 && r.height >= 23.5) continue;
    if (inSentence(el)) continue;
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    const kind = el.tagName.toLowerCase() + (el.type && el.tagName === 'INPUT' ? `[type=${el.type}]` : '');
    out.push(`${kind} “${text}” is ${Math.round(r.width)}x${Math.round(r.height)} px`);
  }
  return out;
}
"""


FAVICON_NOTE = ("no page declares an icon, so Chromium asks for /favicon.ico and logs its 404 as a "
                "console error on every page (tolerated until a <link rel=\"icon\"> is added)")


class PageProblem(AssertionError):
    """A page broke one of the rules every page must keep."""


@cache
def axe_source() -> str:
    data = AXE_FILE.read_bytes()
    digest = "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()
    if digest != AXE_SRI:
        raise PageProblem(f"{AXE_FILE} is not axe-core 4.14.1 as published ({digest}); restore it from the npm package")
    return data.decode()


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as shown. The script goes in through the DevTools
    protocol (page.evaluate), which the page's CSP does not govern, so script-src 'self' stays
    enforced for everything else."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;undefined")
    return page.evaluate(AXE_RUN)


def narrow_overflow(page) -> list[str]:
    """What sticks out at each of FIT_WIDTHS, one line per width that scrolls sideways (empty
    when the page fits them all); the viewport is put back."""
    before = page.viewport_size
    problems = []
    try:
        for size in FIT_WIDTHS:
            page.set_viewport_size(size)
            overflow = page.evaluate(OVERFLOW_CHECK)
            if overflow:
                problems.append(f"scrolls sideways at {size['width']} px: " + "; ".join(overflow))
        return problems
    finally:
        page.set_viewport_size(before)


def page_key(url: str) -> str:
    """A page's kind: its path with ids and tokens as N (/t/3 and /t/7, or two confirmation
    links, are one kind of page)."""
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0].split("#")[0]
    return re.sub(r"[^/]*\d[^/]*|[^/]{25,}", "N", path)


class PageAudit:
    def __init__(self, page, who: str, log: list[str], notes: list[str], titles: dict | None = None):
        self.page, self.who, self.log, self.notes = page, who, log, notes
        self.titles = titles if titles is not None else {}
        self.events: list[str] = []
        self.unchecked: list[str] = []
        self.unchecked_base = ""
        page.add_init_script(CSP_RECORDER)
        page.on("pageerror", lambda error: self.events.append(f"JavaScript error: {error} (at {page.url})"))
        page.on("console", self._on_console)
        page.on("framenavigated", self._on_navigation)

    def _on_console(self, message):
        text = message.text
        csp = "Content Security Policy" in text or "Refused to" in text
        if message.type == "error" or csp:
            where = message.location.get("url") or self.page.url
            self.events.append(f"{'CSP violation' if csp else 'console ' + message.type}: {text} (at {where})")

    def _on_navigation(self, frame):
        if frame != self.page.main_frame:
            return
        # following a link to a spot on the same page (the skip link, an error summary's link to
        # its field) shows no new document: nothing to check
        if "#" in frame.url and self.unchecked_base == frame.url.split("#")[0]:
            return
        self.unchecked_base = frame.url.split("#")[0]
        self.unchecked.append(frame.url)

    def check(self, response, status: int = 200):
        """Raise PageProblem listing everything wrong with the page now shown."""
        url = self.page.url
        problems = []
        if response is None:
            problems.append("no document response was seen")
        elif response.status != status:
            problems.append(f"HTTP {response.status}, expected {status}")
        found = self.page.evaluate(STRUCTURE_CHECK)
        problems += found["problems"]
        problems += [f"CSP violation: {v}" for v in found["csp"]]
        problems += self._title_problems()
        problems += axe_violations(self.page)
        problems += narrow_overflow(self.page)
        problems += self._console_problems(response, status)
        earlier = self.unchecked[:-1]
        if earlier:
            problems.append(f"pages shown but never checked: {', '.join(earlier)}")
        self.unchecked.clear()
        self.events.clear()
        self.log.append(f"{self.who}: {response.status if response else '?'} {url}")
        if problems:
            raise PageProblem(f"{self.who} at {url}:\n  - " + "\n  - ".join(problems))

    def _console_problems(self, response, status):
        """Chromium logs a document answered with 4xx as a failed resource; that is the refusal
        the step asked for, not a page fault, when the status is the expected one. Chromium's
        own probe for /favicon.ico (made only when a page declares no icon) is noted, not failed."""
        expected = f"the server responded with a status of {status}"
        problems = []
        for event in self.events:
            if status >= 400 and response is not None and expected in event and response.url in event:
                continue
            if "status of 404" in event and event.endswith("/favicon.ico)") and not self._declares_icon():
                if FAVICON_NOTE not in self.notes:
                    self.notes.append(FAVICON_NOTE)
                continue
            problems.append(event)
        return problems

    def _title_problems(self) -> list[str]:
        """The title names the page before the site's name; each title is noted with the kinds of
        page that carried it (test_journey checks no two kinds share one)."""
        title = self.page.title()
        self.titles.setdefault(title, set()).add(page_key(self.page.url))
        name = title.rsplit(" · ", 1)[0].strip() if " · " in title else ""
        return [] if name else [f"the title “{title}” does not name the page"]

    def _declares_icon(self) -> bool:
        return self.page.locator("link[rel~='icon']").count() > 0


class Screenshots:
    """Full-page PNGs at desktop and phone width, plus notes on pages wider than the phone."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.taken: list[str] = []
        self.layout_notes: list[str] = []
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("[0-9][0-9]-*-*.png"):  # an earlier run's; other files stay
            if stale.stem.endswith(("-desktop", "-phone")):
                stale.unlink()

    def take(self, page, name: str):
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            overflow = page.evaluate(OVERFLOW_CHECK)
            if overflow:
                self.layout_notes.append(f"{name} at {label} width ({page.url}): " + "; ".join(overflow))
            if label == "phone":  # every page is audited at desktop width; photographed ones at phone width too
                violations = axe_violations(page)
                if violations:
                    raise PageProblem(f"at phone width, {page.url}:\n  - " + "\n  - ".join(violations))
            path = self.folder / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            self.taken.append(path.name)
        page.set_viewport_size(DESKTOP)


@dataclass
class Actor:
    """One person at one browser: every navigation goes through go/click so it is audited."""

    who: str
    context: object
    base_url: str
    screenshots: Screenshots
    visited: list[str]
    notes: list[str]
    titles: dict = field(default_factory=dict)
    page: object = None
    audit: PageAudit = None
    facts: dict = field(default_factory=dict)

    def __post_init__(self):
        self.page = self.context.new_page()
        self.audit = PageAudit(self.page, self.who, self.visited, self.notes, self.titles)

    def go(self, path: str, status: int = 200):
        response = self.page.goto(path if path.startswith("http") else self.base_url + path)
        self.audit.check(response, status)
        return response

    def click(self, locator, status: int = 200):
        """Click something that loads a page (a link or a submit button) and audit the result."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        self.audit.check(response, status)
        return response

    def shot(self, name: str):
        self.screenshots.take(self.page, name)

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)
