"""Links to a person's own pages: social-media profiles, fundraisers, patient journals, obituaries.

A post that links "facebook.com/jane.doe.5" or a GoFundMe for someone's surgery has named the
patient as surely as writing the name (HIPAA's identifier 14, personal web addresses). Links to
articles, guidelines and institutions are left alone, and so are the sites' own pages (help,
groups, events, search).

A handle written without a link counts too when the words before it name a social network or a
handle ("his insta is @jdoe_runs", "on twitter @johnsrecovery", "her handle on Reddit is
u/janedoe_cancer"), with a word that makes it someone's (his, her, the patient's, the family's):
an "@name" alone is a mention of a forum member, and "@NEJM on twitter" a journal's.
"""
import re

from forum.privacy.rules.base import Rule, word_set
from forum.privacy.rules.image_links import (URL_CHARS, bare_links, linked_urls,
                                             without_trailing_punctuation)

KIND = "profile_link"
REASON = ("Links to a personal page (a social-media profile, a fundraiser, a patient journal or an "
          "obituary), which can name the patient: leave the link out.")

_NOT_A_PERSON = (r"(?:groups|events|pages|help|policies|privacy|legal|business|watch|sharer|share"
                 r"|dialog|plugins|login|ads|gaming|marketplace|search|explore|hashtag|intent|home"
                 r"|settings|i|about|tos|jobs|company|school|learning|pulse|feed)(?:[/?#]|$)")
_PROFILE = re.compile(
    r"(?:[a-z0-9-]+\.)*(?:"
    rf"(?:facebook\.com|fb\.com|fb\.me)/(?!{_NOT_A_PERSON})[^/?#\s]+"
    # A profile, not a post: a journal's tweet is a citation, a member's handle is a person.
    rf"|(?:twitter\.com|x\.com)/(?!{_NOT_A_PERSON})[a-z0-9_]{{1,15}}/?(?:[?#]|$)"
    r"|tiktok\.com/@|threads\.net/@|bsky\.app/profile/|linkedin\.com/in/"
    r"|youtube\.com/(?:@|c/|user/|channel/)|reddit\.com/(?:u|user)/"
    r"|gofundme\.com/(?:f/)?[^/?#\s]+|givesendgo\.com/[^/?#\s]+|caringbridge\.org/(?:visit|site)/"
    r"|mealtrain\.com/|spotfund\.com/|legacy\.com/(?:[a-z]{2}/)?obituar"
    # Fundraisers and personal blogs: a campaign page, or a blog's own subdomain.
    r"|justgiving\.com/(?!about|info|help|search)[^?#\s]+|gofund\.me/|givealittle\.co\.nz/[^/?#\s]+"
    r"|chuffed\.org/project/|crowdfunder\.co\.uk/p/|mycause\.com\.au/[^/?#\s]+|ketto\.org/fundraiser/"
    r"|milaap\.org/fundraisers/|leetchi\.com/c/|fundly\.com/[^/?#\s]+|pages\.donately\.com/"
    r"|(?<=\.)(?:blogspot\.com|blogspot\.[a-z.]{2,6}|wordpress\.com|substack\.com|tumblr\.com|weebly\.com"
    r"|wixsite\.com|medium\.com)(?![\w.-])|medium\.com/@)")
_HOST_WORDS = word_set(
    "facebook fb twitter x tiktok threads bsky linkedin youtube reddit gofundme givesendgo"
    " caringbridge mealtrain spotfund legacy justgiving gofund givealittle chuffed crowdfunder mycause ketto"
    " milaap leetchi fundly blogspot wordpress substack weebly wixsite medium")
_HOST_AT = re.compile(
    r"(?:facebook\.com|fb\.com|fb\.me|twitter\.com|x\.com|tiktok\.com|threads\.net|bsky\.app"
    r"|linkedin\.com|youtube\.com|reddit\.com|gofundme\.com|givesendgo\.com|caringbridge\.org"
    rf"|mealtrain\.com|spotfund\.com|legacy\.com|justgiving\.com|gofund\.me|givealittle\.co\.nz|chuffed\.org"
    rf"|crowdfunder\.co\.uk|mycause\.com\.au|ketto\.org|milaap\.org|leetchi\.com|fundly\.com|medium\.com)/{URL_CHARS}"
    rf"|(?:blogspot|wordpress|substack|weebly|wixsite)\.com(?![\w.-]){URL_CHARS}")
_NETWORK_WORDS = word_set("insta instagram ig twitter tweets tweeted tiktok snapchat snap threads bluesky bsky"
                          " reddit handle username telegram youtube facebook")
_NETWORK_BEFORE = re.compile(
    r"\b(?:insta(?:gram)?|ig|twitter|tweets?|tweeted|tiktok|snap(?:chat)?|threads|bluesky|bsky|reddit|handle"
    r"|user\s?name|telegram|youtube|facebook)\b[^.\n]{0,30}$")
_PERSONAL_BEFORE = re.compile(
    r"\b(?:his|her|their|patient['’]?s?|pt['’]?s?|family['’]?s?|son['’]?s?|daughter['’]?s?|mum['’]?s?"
    r"|mom['’]?s?|dad['’]?s?|wife['’]?s?|husband['’]?s?)\b"
    # a person posting under the handle: "she tweets as @katie_runs_4", "she posts on tiktok as @x"
    r"|\b(?:he|she|they)\s+(?:tweets|posts|vlogs|streams|goes|is|are|writes)\b")
_HANDLE = re.compile(r"(?:@|u/)[a-z0-9_][a-z0-9_.]{1,29}(?<!\.)")
_SCHEME = re.compile(r"(?:[a-z]+://)?(?:www\.|m\.|mobile\.)?")


def _candidates(doc):
    yield from linked_urls(doc)
    for start, end in bare_links(doc, _HOST_WORDS, _HOST_AT):
        yield start, doc.low[start:end]


def _handles(doc):
    """"@jdoe_runs" or "u/janedoe" after a word that names a network or a handle."""
    if not doc.has_word(_NETWORK_WORDS):
        return
    low = doc.low
    starts = [index for index in doc.find_all("@") if doc.word_start(index)]
    starts += [index for index in doc.find_all("u/") if doc.word_start(index)]
    for start in starts:
        match = _HANDLE.match(low, start)
        if match and _NETWORK_BEFORE.search(low, max(0, start - 60), start) \
                and _PERSONAL_BEFORE.search(low, max(0, start - 60), start):
            yield match.span()


def find(doc):
    """Spans of links to personal pages (over the lower-cased text), and handles."""
    yield from _handles(doc)
    seen = set()
    for start, url in _candidates(doc):
        url = without_trailing_punctuation(url)
        if start in seen:
            continue
        address = url[_SCHEME.match(url).end():]
        if _PROFILE.match(address):
            seen.add(start)
            yield start, start + len(url)


RULE = Rule(KIND, REASON, find)
