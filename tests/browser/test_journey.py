"""The journey in a real browser: an applicant registers and confirms her email, the admin
enrols in two-factor authentication and approves her against the registry evidence, she logs in,
her clinical thread is refused without a disclosure and a citation and then posted, a colleague
replies; her follow-up naming a patient is held by the privacy screen until she edits it out, the
colleague reports it, and the admin (acting as moderator) removes it, leaving a tombstone. The steps run in file order and share each person's browser; a step whose feature has
not landed is skipped with the missing route or template named. Every page is audited (see
pages.py) and the key ones are photographed at desktop and phone width."""
from datetime import datetime, timedelta
import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

import pyotp
import pytest

from tests.browser.pages import DESKTOP, NARROW_PHONE, OVERFLOW_CHECK, TAP_TARGETS
from tests.browser.server import ADMIN

pytestmark = pytest.mark.journey


@dataclass(frozen=True)
class Physician:
    key: str
    full_name: str
    email: str
    password: str
    npi: str
    state: str
    specialty: str


AMELIA = Physician("amelia", "Amelia J. Quillfeather", "amelia.quillfeather@example.org",
                   "harbour-quill-lantern-meadow-7", "1234567893", "Massachusetts", "Internal Medicine")
RAFAEL = Physician("rafael", "Rafael O'Neil-Baptiste", "rafael.oneil@example.org",
                   "basalt-oriole-kettle-summit-4", "1987654328", "New York", "Family Medicine")
CATEGORY = "Internal medicine cases"
THREAD_TITLE = "Resistant hypertension on three agents: screen for aldosteronism first?"
THREAD_BODY = ("A man in his sixties has blood pressure above target on three agents at full dose, "
               "one of them a thiazide. Potassium is low-normal.\n\n"
               "Would you measure the aldosterone-renin ratio before adding spironolactone?")
REPLY_BODY = ("Yes: screen first. A positive ratio changes the work-up, and spironolactone "
              "makes the ratio hard to read afterwards.")
CITATION = "10.1056/NEJMoa1511939"
DISCLOSURE_MISSING = "Choose “No relevant conflicts” or declare your relationships."
CITATION_MISSING = "A clinical case needs at least one citation"


