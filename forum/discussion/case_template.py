"""The de-identified case template: bands and categories instead of exact ages, dates and
places, composed into Markdown at the top of the opening post."""
import re

from forum.discussion.drafts import CaseInput, Problems
from forum.text import clean_text, composed

AGE_BANDS = ["under 1", "1-4", "5-11", "12-17", "18-29", "30-39", "40-49", "50-59",
             "60-69", "70-79", "80-89", "90 or older"]
SEXES = {"female": "Female", "male": "Male", "other": "Intersex or other", "unstated": "Not stated"}
SETTINGS = {
    "outpatient": "Outpatient clinic",
    "primary_care": "Primary care",
    "emergency": "Emergency department",
    "inpatient": "Inpatient ward",
    "icu": "Intensive care",
    "telehealth": "Telehealth",
    "long_term_care": "Long-term care",
    "other": "Other setting",
}
MAX_TEXT_LENGTH = 4000
_TEXT_FIELDS = {"presentation": "The presentation", "question": "The question"}


def is_empty(case: CaseInput | None) -> bool:
    return case is None or not any(
        (getattr(case, name) or "").strip()
        for name in ("age_band", "sex", "setting", "presentation", "question")
    )


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _fences_closed(text: str) -> str:
    """`text` with a code fence it leaves open closed: otherwise the next heading of the
    template, and the free text after it, would all become code."""
    open_fence = None
    for line in text.splitlines():
        fence = _FENCE.match(line)
        if not fence:
            continue
        marker = fence.group(1)
        if open_fence is None:
            open_fence = marker
        elif marker[0] == open_fence[0] and len(marker) >= len(open_fence) \
                and not line.strip()[len(marker):].strip():
            open_fence = None
    return text if open_fence is None else f"{text}\n{open_fence}"


def within_limits(case: CaseInput | None) -> bool:
    """True when no free-text field of `case` is over MAX_TEXT_LENGTH (compose reports those)."""
    return case is None or all(_length(case, name) <= MAX_TEXT_LENGTH for name in _TEXT_FIELDS)


def _length(case: CaseInput, name: str) -> int:
    """A field's length as its reader sees it: a line break a browser sends as CR LF is one
    character, an accent typed as a combining mark is none, as in the post it is composed into."""
    return len(clean_text(composed(getattr(case, name) or "")))


def compose(case: CaseInput | None, body: str, problems: Problems, prefix="case") -> str:
    """The post source: the filled-in template (if any) followed by the free text."""
    if is_empty(case):
        return body
    if case.age_band and case.age_band not in AGE_BANDS:
        problems.add(f"{prefix}-age_band", "Choose an age band from the list.")
    if case.sex and case.sex not in SEXES:
        problems.add(f"{prefix}-sex", "Choose from the list.")
    if case.setting and case.setting not in SETTINGS:
        problems.add(f"{prefix}-setting", "Choose a setting from the list.")
    for name, what in _TEXT_FIELDS.items():
        length = _length(case, name)
        if length > MAX_TEXT_LENGTH:
            problems.add(f"{prefix}-{name}", f"{what} is {length:,} characters long; the limit is "
                                             f"{MAX_TEXT_LENGTH:,}.")
    facts = [
        ("Age band", case.age_band),
        ("Sex", SEXES.get(case.sex, "")),
        ("Setting", SETTINGS.get(case.setting, "")),
    ]
    lines = ["**De-identified case**", ""]
    lines += [f"- {name}: {value}" for name, value in facts if value]
    for heading, text in (("Presentation", case.presentation), ("Question for colleagues", case.question)):
        if (text or "").strip():
            lines += ["", f"**{heading}**", "", _fences_closed(text.strip())]
    template = "\n".join(lines).strip()
    return f"{template}\n\n{body.strip()}" if (body or "").strip() else template
