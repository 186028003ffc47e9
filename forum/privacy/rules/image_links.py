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


def linked_urls(doc):
    """Links written with a scheme or "www." (matches over the lower-cased text); the
    profile-links rule reads them too."""
    low = doc.low
    for index in doc.find_all("://"):
        start = index
        while start > 0 and index - start < 5 and low[start - 1].isalpha():
            start -= 1
        match = _URL.match(low, start)
        if match and doc.word_start(start):
            yield match
    for index in doc.find_all("www."):
        if doc.word_start(index) and not low.startswith("//", index - 2):
            match = _URL.match(low, index)
            if match:
                yield match


def bare_links(doc, host_words, host_at):
    """(start, end) of links to the hosts `host_at` matches written without a scheme
    ("imgur.com/a/x"), subdomains included; `host_words` (word_set) are the words a host name
    starts with, the cheap pre-check. The profile-links rule finds its hosts this way too."""
    low = doc.low
    for word in doc.words & host_words:
        for index in doc.find_all(word.decode()):
            match = host_at.match(low, index)
            if not match:
                continue
            labels = _LABEL_BEFORE.search(low, max(0, index - 200), index)
            start = labels.start() if labels else index
            if start == 0 or low[start - 1] not in "abcdefghijklmnopqrstuvwxyz0123456789_.@/-":
                yield start, match.end()


def _candidates(doc):
    for match in linked_urls(doc):
        yield match.start(), match.group()
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