def newest_mail(journey, to):
    """The newest message in the server's outbox addressed to `to`."""
    parser = BytesParser(policy=policy.default)
    paths = sorted(journey.server.outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for path in paths:
        message = parser.parsebytes(path.read_bytes())
        if message["To"] == to:
            return message
    raise AssertionError(f"no mail to {to} in {journey.server.outbox}")


def link_in(journey, message, path_prefix):
    body = message.get_content()
    match = re.search(re.escape(journey.server.base_url) + "(" + re.escape(path_prefix) + r"\S*)", body)
    assert match, f"no {path_prefix} link in the mail “{message['Subject']}”:\n{body}"
    return match.group(1)


def assert_error_beside(page, control, text):
    """`text` is shown, and beside `control`: named by its aria-describedby, or inside the
    field or fieldset that holds it (not only in a summary at the top of the form)."""
    shown = page.get_by_text(text, exact=False)
    assert shown.first.is_visible(), f"the message “{text}” is not shown on {page.url}"
    placement = control.evaluate("""(el, text) => {
        const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
        if (ids.some((id) => (document.getElementById(id)?.textContent || '').includes(text))) return 'described';
        for (let box = el.parentElement; box && box.tagName !== 'FORM'; box = box.parentElement) {
            if (box.matches('.field, fieldset') && box.textContent.includes(text)) return 'beside';
        }
        return null;
    }""", text)
    assert placement, f"the message “{text}” is not next to {control} on {page.url}"


def assert_qr_whole(page):
    """Every module of the QR code is inside the part of the SVG the page shows (an SVG without
    a viewBox, sized smaller by CSS, is cropped, and a cropped code does not scan)."""
    cut = page.locator(".qr svg").evaluate("""(svg) => {
        const box = svg.getBoundingClientRect(), css = getComputedStyle(svg);
        const shown = {right: box.right - parseFloat(css.paddingRight) - parseFloat(css.borderRightWidth),
                       bottom: box.bottom - parseFloat(css.paddingBottom) - parseFloat(css.borderBottomWidth)};
        const drawn = Array.from(svg.querySelectorAll('path, rect')).map((e) => e.getBoundingClientRect());
        const right = Math.max(...drawn.map((r) => r.right)), bottom = Math.max(...drawn.map((r) => r.bottom));
        if (right <= shown.right + 1 && bottom <= shown.bottom + 1) return null;
        return `the code's modules reach ${Math.round(right - box.left)}x${Math.round(bottom - box.top)} px `
             + `but the SVG shows ${Math.round(shown.right - box.left)}x${Math.round(shown.bottom - box.top)} px `
             + `(width=${svg.getAttribute('width')} height=${svg.getAttribute('height')} `
             + `viewBox=${svg.getAttribute('viewBox')})`;
    }""")
    assert cut is None, f"the two-factor QR code is cropped on {page.url}: {cut}"


def flash_text(page):
    flashes = page.locator(".flashes")
    return flashes.inner_text() if flashes.count() else ""


def focused(page):
    """The focused element as tag#id (or tag.class), for messages."""
    return page.evaluate("""() => { const a = document.activeElement;
        return a.tagName.toLowerCase() + (a.id ? '#' + a.id : (a.className ? '.' + a.className.split(' ')[0] : '')); }""")


def assert_focus_on_summary(page):
    """After a refused submit the page opens on its error summary, not on the top of the page."""
    on_summary = page.evaluate("document.activeElement.matches('.form-summary[role=alert]')")
    assert on_summary, f"the focus is on {focused(page)} after the refused form, not on its error summary"


# A focus ring at least 2 px wide whose colour stands out 3:1 from what is behind it (WCAG 1.4.11).
FOCUS_RING = """() => {
  const el = document.activeElement, s = getComputedStyle(el);
  if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) return `no ring (outline ${s.outline})`;
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = el.parentElement;  // the ring is drawn outside the element, over its parent's background
  while (behind && (getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)')) behind = behind.parentElement;
  const bg = behind ? rgb(getComputedStyle(behind).backgroundColor) : [255, 255, 255];
  const [a, b] = [lum(rgb(s.outlineColor)), lum(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  return ratio >= 3 ? '' : `ring ${s.outlineColor} on ${bg} is ${ratio.toFixed(2)}:1`;
}"""


def fill_registration(page, person, repeat_password):
    page.get_by_label("Full name, exactly as registered").fill(person.full_name)
    page.get_by_label("Email", exact=True).fill(person.email)
    page.get_by_label("Password (at least 12 characters)").fill(person.password)
    page.get_by_label("Repeat the password").fill(repeat_password)
    page.get_by_label("Medical registry").select_option(label="US National Provider Identifier (NPPES)")
    page.get_by_label("Registration or licence number").fill(person.npi)
    page.get_by_label("Jurisdiction").select_option(label=person.state)
    page.get_by_label("Specialty").select_option(label=person.specialty)
    page.get_by_label("I am the physician named above", exact=False).check()


def register(journey, person, *, photograph=False):
    """Apply from the welcome page; with `photograph`, first make a mistake and keep its picture."""
    actor = journey.actor(person.key)
    actor.go("/")
    actor.click(actor.page.get_by_role("main").get_by_role("link", name="Apply to join"))
    page = actor.page
    if photograph:
        fill_registration(page, person, repeat_password=person.password + "-typo")
        actor.click(page.get_by_role("button", name="Apply"), status=400)
        assert_error_beside(page, page.get_by_label("Repeat the password"), "The two passwords differ.")
        assert page.get_by_role("alert").is_visible(), "no error summary at the top of the form"
        assert_focus_on_summary(page)
        # the summary's link takes the keyboard to the field that failed
        link = page.get_by_role("alert").get_by_role("link", name=re.compile("^Repeat the password"))
        assert link.count() == 1, "the error summary does not link to the field that failed"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert focused(page) == "input#password_confirm", f"the summary's link led to {focused(page)}"
        actor.shot("01-registration-error")
        fill_registration(page, person, repeat_password=person.password)  # password fields come back empty
    else:
        fill_registration(page, person, repeat_password=person.password)
    actor.click(page.get_by_role("button", name="Apply"))
    assert page.get_by_role("heading", name="Check your email").is_visible()
    return actor


def confirm_email(journey, person):
    actor = journey.actor(person.key)
    mail = newest_mail(journey, person.email)
    actor.go(link_in(journey, mail, "/confirm/"))
    actor.click(actor.page.get_by_role("button", name="Confirm my email"))
    assert "Email confirmed" in flash_text(actor.page)
    return actor


def log_in(actor, email, password, second_factor=None):
    page = actor.page
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    actor.click(page.get_by_role("button", name="Log in"))
    if second_factor is not None:
        assert actor.path().startswith("/login/verify"), f"no second step after the password: {page.url}"
        page.get_by_label("Code from your authenticator app, or a recovery code").fill(second_factor)
        actor.click(page.get_by_role("button", name="Verify"))


def log_out(actor):
    actor.click(actor.page.get_by_role("button", name="Log out"))


def approve(journey, admin, person, note, photograph=False):
    page = admin.page
    if admin.path() != "/admin/applications":
        admin.go("/admin/applications")
    row = page.get_by_role("row").filter(has_text=person.full_name)
    assert row.count() == 1, f"{person.full_name} is not in the queue once"
    assert person.npi in row.inner_text()
    if photograph:
        admin.shot("05-admin-queue")
    admin.click(row.get_by_role("link", name=person.full_name))
    evidence = page.locator(".evidence").first
    assert evidence.is_visible(), "no registry evidence on the application page"
    evidence_text = evidence.inner_text()
    assert "match strong" in evidence_text, f"registry evidence for {person.npi} is not a strong match:\n{evidence_text}"
    if photograph:
        record = evidence.locator("details", has=page.locator("summary", has_text="Registry record"))
        if record.get_attribute("open") is None:
            record.locator("summary").click()
        assert evidence.get_by_text(person.npi).first.is_visible()
        admin.shot("06-application-evidence")
    page.get_by_label("Note (optional, kept in the audit log)").fill(note)
    admin.click(page.get_by_role("button", name="Approve and verify"))
    assert f"{person.full_name} is verified" in flash_text(page)


def thread_composer(journey):
    journey.require("discussion.new_thread", "discussion.show_thread",
                    templates=("discussion/new_thread.html", "discussion/thread.html"))
    if not journey.facts.get("category"):
        pytest.skip("no category to post in (the category step did not run)")


def test_keyboard_reaches_the_content_first_and_sees_where_it_is(journey):
    """Tab: the skip link is the first stop and shows itself; Enter on it then Tab lands inside
    <main>; every stop has a visible focus ring, and tabbing on goes round the page (no trap)."""
    visitor = journey.actor("visitor")
    visitor.go("/login")
    page = visitor.page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')"), f"first stop: {focused(page)}"
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off screen: {box}"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), f"after the skip link: {focused(page)}"
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if stops[-1] == "body" or page.evaluate("document.activeElement.classList.contains('skip-link')"):
            break
        ring = page.evaluate(FOCUS_RING)
        assert not ring, f"the focus ring on {stops[-1]} at {page.url} is hard to see: {ring}"
    else:
        raise AssertionError(f"40 Tab presses never left the page's controls (a keyboard trap?): {stops[-8:]}")


def test_applicants_register_one_after_a_mistake(journey):
    register(journey, AMELIA, photograph=True)
    register(journey, RAFAEL)


def test_applicants_confirm_their_email_and_see_their_status(journey):
    amelia = confirm_email(journey, AMELIA)
    assert amelia.path().startswith("/login")
    log_in(amelia, AMELIA.email, AMELIA.password)
    assert amelia.path() == "/status"
    page = amelia.page
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your account:")
    assert page.get_by_text("waiting for an admin").is_visible()
    assert page.get_by_text(AMELIA.npi).first.is_visible()
    amelia.shot("02-application-status")
    confirm_email(journey, RAFAEL)


def test_admin_is_made_to_enrol_in_two_factor(journey):
    admin = journey.actor("admin")
    admin.go("/admin/applications")
    assert admin.path().startswith("/login?next="), "the admin queue did not ask for a login"
    log_in(admin, ADMIN.email, ADMIN.password)
    page = admin.page
    assert admin.path() == "/account/two-factor", f"staff page opened without two-factor: {page.url}"
    assert "must turn on two-factor authentication" in flash_text(page)
    page.get_by_label("Your password").fill(ADMIN.password)  # the next page shows a new secret
    admin.click(page.get_by_role("button", name="Set up two-factor authentication"))
    assert page.locator(".qr svg").is_visible(), "no QR code on the set-up page"
    assert_qr_whole(page)
    secret = page.locator("code.secret").inner_text().strip()
    admin.shot("03-two-factor-setup")
    page.get_by_label("Your password").fill(ADMIN.password)
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    admin.click(page.get_by_role("button", name="Turn on"))
    codes = [c.strip() for c in page.locator(".recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[0-9a-f]{5}-[0-9a-f]{5}", c) for c in codes), codes
    admin.shot("04-recovery-codes")
    journey.facts["recovery_codes"] = codes
    admin.click(page.get_by_role("link", name="I have saved them"))
    assert page.get_by_text("You have 10 unused recovery codes").is_visible()


def test_admin_logs_in_again_with_a_recovery_code(journey):
    admin = journey.actor("admin")
    log_out(admin)
    admin.go("/admin/applications")
    log_in(admin, ADMIN.email, ADMIN.password, second_factor=journey.facts["recovery_codes"].pop())
    assert admin.path() == "/admin/applications"
    assert admin.page.get_by_role("heading", name="Applications awaiting review").is_visible()


def test_admin_approves_both_physicians_on_the_registry_evidence(journey):
    admin = journey.actor("admin")
    if not journey.server.missing_endpoints("admin.show_dashboard"):
        # the Admin menu opens the overview, which says who is waiting and leads to them
        page = admin.page
        admin.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin", exact=True))
        assert page.get_by_role("heading", name="Admin overview").is_visible()
        admin.shot("05a-admin-overview")
        admin.click(page.get_by_role("link", name=re.compile(r"2 applications waiting for registry review")))
        assert admin.path() == "/admin/applications"
    approve(journey, admin, AMELIA, "NPPES record matches: name, specialty and state.", photograph=True)
    approve(journey, admin, RAFAEL, "NPPES record matches.")
    assert newest_mail(journey, AMELIA.email)["Subject"] == "Your Curbside account is verified"


def test_admin_looks_up_a_physician_on_the_registry_pages(journey):
    """The admin Registry pages (overview, lookup, the upload form) are audited like every page."""
    journey.require("admin.registry_overview", "admin.lookup_registry_record", "admin.import_registry_extract")
    admin = journey.actor("admin")
    page = admin.page
    admin.click(page.get_by_role("navigation", name="Admin").get_by_role("link", name="Registry"))
    assert page.get_by_role("heading", name="Registry data", exact=True).is_visible()
    admin.shot("06a-registry")
    admin.click(page.get_by_role("main").get_by_role("link", name="Look up a record"))
    page.get_by_label("Register").select_option("npi")
    page.get_by_label("Number").fill(AMELIA.npi)
    admin.click(page.get_by_role("button", name="Look up"))
    assert page.get_by_text("QUILLFEATHER", exact=True).is_visible(), "the NPPES record is not shown"
    assert page.get_by_role("link", name=AMELIA.full_name).is_visible(), "the claiming account is not linked"
    admin.click(page.get_by_role("main").get_by_role("link", name="Import an extract"))
    assert page.get_by_label("Extract file (.csv)").is_visible()


def test_admin_opens_a_category(journey):
    journey.require("discussion.list_categories", "discussion.create_category",
                    templates=("discussion/admin_categories.html", "discussion/admin_category_form.html"))
    admin = journey.actor("admin")
    admin.go("/admin/categories")
    page = admin.page
    admin.click(page.get_by_role("main").get_by_role("link", name="New category"))
    page.get_by_label("Name", exact=True).fill(CATEGORY)
    page.get_by_label("Description (optional)").fill("Adult cases: diagnosis, treatment, follow-up.")
    page.get_by_label("Reason (recorded in the audit log)").fill("A home for adult cases.")
    admin.click(page.get_by_role("button", name="Save"))
    assert CATEGORY in flash_text(page)
    journey.facts["category"] = CATEGORY


def test_physician_logs_in_and_reaches_the_forum(journey):
    amelia = journey.actor(AMELIA.key)
    log_out(amelia)
    journey.require("discussion.index", templates=("discussion/index.html",))
    mail = newest_mail(journey, AMELIA.email)
    assert mail["Subject"] == "Your Curbside account is verified"
    amelia.go(link_in(journey, mail, "/login"))
    log_in(amelia, AMELIA.email, AMELIA.password)
    page = amelia.page
    assert amelia.path() in ("/", "/forum"), f"a verified physician landed on {page.url}"
    assert page.get_by_role("heading", name="Forum", exact=True).is_visible(), f"no forum index at {page.url}"
    if journey.facts.get("category"):
        assert page.get_by_role("link", name=CATEGORY).is_visible()
    amelia.shot("07-forum-index")
    # on a phone the table's header row is hidden from sight, not from screen readers
    page.set_viewport_size(NARROW_PHONE)
    assert page.get_by_role("columnheader", name="Threads").count() == 1, "the column headers left the accessibility tree"
    page.set_viewport_size(DESKTOP)


def test_clinical_thread_without_disclosure_or_citation_is_refused(journey):
    thread_composer(journey)
    amelia = journey.actor(AMELIA.key)
    page = amelia.page
    amelia.click(page.get_by_role("main").get_by_role("link", name="Start a thread"))
    page.get_by_label("Category", exact=True).select_option(label=CATEGORY)
    page.get_by_label("Clinical case", exact=True).check()
    page.get_by_label("Title", exact=True).fill(THREAD_TITLE)
    page.get_by_label("Your post (Markdown)").fill(THREAD_BODY)
    disclosure = page.locator("input[name='disclosure-choice']")
    assert disclosure.count() >= 2, "no disclosure choice in the composer"
    for option in disclosure.all():  # she has no standing disclosure, so nothing is pre-chosen
        assert not option.is_checked(), "a disclosure was chosen for her"
    amelia.click(page.get_by_role("button", name="Post thread"), status=400)
    assert page.get_by_role("alert").filter(has_text="Nothing was posted").is_visible()
    assert_focus_on_summary(page)
    assert_error_beside(page, disclosure.first, DISCLOSURE_MISSING)
    assert_error_beside(page, page.locator("input[name='citations-0-value']"), CITATION_MISSING)
    # the summary links to each problem's own control: Tab to its first link (the disclosure),
    # then the citation's link, which takes the keyboard to the first citation row
    summary = page.get_by_role("alert").filter(has_text="Nothing was posted")
    disclosure_link = summary.get_by_role("link", name=re.compile("^Conflicts of interest: "))
    citation_link = summary.get_by_role("link", name=re.compile(f"^{CITATION_MISSING}"))
    assert disclosure_link.count() == 1 and citation_link.count() == 1, \
        "the composer's error summary does not link to the disclosure and the citations"
    page.keyboard.press("Tab")
    assert focused(page) == "a", f"Tab from the summary went to {focused(page)}, not its first link"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page) == "input#citations-0-value", f"the summary's citation link led to {focused(page)}"
    amelia.shot("08-clinical-composer-refused")
    # a row is added by keyboard, without the page's script, and the focus waits in it
    rows = page.locator("input[name$='-value'][name^='citations-']").count()
    page.get_by_role("button", name="Add another citation").focus()
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    amelia.audit.check(navigation.value)
    assert page.locator("input[name$='-value'][name^='citations-']").count() == rows + 1
    assert focused(page) == f"input#citations-{rows}-value", f"after adding a citation the focus is on {focused(page)}"
    # and removed again the same way: the focus moves to the row now last
    page.get_by_role("button", name=f"Remove citation {rows + 1}").focus()
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    amelia.audit.check(navigation.value)
    assert page.locator("input[name$='-value'][name^='citations-']").count() == rows
    assert focused(page) == f"input#citations-{rows - 1}-value", f"after removing a citation the focus is on {focused(page)}"


