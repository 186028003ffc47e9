"""Dates tied to a person: birth, admission, discharge, death, visits ("DOB 03/14/1931",
"admitted on 3/14", "she was discharged on March 3rd").

A date counts only when a person or an event of their care is named in the same clause (before
it, or right after it: "On 3/14 she presented"), so "guidelines updated in March 2024" or
"published 12 May 2020" are left alone. Month and year without a day count only with birth, death,
admission or discharge words; a partial date ("3/14", "the 14th") only right after "on",
"admitted", "DOB" and the like, or at the start of a line of a timeline, and never before
"murmur", "strength" or "of" (grades, fractions).

Three kinds of date are not a patient's even beside care words: the UK shorthand for a duration
("admitted 3/7 ago": three days; N/12 months, N/52 weeks), a date that an institution's notice
is about ("the clinic will be closed on 24 December", "alert issued 14 March 2024"), and the
period of a study ("patients admitted between 1 Jan 2020 and 31 Dec 2022 were included").
"""
import functools
import re

from forum.privacy.rules.base import Rule, by_first_letter, word_set

KIND = "date"
REASON = ("Looks like a date tied to the patient: give relative timing instead "
          "(\"on day 3 of admission\", \"two weeks later\").")
BIRTH_REASON = "Looks like a date of birth: use an age (or \"90 or older\") instead."
DEATH_REASON = "Looks like a date of death: give relative timing instead (\"on day 9\")."

MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d{2}|20\d{2})"

_END = r"(?![\w/\-]|\.\d)"
_TIME = r"(?:t\d{1,2}:\d{2}(?::\d{2})?)?"  # ISO 8601 date-time: "2024-03-14T08:15"
# All scanning is over the lower-cased text and starts from anchors found with str.find: a
# separator between digits ("3/14", "2024-03"), a month name, or "the" before an ordinal.
_NUMERIC_AT = re.compile(
    r"(?P<num>(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<c>\d{4}|\d{2}))" + _END
    + r"|(?P<iso>" + YEAR + r"(?P<isep>[/.\-])(?:0?[1-9]|1[0-2])(?P=isep)(?:[12]\d|3[01]|0?[1-9]))" + _TIME + _END
    + r"|(?P<nmy>(?:0?[1-9]|1[0-2])[/.\-]" + YEAR + r")" + _END
    + r"|(?P<short>(?P<sa>\d{1,2})/(?P<sb>\d{1,2}))" + _END)
_MONTH_WORDS = word_set(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september"
    " oct october nov november dec december")
_MONTH_AT = re.compile(
    r"(?P<md>" + MONTH + r"\s+" + DAY + r"(?:,?\s+" + YEAR + r")?)" + _END
    + r"|(?P<my>" + MONTH + r"(?:,?\s+(?:of\s+)?|-)" + YEAR + r")" + _END)
# "14 March 2024", "14th of March" and the hyphenated "14-Mar-2024" of lab and EHR print-outs.
_DAY_BEFORE = re.compile(r"(?:[12]\d|3[01]|0?[1-9])(?:(?:st|nd|rd|th)?\s+(?:of\s+)?|-)$")
_DAY_MONTH_AT = re.compile(
    r"(?P<dm>" + DAY + r"(?:\s+(?:of\s+)?" + MONTH + r"(?:,?\s+" + YEAR + r")?|-" + MONTH + r"(?:-(?:" + YEAR
    + r"|\d{2}))?))"
    + _END)
_ORDINAL = re.compile(r"the\s+(?P<ord>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))" + _END)
_BOUNDARY_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_/.-")

# Also the birth labels of German, French, Spanish, Italian and Dutch notes ("geb. 14.02.1958",
# "née le 3/4/1950", "fecha de nacimiento", "nato il", "geboren").
_BIRTH = (r"d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday|born|geb\.?|geboren|n[ée]e?\s+le"
          r"|date\s+de\s+naissance|fecha\s+de\s+nacimiento|nacid[oa]|nat[oa]\s+il|geb\.?datum")
_DEATH = r"date\s+of\s+death|d\.?o\.?d\.?|died|death|passed\s+away|deceased|expired|pronounced"
# Events of a person's care. The strong ones also count when they follow the date ("On 3/14 she
# presented"); the weak ones only before it ("started apixaban on March 3").
# Labels of an EHR print-out count as care words: "Admit date:", "D/C", "DOA" (date of admission),
# "LKW" (last known well), "Dx", "date of injury".
_CARE_LABELS = (r"admit(?:\s+date)?|adm|d/c(?:\s+date)?|doa|lkw|last\s+known\s+well|dx|dx['’]?d|op\s+date"
                r"|operation\s+date|date\s+of\s+op"
                r"|date\s+of\s+(?:injury|admission|discharge|surgery|procedure|onset|presentation|diagnosis)")
