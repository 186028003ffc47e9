"""Small helpers shared by the feature forms."""
from wtforms.fields.choices import SelectChoice


def select_choices(pairs, optgroup=None):
    """(value, label) pairs as WTForms SelectChoice objects, optionally inside an <optgroup>."""
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]


def grouped_select_choices(groups):
    """{optgroup label: [(value, label), ...]} as one flat list of SelectChoice objects."""
    return [choice for group, pairs in groups.items() for choice in select_choices(pairs, group)]