def test_clinical_thread_is_posted_with_disclosure_and_citation(journey):
    thread_composer(journey)
    amelia = journey.actor(AMELIA.key)
    page = amelia.page
    if not page.url.endswith("/threads/new"):
        pytest.skip("the refused composer is not on screen (the previous step did not run)")
    assert page.get_by_label("Title", exact=True).input_value() == THREAD_TITLE, "the refused form lost the title"
    page.get_by_label("No relevant conflicts").check()
    page.locator("input[name='citations-0-value']").fill(CITATION)
    page.locator("input[name='citations-0-note']").fill("SPRINT trial")
    amelia.click(page.get_by_role("button", name="Post thread"))
    assert re.search(r"/t/\d+$", amelia.path()), f"not on the new thread: {page.url}"
    assert "Your thread is posted." in flash_text(page)
    assert page.get_by_role("heading", name=THREAD_TITLE).is_visible()
    post = page.locator("article.post").first
    assert post.get_by_text("Conflicts of interest: none relevant").is_visible()
    link = post.get_by_role("link", name=CITATION)
    assert link.get_attribute("href") == f"https://doi.org/{CITATION}"
    journey.facts["thread_path"] = amelia.path()
    amelia.shot("09-clinical-thread")


def test_times_show_in_each_readers_zone(journey):
    """The server writes UTC; a colleague's browser in Delhi shows the same moment in IST."""
    if not journey.facts.get("thread_path"):
        pytest.skip("no thread to read (the posting step did not run)")
    amelia = journey.actor(AMELIA.key)
    delhi = journey.browser.new_context(viewport=DESKTOP, locale="en-US", timezone_id="Asia/Kolkata",
                                        storage_state=amelia.context.storage_state())
    try:
        page = delhi.new_page()
        page.goto(journey.server.base_url + journey.facts["thread_path"])
        moment = page.locator("article.post").first.locator("time[data-local='datetime']").first
        utc = datetime.strptime(moment.get_attribute("datetime"), "%Y-%m-%dT%H:%M:%S.%fZ")
        local = utc + timedelta(hours=5, minutes=30)
        page.wait_for_function("el => el.hasAttribute('title')", arg=moment.element_handle())
        assert moment.get_attribute("title") == utc.strftime("%d %b %Y, %H:%M UTC"), "the UTC text is not kept"
        shown = moment.inner_text()
        assert "GMT+5:30" in shown and local.strftime("%I:%M %p") in shown, f"not Delhi time: {shown!r}"
        assert local.strftime("%b ") + str(local.day) in shown, f"not Delhi's day: {shown!r}"
        # a list says how long ago, and its tooltip gives the moment in Delhi time
        page.goto(journey.server.base_url + "/forum/latest")
        row = page.locator("tr", has_text=THREAD_TITLE)
        activity = row.locator("time[data-local='ago']")
        page.wait_for_function("el => el.hasAttribute('title')", arg=activity.element_handle())
        assert re.fullmatch(r"just now|\d+ minutes? ago", activity.inner_text()), activity.inner_text()
        assert "GMT+5:30" in activity.get_attribute("title")
    finally:
        delhi.close()