_CARE = (r"admitted|admission|readmitted|discharged?|transferred|presented|seen|saw|visit(?:ed)?"
         r"|surgery|operated|underwent|delivered|intubated|extubated|reintubated|arrested|coded|diagnosed"
         r"|injured|came\s+in|came\s+back|brought\s+in|" + _CARE_LABELS)
# Weak: tests and procedures a patient had ("CT head 14/03/2024: no bleed", "collected: ...").
_WEAK_CARE = (r"presentation|procedure|diagnosis|scan(?:ned)?|biopsy|appointment|follow[\s-]?up"
              r"|date\s+of\s+service|dos|returned|started|stopped|fell|accident|ed|er|clinic"
              r"|ct|mri|cxr|x-?ray|xr|echo|tte|tee|ecg|ekg|eeg|ultrasound|pet|colonoscopy|endoscopy|ogd"
              r"|egd|ercp|angiogram|angiography|cath|specimen|collected|drawn"
              # What was done to or happened to the patient: treatment given, an event, a label.
              r"|given|administered|infused|transfused|dosed|began|begun|commenced|initiated|done|performed"
              r"|inserted|placed|sited|removed|went\s+in|put\s+in|detained|sectioned|restrained|ingest(?:ed|ion)"
              r"|overdosed?|took|taken|swallowed|normali[sz]ed|resolved|relapsed|relapse|recurred|flared"
              r"|collapsed|found|seized|arrived|attended|booked|vaccinated|immuni[sz]ed|bled|incident|injury"
              r"|event|onset|exposure|lmp|edd|trach(?:eostomy)?|last\s+seen|last\s+dose|dose\s+given"
              r"|booster|jab")
_PERSON = r"he|she|they|him|her|his|their|patient|pt|mr|mrs|ms|miss"
# Trigger words are found with one pattern grouped by first letter (base.by_first_letter), then
# each found word is told its kind, in this order of precedence.
_TRIGGER = re.compile(rf"\b(?:{by_first_letter(_BIRTH, _DEATH, _CARE, _WEAK_CARE, _PERSON)})(?![a-z])")
_TRIGGER_KINDS = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("birth", _BIRTH), ("death", _DEATH), ("care", _CARE), ("weak", _WEAK_CARE), ("person", _PERSON)))
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DIRECT_BEFORE = re.compile(
    rf"\b(?:on|{_BIRTH}|{_DEATH}|admitted|discharged|readmitted|seen|intubated|extubated|reintubated"
    r"|arrived|presented|operated|delivered|fell|collapsed|attended|arrested|coded|injured"
    rf"|{_CARE_LABELS}|(?:last|this|next|on)\s+{_WEEKDAY})(?:\s+{_WEEKDAY},?)?\s*[:\-]?\s*$")
# Matches exactly what "[.!?;]\s|\n" does (a new line alone; a stop followed by white space), but a
# pattern that begins with a character set lets re skip to its characters in C: the alternation
# was tried at every position of the window, about 250 machine instructions each.
_CLAUSE_BREAK = re.compile(r"[.!?;\n](?:(?<=\n)|\s)")
_ABBREVIATIONS = frozenset({"dr", "pt", "pts", "pat", "geb", "mr", "mrs", "ms", "vs", "st", "no", "approx", "dob", "dod", "adm"})
_SCALE_AFTER = re.compile(
    r"\s*(?:of\b|dose|tabs?\b|strength|power|murmur|systolic|diastolic|holosystolic|reflex|pulses?"
    r"|sensation|motor|scale|score|pain|ratio|split|units?\b|mg\b|ml\b"
    r"|patients|pts\b|cases|people|children|adults|women|men\b|days|weeks|months)")
# UK shorthand for a duration, not a date: "admitted 3/7 ago" (three days), "6/12 ago" (six
# months), "2/52" (two weeks), "seen on 3/7 post-op ward round", "for 5/7".
_DURATION_AFTER = re.compile(
    r"\s*(?:ago\b|hx\b|history|duration|prior\b|previously|earlier|later|since\b"
    r"|post[\s-]?(?:op|operative|partum|natal|ictal|procedure))")
