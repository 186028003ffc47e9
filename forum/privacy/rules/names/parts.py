"""Names of more than two words: a highlight covers the whole name ("Siobhán Ní Bhriain", "Tan
Boon Huat", "Pieter van der Merwe"), and a patronymic or clan particle between capitalised words
("Nur Aisyah binte Rahmat", "Ahmad bin Ismail", "Aoife Nic Giolla") makes them a person's name
whatever words come before."""
import re

from forum.privacy.lexicon import CLINICIAN_WORDS, NOT_NAMES
from forum.privacy.rules.base import word_set
from forum.privacy.rules.names.common import WORD, clinician_before, colleague_before, eponym_or_institution_after

# Particles of a surname: Malay and Arabic patronymics, Irish and Scottish clan words, Dutch,
# German and Romance particles. A third capitalised word is taken only after two name words.
PARTICLES = (r"(?:bin|binti|binte|bint|ibn|bte|ní|nic|ó|ui|uí|mac|mc|ap|van|von|der|den|de|del|della|di|da|dos"
             r"|du|la|le|ter|ten|zu|al|el|abu)")
_PARTICLES_AFTER = re.compile(rf"(?:\s+{PARTICLES}){{1,3}}(?:\s+|-){WORD}|(?:\s+(?:al|el)-){WORD}", re.IGNORECASE)
_PARTICLE_INITIALS = frozenset("bindómuavtzeal")
_THIRD_WORD = re.compile(rf" (?P<word>{WORD})(?![\w'’\-])")
_NAME_WORDS = re.compile(rf"{WORD}")
# Particles that stand only in names (no English word is spelled so): the anchor of a name found
# on its own. "bin" and "al" need capitalised words on both sides.
_NAME_PARTICLE = re.compile(
    rf"(?<![\w\-])(?P<given>{WORD}(?:\s{WORD})?)\s(?P<particle>bin|binti|binte|bint|ibn|bte|Ní|Nic|Ó|Uí)"
    rf"\s(?P<surname>{WORD})")
_PARTICLE_WORDS = word_set("bin binti binte bint ibn bte nic")
_ACCENTED_PARTICLES = (" ní ", " ó ", " uí ")


def extend(doc, start: int, end: int) -> int:
    """The end of the whole name that starts at `start` and has been found up to `end`."""
    text = doc.text
    if not text.startswith(" ", end) or not text[end + 1:end + 2].isalpha():
        return end  # most names end at a comma, a stop or a lower-case word: cheap way out
    if text[end + 1].islower() and text[end + 1] not in _PARTICLE_INITIALS:
        return end
    particles = _PARTICLES_AFTER.match(text, end, end + 60)
    if particles and text[particles.end() - 1].isalpha():
        return particles.end()
    third = _THIRD_WORD.match(text, end, end + 40)
    if not third or third.group("word").lower() in NOT_NAMES:
        return end
    if len(_NAME_WORDS.findall(text, start, end)) < 2 or eponym_or_institution_after(doc, third.end()):
        return end
    return third.end()


def particle_names(doc):
    """"Nur Aisyah binte Rahmat refused", "Ahmad bin Ismail, 45": given names, a particle, a surname."""
    if not doc.has_word(_PARTICLE_WORDS) and (doc.text.isascii() or not doc.has(*_ACCENTED_PARTICLES)):
        return
    for match in _NAME_PARTICLE.finditer(doc.text):
        given = match.group("given")
        if any(word.lower() in NOT_NAMES or word.lower() in CLINICIAN_WORDS for word in given.split()) \
                or match.group("surname").lower() in NOT_NAMES:
            continue
        if clinician_before(doc, match.start()) or colleague_before(doc, match.start()):
            continue
        yield match.start(), match.end()