def test_colleague_replies_with_his_disclosure(journey):
    journey.require("discussion.reply", templates=("discussion/reply.html",))
    if not journey.facts.get("thread_path"):
        pytest.skip("no thread to reply to (the posting step did not run)")
    rafael = journey.actor(RAFAEL.key)
    rafael.go("/login")
    log_in(rafael, RAFAEL.email, RAFAEL.password)
    page = rafael.page
    rafael.click(page.get_by_role("main").get_by_role("link", name=CATEGORY))
    rafael.click(page.get_by_role("link", name=THREAD_TITLE))
    rafael.click(page.get_by_role("main").get_by_role("link", name="Reply", exact=True))
    page.get_by_label("Your reply (Markdown)").fill(REPLY_BODY)
    # the page's script keeps a draft while he writes: a reload gives his words back
    page.locator("[data-draft-status]").get_by_text("Draft saved at").wait_for(timeout=20_000)
    rafael.go(rafael.path())
    assert page.get_by_text("This is your draft, saved").is_visible()
    assert page.get_by_label("Your reply (Markdown)").input_value() == REPLY_BODY
    # his drafts page lists it with the thread it answers, and leads back to it
    rafael.click(page.get_by_role("link", name="All your drafts"))
    draft = page.locator("li.draft-entry", has_text=f"Reply to {THREAD_TITLE}")
    assert draft.is_visible(), "the drafts page does not list the reply"
    rafael.shot("10a-drafts")
    rafael.click(draft.get_by_role("link", name="Go on writing"))
    assert page.get_by_label("Your reply (Markdown)").input_value() == REPLY_BODY
    page.get_by_label("I have relationships to declare").check()
    page.get_by_label("Relationship", exact=True).select_option(label="Speaking")
    page.get_by_label("Company or body").fill("A vaccine manufacturer")
    rafael.click(page.get_by_role("button", name="Post reply"))
    assert rafael.path() == journey.facts["thread_path"] + "#post-2", f"not at his reply: {page.url}"
    reply = page.locator("article.post").nth(1)
    assert reply.get_by_text(REPLY_BODY[:40]).is_visible()
    assert reply.get_by_text(RAFAEL.full_name).first.is_visible()
    assert reply.get_by_text("Conflicts of interest declared (1)").is_visible()
    rafael.shot("10-thread-with-reply")
    # an edit keeps a draft too: the script saves it, a reload offers it back, discarding it
    # shows the post as it stands
    rafael.click(reply.get_by_role("link", name="Edit", exact=True))
    body = page.get_by_label("Post (Markdown)")
    body.fill(REPLY_BODY + " Second thoughts on the dose.")
    page.locator("[data-draft-status]").get_by_text("Draft saved at").wait_for(timeout=20_000)
    rafael.go(rafael.path())
    assert page.get_by_text("This is your draft, saved").is_visible(), "the edit's draft was not offered back"
    assert body.input_value().endswith("Second thoughts on the dose.")
    rafael.click(page.get_by_role("button", name="discard the draft"))
    assert body.input_value() == REPLY_BODY, "discarding the edit's draft did not show the post again"