_DURATION_BEFORE = re.compile(r"(?:\bfor|\bx|\bover|\bpast|\blast|\bwithin|\blasting)\s*$")
_DURATION_DENOMINATORS = frozenset({7, 12, 52})
# A notice of an institution names its own date: the nearest word before the date says so.
_NOTICE = re.compile(
    r"\b(?:closed|closing|closure|closes|reopens?|reopened|reopening|opens|opened|opening|issued|alert"
    r"|recalled|published|approved|launched|released|updated|effective|deadline|meeting|webinar"
    r"|conference|congress|symposium|summit|convention|renovation|holiday|journal\s+club|go[\s-]live"
    r"|went\s+live|rounds|rota)(?![a-z])")
_NOTICE_WORDS = word_set("closed closing closure closes reopen reopens reopened reopening opens opened"
                         " opening issued alert recalled published approved launched released updated"
                         " effective deadline meeting webinar conference congress symposium summit convention"
                         " renovation holiday journal go"
                         " went rounds rota")
# A study period: a group of patients and a word of method in the same clause.
_GROUP = re.compile(r"\b(?:patients|pts|cases|admissions|participants|subjects|children|adults|women|men"
                    r"|people|residents|consecutive)\b")
_STUDY = re.compile(r"\b(?:included|enrolled|recruited|excluded|randomi[sz]ed|reviewed|screened|audited"
                    r"|identified|retrospective(?:ly)?|cohort|study|audit|trial|registry|series)\b")
_GROUP_WORDS = word_set("patients pts cases admissions participants subjects children adults women men"
                        " people residents consecutive")
# A document is the subject when only a weak care word ("given", "done") is near the date:
# "the guideline was given a refresh on 3 March 2024".
_DOCUMENT = re.compile(r"\b(?:guidelines?|guidance|statement|recommendations?|consensus|policy|protocol|pathway"
                       r"|version|edition|update|paper|article|review|trial|study|course|lecture|talk|exam)\b")
_ORD_END = re.compile(r"\s*(?:[,.;)]|$|\s(?:at|and|when|but|after|before|she|he|they|was|with|in|the)\b)")
_WINDOW = 60


def _valid_day_month(a: int, b: int) -> bool:
    return (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)


def _abbreviation(text: str, dot: int) -> bool:
    """A full stop that ends an abbreviation ("d.o.b.", "pt.", "Dr.") rather than a clause."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    return dot - word_start == 1 or text[word_start:dot] in _ABBREVIATIONS


def _kinds(window: str) -> set:
    return {_kind_of(trigger.group()) for trigger in _TRIGGER.finditer(window)}


@functools.lru_cache(maxsize=1024)
def _kind_of(word: str) -> str:
    """The kind of a trigger word, kept per word: the same few words recur in every post."""
    return next(kind for kind, pattern in _TRIGGER_KINDS if pattern.fullmatch(word))


def _strong(kinds: set) -> set:
    return kinds - {"weak"}


def _clause(text: str, start: int, end: int):
    """The text of the same clause just before the date and just after it."""
    window = text[max(0, start - _WINDOW):start]
    # The last break that does not end an abbreviation: read from the end, most stop at once.
    for found in reversed(list(_CLAUSE_BREAK.finditer(window))):
        if not _abbreviation(window, found.start()):
            window = window[found.end():]
            break
    after = text[end:end + _WINDOW]
    cut = next((b for b in _CLAUSE_BREAK.finditer(after) if not _abbreviation(after, b.start())), None)
    if cut:
        after = after[:cut.start()]
    return window, after


def _not_a_patients(doc, window: str, after: str) -> bool:
    """The date of an institution's notice (its word is the nearest before the date) or of a
    study period (a group of patients and a word of method in the clause)."""
    notice = None
    for notice in _NOTICE.finditer(window) if doc.has_word(_NOTICE_WORDS) else ():
        pass
    if notice:
        trigger = None
        for trigger in _TRIGGER.finditer(window, notice.end()):
            pass
        if trigger is None:
            return True
    if not doc.has_word(_GROUP_WORDS):
        return False
    clause = window + " " + after
    return bool(_GROUP.search(clause) and _STUDY.search(clause))


def _line_start(low: str, start: int) -> bool:
    """The date begins a line, perhaps after a bullet or a table bar ("- 3/14: admitted")."""
    return not low[low.rfind("\n", 0, start) + 1:start].strip(" \t-*•|>")


def _candidate_ok(low: str, match: re.Match, group: dict, kinds: set, after: set, window: str) -> bool:
    """Full dates need a trigger before or after; partial ones need a direct trigger before.
    `group` is the match's groupdict()."""
    if group.get("num"):
        a, b = int(group["a"]), int(group["b"])
        return _valid_day_month(a, b) and bool(kinds or after)
    if group.get("iso") or group.get("md") or group.get("dm"):
        return bool(kinds or after)
    if group.get("my") or group.get("nmy"):
        return bool(kinds & {"birth", "death", "care"})
    # A partial date needs a word such as "on" or "admitted" right before it (or to start a line),
    # and a care word or a person around it: "Intubated 14/3", "On 14/3 he was intubated".
    direct = _DIRECT_BEFORE.search(window) or _line_start(low, match.start())
    cared = kinds & {"birth", "death", "care", "weak"} or after
    if group.get("short"):
        a, b = int(group["sa"]), int(group["sb"])
        return bool(direct and cared) and _valid_day_month(a, b) and not _SCALE_AFTER.match(low, match.end())
    on_person = direct and "person" in kinds | after
    return bool(direct and kinds & {"birth", "death", "care", "weak"} or on_person) \
        and bool(_ORD_END.match(low, match.end()))


