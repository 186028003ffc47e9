"""Links to images or photos: URLs ending in .jpg/.png/.heic/..., photo-sharing hosts, "/photos/" paths,
and files shared from someone's own storage (Google Drive, Dropbox, OneDrive, WeTransfer links).

A photo can show a face, a tattoo or a wristband, and a privately shared file is a scan, a photo
or a video more often than not; links to articles (DOI, PubMed, journals) are left alone.
"""
import re

from forum.privacy.rules.base import Rule, word_set

KIND = "image_link"
REASON = ("Links to an image or photo, which can show the patient: describe the finding in words, "
          "or share only images stripped of faces, marks and labels through the forum.")

_PHOTO_HOSTS = (r"imgur\.com|flickr\.com|flic\.kr|photos\.google\.com|photos\.app\.goo\.gl|instagram\.com"
                r"|instagr\.am|ibb\.co|imgbb\.com|postimg\.cc|postimages\.org|tinypic\.com|photobucket\.com"
                r"|500px\.com|smugmug\.com|pinterest\.com|pin\.it|snapchat\.com|gyazo\.com|prnt\.sc"
                r"|imageshack\.com|imgbox\.com|giphy\.com|tumblr\.com|icloud\.com/photos"
                r"|icloud\.com/sharedalbum|share\.icloud\.com|facebook\.com/photo|fb\.com/photo"
                r"|shutterfly\.com|imgflip\.com|picsart\.com|vsco\.co|lensdump\.com|imagebam\.com"
                r"|drive\.google\.com/(?:file|open)|dropbox\.com/(?:s|sh|scl)/|dl\.dropboxusercontent\.com"
                r"|onedrive\.live\.com|1drv\.ms|we\.tl|wetransfer\.com/downloads")
URL_CHARS = r"[^\s<>\"'`{}|\\^\[\]]{0,2000}"
# Links are found from "://", "www." or a photo host name (str.find), then matched from their start.
_URL = re.compile(rf"(?:(?:https?|ftp)://|www\.){URL_CHARS}")
_HOST_AT = re.compile(rf"(?:{_PHOTO_HOSTS}){URL_CHARS}")
_LABEL_BEFORE = re.compile(r"(?:[\w\-]{1,63}\.){1,3}$")
# Cheap pre-check: a bare link needs one of these words before the host pattern is tried ("we.tl"
# and "dl.dropboxusercontent.com" count only with a scheme: "we" is in every post).
_HOST_WORDS = word_set(
    "imgur flickr flic photos goo instagram instagr ibb imgbb postimg postimages tinypic"
    " photobucket 500px smugmug pinterest pin snapchat gyazo prnt imageshack imgbox giphy tumblr"
    " icloud photo shutterfly imgflip picsart vsco lensdump imagebam drive dropbox onedrive 1drv wetransfer")
_IMAGE_PATH = re.compile(
    r"\.(?:jpe?g|jfif|png|gif|heic|heif|webp|bmp|tiff?|dcm|dicom|avif|svg|raw|cr2|nef)(?:[?#]|$)")
_PHOTO_PATH = re.compile(
    r"/(?:photos?|pictures?|pics?|albums?|gallery|galleries|images?/upload|uploads?/images?)(?:/|$|\?)")
_HOST = re.compile(_PHOTO_HOSTS)
_TRAILING = ".,;:!?)]}'\""


def _is_photo(url: str) -> bool:
    return bool(_HOST.search(url) or _IMAGE_PATH.search(url) or _PHOTO_PATH.search(url))


def linked_urls(doc) -> list[tuple[int, str]]:
    """(start, link) of each link written with a scheme or "www." (over the lower-cased text),
    found once per document: the profile-links rule reads the same list."""
    found = doc.shared.get("linked_urls")
    if found is None:
        found = doc.shared["linked_urls"] = _scan_links(doc)
    return found


def _link_starts(doc) -> list[int]:
    """Where a link may start: a scheme before "://" (up to 5 letters back), or "www."."""
    low, starts = doc.low, []
    for index in doc.find_all("://"):
        start = index
        while start > 0 and index - start < 5 and low[start - 1].isalpha():
            start -= 1
        starts.append(start)
    starts += [index for index in doc.find_all("www.") if not low.startswith("//", index - 2)]
    return sorted(starts)


def _scan_links(doc) -> list[tuple[int, str]]:
    """A start inside the link before it is part of that link ("https://www.x", or "www.www."
    repeated): matching from every one would cost up to 2,000 characters each, so they are skipped
    and the text is read about once whatever it holds."""
    low, links, end = doc.low, [], 0
    for start in _link_starts(doc):
        if start < end or not doc.word_start(start):
            continue
        match = _URL.match(low, start)
        if match:
            links.append((start, match.group()))
            end = match.end()
    return links


def _labels_before(low: str, index: int):
    """_LABEL_BEFORE.search(low, max(0, index - 200), index), searched only from the start of the
    run of word characters, "-" and "." that ends at `index` (or at the new line just before it,
    where "$" matches too): a match holds nothing else and reaches that end, so it cannot start
    earlier, and re no longer tries the pattern (up to 63 characters a try) at every position of
    the 200 characters before every link."""
    window_start = max(0, index - 200)
    start = index - 1 if index > window_start and low[index - 1] == "\n" else index
    while start > window_start and (low[start - 1].isalnum() or low[start - 1] in "_-."):
        start -= 1
    return _LABEL_BEFORE.search(low, start, index)


def bare_links(doc, host_words, host_at):
    """(start, end) of links to the hosts `host_at` matches written without a scheme
    ("imgur.com/a/x"), subdomains included; `host_words` (word_set) are the words a host name
    starts with, the cheap pre-check. The profile-links rule finds its hosts this way too. A host
    name inside the link found before it is part of that link, and is not matched again."""
    low, end = doc.low, 0
    found = sorted(index for word in doc.words & host_words for index in doc.find_all(word.decode()))
    for index in found:
        if index < end:
            continue
        match = host_at.match(low, index)
        if not match:
            continue
        end = match.end()
        labels = _labels_before(low, index)
        start = labels.start() if labels else index
        if start == 0 or low[start - 1] not in "abcdefghijklmnopqrstuvwxyz0123456789_.@/-":
            yield start, end


def _candidates(doc):
    yield from linked_urls(doc)
    for start, end in bare_links(doc, _HOST_WORDS, _HOST_AT):
        yield start, doc.low[start:end]


def without_trailing_punctuation(url: str) -> str:
    """A link as written in a sentence: its closing full stop or bracket is the sentence's."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find(doc):
    """Spans of links that point at images or photo-sharing sites (over the lower-cased text)."""
    for start, url in _candidates(doc):
        url = without_trailing_punctuation(url)
        if _is_photo(url):
            yield start, start + len(url)


RULE = Rule(KIND, REASON, find)