def test_author_is_notified_of_the_reply(journey):
    journey.require("notifications.list_notifications", templates=("notifications/list_notifications.html",))
    if not journey.facts.get("thread_path"):
        pytest.skip("no thread, so no reply to be notified of")
    amelia = journey.actor(AMELIA.key)
    amelia.go("/forum")
    page = amelia.page
    amelia.click(page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("^Notifications")))
    item = page.locator(".notification").filter(has_text=RAFAEL.full_name)
    assert item.get_by_role("link", name=THREAD_TITLE).is_visible()
    amelia.click(item.get_by_role("link", name=THREAD_TITLE))
    assert amelia.path().startswith(journey.facts["thread_path"]), f"the notification led to {page.url}"
    if journey.server.missing_endpoints("discussion.mark_helpful", "discussion.mark_answer"):
        return
    # she finds his reply helpful and marks it as the answer to her case
    reply = page.locator("article.post#post-2")
    amelia.click(reply.get_by_role("button", name="Helpful"))
    reply = page.locator("article.post#post-2")
    assert reply.get_by_role("button", name="Helpful").get_attribute("aria-pressed") == "true"
    assert reply.get_by_text("You found this helpful").is_visible()
    amelia.click(reply.get_by_role("button", name="Mark as the answer"))
    opening = page.locator("article.post#post-1")
    assert opening.get_by_text(f"Answered by {RAFAEL.full_name}").is_visible(), opening.inner_text()
    amelia.shot("10b-answered-case")


IDENTIFYING_REPLY = ("Follow-up from clinic: Mrs. Jones, DOB 03/14/1951, MRN 4432190, had a high "
                     "aldosterone-renin ratio.")
FLAGGED = {"Mrs. Jones": "Name", "03/14/1951": "Date tied to a person", "MRN 4432190": "Record or account number"}
EDITED_REPLY = ("Follow-up: the ratio came back high in a woman in her seventies, so adrenal imaging is next. "
                "Frankly, anyone who starts spironolactone before screening should not be practising.")
REPORT_REASON = "Unprofessional conduct"
REMOVAL_REASON = "Disparages colleagues who manage this differently; say what the evidence shows instead."


def moderation_landed(journey):
    journey.require("moderation.report_post", "moderation.show_queue", "moderation.show_post",
                    "moderation.remove_post",
                    templates=("moderation/report.html", "moderation/queue.html", "moderation/post.html",
                               "moderation/_tombstone.html"))
    if not journey.facts.get("thread_path"):
        pytest.skip("no thread to post in (the posting step did not run)")


def post_article(page, number):
    return page.locator(f"article.post#post-{number}")


def test_privacy_screen_holds_a_reply_naming_a_patient(journey):
    journey.require("discussion.reply", templates=("discussion/reply.html", "discussion/_composer.html"))
    if not journey.facts.get("thread_path"):
        pytest.skip("no thread to reply to (the posting step did not run)")
    amelia = journey.actor(AMELIA.key)
    amelia.go(journey.facts["thread_path"])
    page = amelia.page
    amelia.click(page.get_by_role("main").get_by_role("link", name="Reply", exact=True))
    page.get_by_label("Your reply (Markdown)").fill(IDENTIFYING_REPLY)
    page.get_by_label("No relevant conflicts").check()
    amelia.click(page.get_by_role("button", name="Post reply"), status=422)
    assert page.get_by_role("alert").filter(has_text="Nothing was posted").is_visible()
    findings = page.locator("section.privacy-findings")
    assert findings.get_by_role("heading", name="This may identify a patient").is_visible()
    marked = [m.strip() for m in findings.locator("mark").all_inner_texts()]
    for span in FLAGGED:
        assert any(span in m for m in marked), f"“{span}” is not highlighted; marked: {marked}"
    reasons = findings.locator("ol.privacy-reasons > li")
    assert reasons.count() == len(FLAGGED), reasons.all_inner_texts()
    for span, kind in FLAGGED.items():
        item = reasons.filter(has_text=span)
        assert item.count() == 1 and kind in item.inner_text(), f"no reason “{kind}” for “{span}”"
    assert page.get_by_label("This does not identify a patient").is_visible()
    assert page.get_by_label("Why the highlighted text does not identify a patient", exact=False).is_visible()
    assert page.get_by_label("Your reply (Markdown)").input_value() == IDENTIFYING_REPLY, "the held text was lost"
    amelia.shot("11-privacy-warning")
    journey.facts["privacy_warned"] = True


def test_physician_edits_out_the_identifiers_and_posts(journey):
    if not journey.facts.get("privacy_warned"):
        pytest.skip("the privacy warning is not on screen (the previous step did not run)")
    amelia = journey.actor(AMELIA.key)
    page = amelia.page
    page.get_by_label("Your reply (Markdown)").fill(EDITED_REPLY)
    if not page.get_by_label("No relevant conflicts").is_checked():
        page.get_by_label("No relevant conflicts").check()
    amelia.click(page.get_by_role("button", name="Post reply", exact=True))
    assert "Your reply is posted." in flash_text(page), f"not posted: {flash_text(page)!r} at {page.url}"
    match = re.fullmatch(re.escape(journey.facts["thread_path"]) + r"(?:\?page=\d+)?#post-(\d+)", amelia.path())
    assert match, f"not at her reply: {page.url}"
    number = int(match.group(1))
    reply = post_article(page, number)
    assert reply.get_by_text(EDITED_REPLY[:40]).is_visible()
    assert reply.get_by_text(AMELIA.full_name).first.is_visible()
    assert page.locator("section.privacy-findings").count() == 0
    journey.facts["reported_post"] = number