def _clean_start(low: str, start: int) -> bool:
    """Not inside a longer number or word; a hyphen after a word is a label's ("dob-14/03/1951")."""
    if start == 0 or low[start - 1] not in _BOUNDARY_BEFORE:
        return True
    return low[start - 1] == "-" and start > 1 and low[start - 2].isalpha()


def _numeric(doc):
    low = doc.low
    last_end = 0
    for separator in doc.separators():
        start = separator
        while start > 0 and start > separator - 5 and low[start - 1].isdigit():
            start -= 1
        if start < last_end or not _clean_start(low, start):
            continue
        match = _NUMERIC_AT.match(low, start)
        if match:
            last_end = match.end()
            yield match


def _worded(doc):
    low = doc.low
    stems = {word[:3].decode() for word in doc.words & _MONTH_WORDS}
    for stem in sorted(stems):
        for start in doc.find_all(stem):
            if not doc.word_start(start):
                continue
            day = _DAY_BEFORE.search(low, max(0, start - 12), start)
            match = None
            if day and _clean_start(low, day.start()):
                match = _DAY_MONTH_AT.match(low, day.start())
            if not match and _clean_start(low, start):
                match = _MONTH_AT.match(low, start)
            if match:
                yield match
    for match in _ORDINAL.finditer(low):
        if _clean_start(low, match.start()):
            yield match


def _candidates(doc):
    yield from _numeric(doc)
    yield from _worded(doc)


def _plausible(low: str, match: re.Match, group: dict) -> bool:
    """Cheap checks before the context is read: a real day and month, and for a partial date
    ("3/14", "the 14th") a word such as "on" or "admitted" right before it. `group` is the
    match's groupdict() (a dict of fourteen groups, built once per candidate)."""
    if group.get("num") and not _valid_day_month(int(group["a"]), int(group["b"])):
        return False
    if group.get("short") or group.get("ord"):
        if group.get("short") and not _plausible_short(low, match):
            return False
        return bool(_DIRECT_BEFORE.search(low, max(0, match.start() - 30), match.start())
                    or _line_start(low, match.start()))
    return True


def _plausible_short(low: str, match: re.Match) -> bool:
    """A real day and month, and not the UK shorthand for a duration ("3/7 ago", "for 5/7")."""
    a, b = int(match.group("sa")), int(match.group("sb"))
    if not _valid_day_month(a, b) or _DURATION_AFTER.match(low, match.end()):
        return False
    return not (b in _DURATION_DENOMINATORS
                and _DURATION_BEFORE.search(low, max(0, match.start() - 12), match.start()))


# A holiday used as a date ("had a fall on Christmas Eve"): only right after "on" and with an
# event of the patient's in the same clause, so "the clinic is shut on Christmas Day" stays clean.
_HOLIDAY_WORDS = word_set("christmas boxing new thanksgiving easter halloween diwali eid hogmanay anzac")
_HOLIDAY = re.compile(
    r"\bon\s+(?:the\s+)?(?P<day>christmas\s+(?:eve|day)|boxing\s+day|new\s+year['’]?s\s+(?:eve|day)"
    r"|thanksgiving(?:\s+day)?|easter\s+(?:sunday|monday|saturday)|good\s+friday|halloween|diwali|eid"
    r"|hogmanay|anzac\s+day)\b")
