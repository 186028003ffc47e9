"""Inputs built to make a parser or a matcher do more than linear work: 20,000 characters of one
repeated unit, as long as a post's body may be. The tests check what each input gives;
bench/hostile_input.py times them (CPU per input against a budget), because a timed assertion
in a test fails on a slow or busy machine without anything being wrong."""

from forum.discussion.services.composing import MAX_BODY_LENGTH as POST_LENGTH


def _fill(unit: str, size: int = POST_LENGTH) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _after(prefix: str, unit: str) -> str:
    """`prefix`, then `unit` repeated up to the length of a post."""
    return prefix + _fill(unit, POST_LENGTH - len(prefix))


# Each is one unit the screen's rules start a match on, repeated to the length of a post.
PRIVACY_SCREEN_INPUTS = {
    "digits": _fill("1"),
    "digit dashes": _fill("1-"),
    "digit slashes": _fill("1/"),
    "digit spaces": _fill("1 "),
    "zeros": _fill("0"),
    "honorifics": _fill("Mr. "),
    "honorific names": _fill("Mr Ab "),
    "patients": _fill("patient "),
    "capitals": _fill("Ab "),
    "at signs": _fill("a@"),
    "spelled emails": _fill("a at b dot "),
    "bracketed emails": _fill("x [at] y [dot] "),
    "url": _after("https://", "a"),
    "photo host": _after("imgur.com/", "a/"),
    "plus signs": _fill("+1 "),
    "open quote": _after('we call him "', "a"),
    "record labels": _after("MRN ", "1 "),
    "known as": _fill("he is known as "),
    "streets": _fill("1 Ab St "),
    "ordinals": _fill("the 1st "),
    "months": _fill("March 1, "),
    "ages": _fill("age 99 "),
    "initials": _fill("A.B. "),
    "ssn tails": _fill("123-45-"),
    "long local part": _fill("a", POST_LENGTH - len("@b.com")) + "@b.com",
    "www": _fill("www."),
    "schemes": _fill("http://"),
    "scheme and www": _fill("https://www."),
    "short links": _fill("www.a "),
    "photo hosts": _fill("imgur.com/"),
    "profile hosts": _fill("facebook.com/"),
    "hashes": _fill("#"),
    "masked hashes": _fill("###-##-"),
    "asterisks": _fill("*"),
    "lower-case honorifics": _fill("mrs "),
    "people of an age": _fill("man of 99 "),
    "regions": _fill("Ab NSW 2000 "),
    "table rows": _after("| Name |\n", "| Ab |\n"),
    "called": _fill("called "),
    "named people of an age": _fill("Mr Hurley, 93, "),
    "religious titles": _fill("Fr. "),
    "words of seeing": _fill("Seen Lindiwe "),
    "towns in a row": _fill(", 45, Kano"),
    "relatives in apposition": _fill("Hope, her sister, "),
    "short forms in brackets": _fill("Chukwuemeka (Emeka) "),
    "lower-case homes": _fill("lives in lower "),
    "workplaces": _fill("works as a butcher in "),
    "presenting people": _fill("Summer presented with "),
    "short forms in full names": _fill("Dorothy (Dot) "),
}

# Markdown sources for render_markdown and mention_candidates: floods of "@" (each one a possible
# mention that once looked back for a bare link around it), mentions of a known member, and
# nesting deeper than the renderer shows.
MARKDOWN_INPUTS = {
    "at signs": "@" * POST_LENGTH,
    "mentions": "@a " * (POST_LENGTH // 3),
    "at signs in a link": _after("https://x.example/@", "@"),
    "quotes": "> " * (POST_LENGTH // 2),
    "list items": "- " * (POST_LENGTH // 2),
    "heading marks": "#" * POST_LENGTH,
}