def test_colleague_reports_the_reply(journey):
    moderation_landed(journey)
    number = journey.facts.get("reported_post")
    if not number:
        pytest.skip("no reply to report (the previous step did not run)")
    rafael = journey.actor(RAFAEL.key)
    rafael.go(journey.facts["thread_path"])
    page = rafael.page
    rafael.click(post_article(page, number).get_by_role("link", name="Report", exact=True))
    assert page.get_by_role("heading", name=f"Report post #{number}").is_visible()
    assert page.get_by_text(EDITED_REPLY[:40]).first.is_visible(), "the report page does not quote the post"
    page.get_by_label(REPORT_REASON, exact=True).check()
    page.get_by_label("Explanation", exact=False).fill("Belittles colleagues rather than citing evidence.")
    rafael.click(page.get_by_role("button", name="Send report"))
    assert "the moderators will review this post" in flash_text(page), f"no confirmation at {page.url}"
    assert post_article(page, number).get_by_text(EDITED_REPLY[:40]).is_visible(), \
        "an unprofessional-conduct report should not hide the post"


def test_moderator_sees_the_report_in_the_queue(journey):
    moderation_landed(journey)
    number = journey.facts.get("reported_post")
    if not number:
        pytest.skip("no reported post (the report step did not run)")
    admin = journey.actor("admin")  # admins pass every moderator check; she has two-factor on
    admin.go("/moderation")
    page = admin.page
    assert page.get_by_role("heading", name="Moderation queue").is_visible()
    item = page.locator("article.mod-item").filter(has_text=EDITED_REPLY[:40])
    assert item.count() == 1, f"the reported post is not in the queue once ({item.count()})"
    text = item.inner_text()
    assert "1 report" in text and REPORT_REASON in text and RAFAEL.full_name in text, text
    assert AMELIA.full_name in text, text
    admin.shot("12-moderation-queue")
    admin.click(item.get_by_role("link", name="Review and act"))
    assert page.get_by_role("heading", name=f"Review post #{number}").is_visible()


def test_moderator_removes_the_post_and_members_see_a_tombstone(journey):
    moderation_landed(journey)
    number = journey.facts.get("reported_post")
    admin = journey.actor("admin")
    page = admin.page
    if not number or not re.fullmatch(r"/moderation/posts/\d+", admin.path()):
        pytest.skip("the review page is not on screen (the queue step did not run)")
    remove = page.locator("section.panel").filter(has=page.get_by_role("heading", name="Remove", exact=True))
    assert remove.count() == 1, "no Remove form on the review page (is the post the moderator's own?)"
    remove.get_by_label("Reason category", exact=False).select_option(label=REPORT_REASON)
    remove.get_by_label("Reason (recorded in the audit log", exact=False).fill(REMOVAL_REASON)
    admin.click(remove.get_by_role("button", name="Remove post"))
    assert "The post is removed" in flash_text(page), f"not removed: {flash_text(page)!r}"
    assert page.get_by_role("main").get_by_text("Removed", exact=True).first.is_visible()

    rafael = journey.actor(RAFAEL.key)
    rafael.go(journey.facts["thread_path"])
    post = post_article(rafael.page, number)
    tombstone = post.locator(".tombstone")
    assert tombstone.is_visible(), f"no tombstone for post #{number}"
    assert f"Post #{number} was removed by a moderator: {REPORT_REASON}." in tombstone.inner_text(), \
        tombstone.inner_text()
    assert post.get_by_text(EDITED_REPLY[:40]).count() == 0, "the removed text is still shown to members"
    assert post_article(rafael.page, 1).get_by_text(THREAD_BODY[:40]).is_visible(), "the thread lost its first post"
    post.scroll_into_view_if_needed()
    rafael.shot("13-removed-tombstone")


LONG_TITLE = "Is https://guidelines.example.org/hypertension/2025/primary-aldosteronism-screening-recommendations-full-text still current?"
LONG_BODY = """Reading the statement at https://guidelines.example.org/hypertension/2025/primary-aldosteronism-screening-recommendations-full-text-with-appendices
and doi:10.1161/HYP.0000000000000065-supplementary-appendix-table-S4-aldosterone-renin-ratio-thresholds.

```
ARR = plasma_aldosterone_concentration_ng_per_dL / plasma_renin_activity_ng_per_mL_per_h  # screen positive when ARR >= 30 and PAC >= 10
```

| assay | unit | cut-off | confirmatory test | interfering drugs | hold for | notes | source |
|---|---|---|---|---|---|---|---|
| PAC/PRA | ng/dL per ng/mL/h | 30 | saline infusion | spironolactone, eplerenone | 4 weeks | potassium first | guideline |
"""


