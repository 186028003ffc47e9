"""Demo discussion content for `flask demo seed`: categories, standing disclosures and a few
threads written through the services (so counters, search and notifications are real)."""
import secrets

from forum.discussion.drafts import (CaseInput, CitationInput, DisclosureInput, PostDraft,
                                     RelationshipInput, ThreadDraft)
from forum.discussion.models import ThreadKind
from forum.discussion.rendering import quote_source
from forum.discussion.services import answers, categories, helpful, posting, profiles

ADMIN = "admin@demo.curbside.example.org"
AMELIA = "amelia@demo.curbside.example.org"
RAFAEL = "rafael@demo.curbside.example.org"
MEI = "mei@demo.curbside.example.org"

CATEGORIES = (
    ("Clinical cases: internal medicine", "De-identified adult cases: diagnosis, management, second opinions."),
    ("Pediatrics", "Cases and questions from neonatology to adolescent medicine."),
    ("Psychiatry", "Cases, psychopharmacology and service questions."),
    ("Practice & careers", "Running a practice, training, rotas, leave and career moves."),
    ("Announcements 2025", "Last year's site announcements (archived)."),
)

NO_CONFLICTS = DisclosureInput("none")
RAFAEL_DISCLOSURE = DisclosureInput("declared", [RelationshipInput(
    "speaking", "A vaccine manufacturer", "Speaker fees for adult immunisation talks, 2025")])


def seed_discussion(users: dict):
    """Create the demo categories and threads; `users` maps demo emails to accounts."""
    admin, amelia, rafael, mei = (users.get(e) for e in (ADMIN, AMELIA, RAFAEL, MEI))
    if not all((admin, amelia, rafael, mei)):
        return
    made = {name: categories.create_category(admin, name, description, "Demo data")
            for name, description in CATEGORIES}
    for user, disclosure in ((amelia, NO_CONFLICTS), (rafael, RAFAEL_DISCLOSURE), (mei, NO_CONFLICTS)):
        profiles.update_profile(user, user.institution or "", disclosure)
    _hyponatremia_case(made["Clinical cases: internal medicine"], amelia, rafael, mei)
    _febrile_infant_case(made["Pediatrics"], mei, amelia)
    _parental_leave_thread(made["Practice & careers"], rafael, mei, amelia)
    posting.create_thread(admin, ThreadDraft(
        made["Announcements 2025"].id, "Welcome to the Curbside pilot", ThreadKind.GENERAL,
        _draft("Curbside is open to registry-verified physicians. Read the posting guide before "
               "your first case: **never include anything that could identify a patient.**")))
    categories.archive_category(admin, made["Announcements 2025"], "Demo data: last year's announcements")


def _draft(body, citations=(), disclosure=None, case=None) -> PostDraft:
    return PostDraft(body=body, citations=[CitationInput(v, n) for v, n in citations],
                     disclosure=disclosure, case=case, submission_key=secrets.token_urlsafe(24))


def _hyponatremia_case(category, amelia, rafael, mei):
    thread = posting.create_thread(amelia, ThreadDraft(
        category.id, "Falling sodium a month after starting an SSRI: stop, switch or restrict fluids?",
        ThreadKind.CLINICAL, _draft(
            "I would value a second view before changing anything. Thiazides were stopped a year ago.",
            citations=[("PMID: 24569125", "European clinical practice guideline on hyponatraemia (2014)"),
                       ("https://doi.org/10.1056/NEJM200005253422107", "Adrogué & Madias, Hyponatremia, NEJM 2000")],
            disclosure=NO_CONFLICTS,
            case=CaseInput("70-79", "female", "outpatient",
                           "Sodium fell from the normal range to 127 mmol/L four weeks after starting an "
                           "SSRI for low mood. Clinically euvolaemic, no new symptoms, urine osmolality "
                           "inappropriately high.",
                           "Would you stop the SSRI outright, switch class, or restrict fluids and recheck?"))))
    first_reply = posting.create_reply(rafael, thread, _draft(
        "I would stop it and recheck in a week; in my practice sodium usually recovers within days. "
        "@amelia.j.quillfeather did you check thyroid and cortisol?",
        disclosure=RAFAEL_DISCLOSURE))
    second_reply = posting.create_reply(mei, thread, _draft(
        quote_source(first_reply) + "Agreed. If the mood symptoms need ongoing treatment, a non-SSRI "
        "option with less SIADH risk is worth discussing with psychiatry.",
        disclosure=NO_CONFLICTS))
    # What members do with good replies: mark them helpful, and the case's author its answer.
    helpful.set_helpful(amelia, first_reply, True)
    helpful.set_helpful(amelia, second_reply, True)
    helpful.set_helpful(mei, first_reply, True)
    answers.accept_answer(amelia, first_reply)


def _febrile_infant_case(category, mei, amelia):
    thread = posting.create_thread(mei, ThreadDraft(
        category.id, "Well-appearing febrile infant, 29-60 days: who gets a lumbar puncture?",
        ThreadKind.CLINICAL, _draft(
            "Our emergency team is revising its pathway. How are colleagues using inflammatory "
            "markers to decide on LP in this age band?",
            citations=[("10.1542/peds.2021-052228", "AAP clinical practice guideline, 2021")],
            disclosure=NO_CONFLICTS,
            case=CaseInput("under 1", "unstated", "emergency", "", ""))))
    posting.create_reply(amelia, thread, _draft(
        "Adult physician here, but our paediatric colleagues follow the guideline's marker thresholds "
        "closely and document shared decisions with parents.", disclosure=NO_CONFLICTS))


def _parental_leave_thread(category, rafael, mei, amelia):
    thread = posting.create_thread(rafael, ThreadDraft(
        category.id, "Handing over a clinic list before parental leave: what worked for you?",
        ThreadKind.GENERAL, _draft(
            "Four months out. I am thinking of a shared handover document and named covering "
            "colleagues per patient group. What would you add?")))
    posting.create_reply(mei, thread, _draft(
        "A single page per complex patient, and a date when the covering colleague will review "
        "outstanding results. Tell patients early who they will see."))
    posting.create_reply(amelia, thread, _draft(
        "Block a week before you leave for loose ends; something always appears."))
