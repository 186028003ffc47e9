"""Patient names: honorific + name, "patient J. Smith", relatives by name, initials tied to a patient,
a given name tied to an age or to the word patient ("Maria, a 45-year-old", "Tom (my patient)"),
a labelled name field pasted from an EHR ("Patient Name: QUIGLEY, BARTHOLOMEW").

Physicians are not patients: "Dr." and "Prof." never count, and a full name next to a clinician
word, a trainee's grade, thanks or a byline, "et al." or an eponym noun ("Austin Flint murmur") is
left alone; an age in apposition or the word patient after a name overrides all of these.

The forms live in their own modules: forms (from an introducing word), by_age (from an age),
relatives (from a relation word), fields (labelled fields and names typed in capitals), parts
(names of three words or more, and names joined by a particle such as "binte" or "Ní").
"""
from forum.privacy.rules.base import Rule
from forum.privacy.rules.names.by_age import names_by_age
from forum.privacy.rules.names.common import INITIALS_REASON, KIND, REASON
from forum.privacy.rules.names.contexts import age_then_names, apposition_names, bed_names, capital_surnames, little_names, quoted_names
from forum.privacy.rules.names.fields import capital_honorifics, name_fields, surnames, table_names
from forum.privacy.rules.names.forms import (
    full_names, given_and_initial, given_names_alone, honorifics, lower_case_in_brackets, named,
    patient_names, reversed_names, titled,
)
from forum.privacy.rules.names.parts import extend, particle_names
from forum.privacy.rules.names.relatives import babies, relatives
from forum.privacy.rules.names.subjects import bed_rows, given_name_subjects, labelled_lower_names, passive_subjects

__all__ = ["INITIALS_REASON", "KIND", "REASON", "RULE", "find"]

_FINDERS = (honorifics, titled, capital_honorifics, patient_names, name_fields, surnames, table_names, relatives,
            babies, named, names_by_age, full_names, reversed_names, given_names_alone, particle_names,
            lower_case_in_brackets, given_and_initial, bed_names, quoted_names, little_names, capital_surnames,
            age_then_names, apposition_names, given_name_subjects, bed_rows, labelled_lower_names,
            passive_subjects)


def find(doc):
    """Spans of patient names, initials and relatives' names, each widened to the whole name
    ("Tan Boon" to "Tan Boon Huat", "Siobhán Ní" to "Siobhán Ní Bhriain")."""
    for finder in _FINDERS:
        for span in finder(doc):
            if len(span) == 2:
                yield span[0], extend(doc, span[0], span[1])
            else:
                yield span


RULE = Rule(KIND, REASON, find)