def test_long_urls_code_and_tables_fit_a_phone(journey):
    """A thread whose title and body hold unbroken URLs, a DOI, a long code line and a wide table:
    the thread, the category, the latest list, search and the author's profile fit in 320, 360,
    375 and 768 px (every audited page is measured there) and axe finds nothing. On a phone the
    code block and the table scroll inside their own box, which the keyboard can reach and scroll."""
    journey.require("discussion.new_thread", "search.search_posts")
    if not journey.facts.get("category"):
        pytest.skip("no category to post in (the category step did not run)")
    rafael = journey.actor(RAFAEL.key)
    page = rafael.page
    rafael.go("/threads/new")
    page.get_by_label("Category", exact=True).select_option(label=CATEGORY)
    page.get_by_label("General discussion", exact=True).check()
    page.get_by_label("Title", exact=True).fill(LONG_TITLE)
    page.get_by_label("Your post (Markdown)").fill(LONG_BODY)
    rafael.click(page.get_by_role("button", name="Preview"))
    assert page.evaluate("document.activeElement.matches('section.preview')"), f"after Preview: {focused(page)}"
    rafael.click(page.get_by_role("button", name="Post thread"))
    assert "Your thread is posted." in flash_text(page), flash_text(page)
    assert page.locator("article.post pre").is_visible() and page.locator("article.post table").is_visible()
    journey.facts["long_thread_path"] = rafael.path().split("#")[0]
    assert_boxes_scroll_by_keyboard(page)
    rafael.shot("14-long-lines-thread")
    rafael.click(page.get_by_role("main").get_by_role("link", name=CATEGORY).first)
    rafael.go("/forum/latest")
    rafael.click(page.get_by_role("navigation", name="Thread lists").get_by_role("link", name="Unread"))
    assert page.get_by_role("heading", name="Unread threads").is_visible()
    rafael.click(page.get_by_role("navigation", name="Thread lists").get_by_role("link", name="New"))
    if not journey.server.missing_endpoints("discussion.list_open_cases"):
        rafael.click(page.get_by_role("navigation", name="Thread lists").get_by_role("link", name="Open cases"))
        assert page.get_by_role("heading", name="Open cases").is_visible()
    rafael.click(page.get_by_role("navigation", name="Thread lists").get_by_role("link", name="Bookmarks"))
    assert page.get_by_role("heading", name="Bookmarked threads").is_visible()
    rafael.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Members"))
    page.get_by_label("Name or handle").fill("neil-bap")
    rafael.click(page.get_by_role("button", name="Find"))
    assert page.get_by_role("main").get_by_role("link", name=RAFAEL.full_name).is_visible(), "the directory does not find him"
    rafael.go("/search")
    page.get_by_label("Search for").fill("aldosteronism")
    if page.get_by_label("Posted from").count():  # a date picker in the browser; UTC days
        page.get_by_label("Posted from").fill(datetime.utcnow().date().isoformat())
    rafael.click(page.get_by_role("button", name="Search", exact=True))
    assert page.get_by_role("link", name=LONG_TITLE).first.is_visible(), "the thread is not found by search"
    rafael.shot("15-search")
    rafael.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="My profile"))
    if not journey.server.missing_endpoints("discussion.list_member_posts"):
        rafael.click(page.get_by_role("link", name=f"All posts by {RAFAEL.full_name}"))
        assert page.get_by_role("heading", name=re.compile(f"Posts by {re.escape(RAFAEL.full_name)}")).is_visible()


def assert_boxes_scroll_by_keyboard(page):
    """At 320 px the post's code block and table are wider than their box: each scrolls inside
    itself (the page does not), is a stop in the tab order with a name, and moves with the arrow
    keys. The table stays a table to assistive technology."""
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        body = page.locator("article.post .post-body").first
        assert body.get_by_role("table").count() == 1, "the post's table is no longer exposed as a table"
        for selector in ("pre", "table"):
            box = body.locator(selector).first
            box.wait_for(state="visible")
            page.wait_for_function("el => el.hasAttribute('data-scroll-box')", arg=box.element_handle(), timeout=5_000)
            size = box.evaluate("el => ({scroll: el.scrollWidth, client: el.clientWidth, "
                                "tabindex: el.getAttribute('tabindex'), name: el.getAttribute('aria-label')})")
            assert size["scroll"] > size["client"], f"the {selector} does not scroll inside its box: {size}"
            assert size["tabindex"] == "0" and size["name"], f"the scrolling {selector} is not a named tab stop: {size}"
            box.focus()
            assert page.evaluate("document.activeElement.matches('.post-body pre, .post-body table')"), \
                f"the {selector} cannot take the focus ({focused(page)})"
            for _ in range(4):
                page.keyboard.press("ArrowRight")
            page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle(), timeout=3_000)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"the page scrolls sideways at 320 px: {width}"
    finally:
        page.set_viewport_size(DESKTOP)


def test_an_archived_category_stays_readable(journey):
    """The admin archives a category: its row on the forum index keeps full contrast (axe checks
    the colours of every audited page)."""
    journey.require("discussion.archive_category")
    admin = journey.actor("admin")
    page = admin.page
    admin.go("/admin/categories/new")
    page.get_by_label("Name", exact=True).fill("Retired: locum questions")
    page.get_by_label("Description (optional)").fill("Kept for reference; ask in the general category.")
    page.get_by_label("Reason (recorded in the audit log)").fill("Folded into the general category.")
    admin.click(page.get_by_role("button", name="Save"))
    page.get_by_label("Reason for archiving Retired: locum questions").fill("Folded into the general category.")
    row = page.get_by_role("row").filter(has_text="Retired: locum questions")
    admin.click(row.get_by_role("button", name="Archive"))
    admin.go("/forum")
    assert page.locator("tr.archived").count() == 1, "no archived row on the forum index"


PHONE_360 = {"width": 360, "height": 780}


def test_controls_are_big_enough_to_tap_on_a_phone(journey):
    """At 360 px every button, menu link, pager link and form control on the key pages is at
    least 24 x 24 CSS px (WCAG 2.2, 2.5.8); links inside running text are exempt. Every offender
    is reported with its text, page by page."""
    thread = journey.facts.get("long_thread_path")
    if not thread or not journey.facts.get("thread_path"):
        pytest.skip("no threads to measure (the posting steps did not run)")
    rafael, admin = journey.actor(RAFAEL.key), journey.actor("admin")
    visits = [(rafael, "/forum"), (rafael, journey.facts["thread_path"]), (rafael, thread),
              (rafael, "/threads/new"), (rafael, "/search?q=aldosteronism"), (rafael, "/notifications"),
              (rafael, "profile"),
              (admin, "/admin/applications"), (admin, "/moderation"), (admin, "/admin/members")]
    offenders = []
    for actor, path in visits:
        if path == "profile":
            actor.click(actor.page.get_by_role("navigation", name="Main").get_by_role("link", name="My profile"))
            path = actor.path()
        else:
            actor.go(path)
        actor.page.set_viewport_size(PHONE_360)
        try:
            small = actor.page.evaluate(TAP_TARGETS)
        finally:
            actor.page.set_viewport_size(DESKTOP)
        offenders += [f"{path}: {item}" for item in small]
    assert not offenders, "controls smaller than 24 x 24 px at 360 px:\n  - " + "\n  - ".join(offenders)