_HOLIDAY_EVENT = re.compile(r"\b(?:fall|fell|collaps|seiz|fit|overdos|accident|crash|injur|attack|arrest|stroke"
                            r"|bleed|burn|assault|stabb|shot)[a-z]*")


# What a holiday needs beyond the words above, in an ASCII text (whose words are exactly the
# ones the pattern reads): "new" is common and names a holiday only before "year's".
_LONE_HOLIDAY_WORDS = word_set("christmas boxing thanksgiving easter halloween diwali eid hogmanay anzac")
_NEW_YEAR = word_set("year years")
_GOOD_FRIDAY = word_set("good friday")


def _holiday_possible(doc) -> bool:
    """Cheap pre-check: the words of at least one holiday occur."""
    if not doc.has_word(_HOLIDAY_WORDS):
        return False
    words = doc.words
    if not doc.text.isascii():
        return True  # a curly apostrophe or a non-breaking space joins words: match to be sure
    return (doc.has_word(_LONE_HOLIDAY_WORDS) or (b"new" in words and doc.has_word(_NEW_YEAR))
            or _GOOD_FRIDAY <= words)


def _holidays(doc):
    if not _holiday_possible(doc):
        return
    low = doc.low
    for index in doc.find_all("on "):
        match = _HOLIDAY.match(low, index)
        if not match:
            continue
        window, after_text = _clause(low, match.start("day"), match.end())
        kinds = _kinds(window) | _strong(_kinds(after_text))
        if ("care" in kinds or _HOLIDAY_EVENT.search(window)) and not _not_a_patients(doc, window, after_text):
            yield match.start("day"), match.end()


# A birth date written in the note's own language after its birth label, with the month as a word
# ("née le 14 février 1937", "nacido el 2 de enero de 1944", "geboren op 30 augustus 1941",
# "gebore 4 Mei 1955", "nascido em 4 de abril de 1941", "nato il 5 maggio 1950", "geb. 3. März 1944").
_FOREIGN_MONTH = (r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
                  r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre|noviembre|diciembre"
                  r"|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|dezembro"
                  r"|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
                  r"|januari|februari|maart|mei|juni|juli|augustus|oktober|januar|februar|m[äa]rz|dezember"
                  r"|januarie|februarie|junie|julie|desember|" + MONTH[3:-4])
_FOREIGN_BIRTH = re.compile(
    r"(?:n[ée]e?\s+le|nacid[oa]\s+el|nascid[oa]\s+(?:em|a)|nat[oa]\s+il|geboren(?:\s+(?:op|am|den))?"
    r"|gebore(?:\s+op)?|geb\.)\s*[:,]?\s*"
    rf"(?P<date>{DAY}(?:er|\.)?\s+(?:de\s+)?(?:{_FOREIGN_MONTH})\.?,?\s+(?:de\s+)?{YEAR})" + _END)
# The labels' first words as the words' set holds them; "née" and "né" are not ASCII, so their
# texts are not either, and only those are searched for them.
_FOREIGN_BIRTH_WORDS = word_set("nee nacido nacida nascido nascida nato nata geboren gebore geb")


def _foreign_births(doc):
    low = doc.low
    starts = list(doc.word_offsets(_FOREIGN_BIRTH_WORDS))
    if not doc.text.isascii():
        starts += [index for needle in ("née le", "né le") if needle in low for index in doc.find_all(needle)]
    for start in starts:
        match = _FOREIGN_BIRTH.match(low, start) if doc.word_start(start) else None
        if match:
            yield match.start("date"), match.end("date"), BIRTH_REASON


def find(doc):
    """Spans of dates with a person or an event of their care near them in the same clause."""
    yield from _holidays(doc)
    yield from _foreign_births(doc)
    low = doc.low
    for match in _candidates(doc):
        group = match.groupdict()
        if not _plausible(low, match, group):
            continue
        window, after_text = _clause(low, match.start(), match.end())
        kinds, after = _kinds(window), _strong(_kinds(after_text))
        if not _candidate_ok(low, match, group, kinds, after, window) or _not_a_patients(doc, window, after_text):
            continue
        if kinds <= {"weak"} and not after and _DOCUMENT.search(window):
            continue
        kinds |= after
        if "birth" in kinds:
            yield match.start(), match.end(), BIRTH_REASON
        elif "death" in kinds:
            yield match.start(), match.end(), DEATH_REASON
        else:
            yield match.start(), match.end()


RULE = Rule(KIND, REASON, find)