def test_a_thread_prints_cleanly(journey):
    """With print media a thread shows its title, posts, authors' credentials, the declared
    conflicts (even folded away on screen) and citations with their addresses written out, black
    on white, with no navigation, forms or buttons, and nothing cut off at the page's width."""
    if not journey.facts.get("thread_path") or not journey.facts.get("long_thread_path"):
        pytest.skip("no thread to print (the posting steps did not run)")
    rafael = journey.actor(RAFAEL.key)
    page = rafael.page
    rafael.go(journey.facts["thread_path"])
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's printable width
    page.emulate_media(media="print")
    try:
        shown = page.evaluate("""() => {
            const seen = (el) => !!el && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
            const visibleControls = Array.from(document.querySelectorAll('nav, form, button, .button, .skip-link'))
                .filter(seen).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className.split(' ')[0] : '')
                + ' “' + el.textContent.trim().slice(0, 30) + '”');
            const citation = document.querySelector('.citation-list a[href^="http"]');
            const body = getComputedStyle(document.body);
            return {
                controls: visibleControls,
                title: seen(document.querySelector('main h1')),
                posts: Array.from(document.querySelectorAll('article.post .post-body')).filter(seen).length,
                credential: seen(document.querySelector('article.post .credential')),
                declared: Array.from(document.querySelectorAll('.disclosure-list li')).filter(seen).length,
                after: citation ? getComputedStyle(citation, '::after').content : null,
                href: citation ? citation.getAttribute('href') : null,
                colours: [body.color, body.backgroundColor],
            };
        }""")
        assert not shown["controls"], f"printed with navigation or controls: {shown['controls']}"
        assert shown["title"] and shown["posts"] >= 2 and shown["credential"], f"the thread does not print: {shown}"
        assert shown["declared"] >= 1, "declared conflicts of interest do not print (the disclosure stays folded)"
        assert shown["href"] and shown["href"] in (shown["after"] or ""), \
            f"the citation's address is not printed after it: ::after is {shown['after']!r}, href {shown['href']!r}"
        assert shown["colours"] == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], f"not black on white: {shown['colours']}"
        rafael.go(journey.facts["long_thread_path"])
        cut = page.evaluate("""() => Array.from(document.querySelectorAll('main *')).filter((el) =>
            el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
            .map((el) => `${el.tagName.toLowerCase()} (${el.scrollWidth}px in ${el.clientWidth}px)`)""")
        assert not cut, f"printed content is cut off in scroll boxes: {cut}"
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"the printed thread is wider than the page: {width}"
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size(DESKTOP)


def test_double_text_size_still_fits_a_phone(journey):
    """With the text at 200% (the root font size doubled, as a reader's browser setting does)
    the thread and the composers still fit 360 px without sideways scrolling."""
    if not journey.facts.get("thread_path") or not journey.facts.get("long_thread_path"):
        pytest.skip("no thread to read (the posting steps did not run)")
    rafael = journey.actor(RAFAEL.key)
    page = rafael.page
    reply = journey.facts["thread_path"] + "/reply"
    problems = []
    for path in (journey.facts["thread_path"], journey.facts["long_thread_path"], "/threads/new", reply):
        response = page.goto(rafael.base_url + path)
        assert response.status == 200, f"{path}: HTTP {response.status}"
        rafael.audit.unchecked.clear()
        page.set_viewport_size(PHONE_360)
        try:
            page.evaluate("document.documentElement.style.fontSize = '200%'")  # CSSOM: the CSP allows it
            size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li, main label')).fontSize)")
            assert size >= 27, f"{path}: the text did not grow with the root font size ({size}px)"
            overflow = page.evaluate(OVERFLOW_CHECK)
            if overflow:
                problems.append(f"{path}: " + "; ".join(overflow))
        finally:
            page.set_viewport_size(DESKTOP)
    assert not problems, "at 200% text and 360 px:\n  - " + "\n  - ".join(problems)


NO_SCRIPT_REPLY = ("Read without JavaScript: agree with screening first, and repeat the ratio off "
                   "interfering drugs if the first result is borderline.")


def test_without_javascript_a_member_logs_in_reads_and_replies(journey):
    """In a browser with JavaScript off the forum is plain HTML forms: she logs in, reads the
    thread (times in UTC, as the server wrote them) and posts a reply through the composer.
    Playwright cannot evaluate script in such a page, so these pages are checked by locators
    here (the same pages are audited with JavaScript on by the earlier steps)."""
    if not journey.facts.get("thread_path"):
        pytest.skip("no thread to reply to (the posting step did not run)")
    context = journey.browser.new_context(viewport=PHONE_360, locale="en-US", timezone_id="UTC",
                                          java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        base = journey.server.base_url

        def submit(button, status=200):
            with page.expect_navigation() as navigation:
                button.click()
            response = navigation.value
            assert response is not None and response.status == status, \
                f"HTTP {response.status if response else '?'} at {page.url}, expected {status}"

        assert page.goto(base + "/login").status == 200
        page.get_by_label("Email", exact=True).fill(AMELIA.email)
        page.get_by_label("Password", exact=True).fill(AMELIA.password)
        submit(page.get_by_role("button", name="Log in"))
        assert page.goto(base + journey.facts["thread_path"]).status == 200
        assert page.get_by_role("heading", name=THREAD_TITLE).is_visible(), f"the thread is not shown at {page.url}"
        moment = page.locator("article.post").first.locator("time[data-local='datetime']").first
        assert moment.get_attribute("title") is None and "UTC" in moment.inner_text(), \
            f"local-times.js ran, so JavaScript is not off: {moment.inner_text()!r}"
        submit(page.get_by_role("main").get_by_role("link", name="Reply", exact=True))
        page.get_by_label("Your reply (Markdown)").fill(NO_SCRIPT_REPLY)
        page.get_by_label("No relevant conflicts").check()
        submit(page.get_by_role("button", name="Post reply", exact=True))
        assert "Your reply is posted." in flash_text(page), f"not posted: {flash_text(page)!r} at {page.url}"
        assert page.locator("article.post").filter(has_text=NO_SCRIPT_REPLY[:40]).count() == 1, "the reply is not shown"
    finally:
        context.close()


# One page reached at two addresses (the member's start page is the forum index).
SAME_PAGE = [{"/", "/forum"}]


def test_every_kind_of_page_has_a_title_of_its_own(journey):
    """Checked last, over every page the journey audited: a title shared by two kinds of page
    tells a screen-reader user (and a browser's history) nothing about which one is open."""
    shared = {title: sorted(kinds) for title, kinds in journey.titles.items()
              if len(kinds) > 1 and set(kinds) not in SAME_PAGE}
    assert not shared, f"titles shared by different pages: {shared}"
