"""Evidence citations: parse, validate and normalize PMIDs, DOIs and https links; their links.

parse_citation("PMID: 123") -> ParsedCitation("pmid", "123"); a doi.org URL becomes the DOI; a
PubMed URL becomes the PMID; a PubMed Central id (PMC123) becomes its https link. Errors say why
in words a physician can act on.
"""
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

MAX_CITATIONS = 20
MAX_VALUE_LENGTH = 2000
MAX_NOTE_LENGTH = 300

PMID = "pmid"
DOI = "doi"
URL = "url"
KIND_LABELS = {PMID: "PMID", DOI: "DOI", URL: "Link"}

# ASCII only (re.ASCII): a full-width or Arabic-Indic digit makes no PMID link, and "ſ" is no "s".
_PMID_RE = re.compile(r"^(?:pmid\s*:?\s*)?(\d+)$", re.IGNORECASE | re.ASCII)
_DOI_PREFIX_RE = re.compile(r"^(?:doi\s*:\s*|https?://(?:dx\.|www\.)?doi\.org/)", re.IGNORECASE | re.ASCII)
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$", re.ASCII)
_PUBMED_URL_RE = re.compile(
    r"^https?://(?:pubmed\.ncbi\.nlm\.nih\.gov/|(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/)(\d+)/?(?:[?#].*)?$",
    re.IGNORECASE | re.ASCII,
)
_PMCID_RE = re.compile(r"^(?:pmcid\s*:?\s*)?pmc(\d{1,9})$", re.IGNORECASE | re.ASCII)
PMC_ARTICLE_URL = "https://pmc.ncbi.nlm.nih.gov/articles/PMC{}/"
_HOST_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
                      re.IGNORECASE | re.ASCII)


class CitationError(ValueError):
    """The text is not a usable citation; the message says why."""


@dataclass(frozen=True)
class ParsedCitation:
    kind: str
    value: str


def parse_citation(text: str) -> ParsedCitation:
    """Normalize `text` to a PMID, DOI or https URL, or raise CitationError."""
    text = (text or "").strip()
    if not text:
        raise CitationError("it is empty.")
    if len(text) > MAX_VALUE_LENGTH:
        raise CitationError(f"it is longer than {MAX_VALUE_LENGTH} characters.")
    _refuse_invisible(text)
    text = _without_sentence_punctuation(text)
    if re.search(r"\s", text) and not (_PMID_RE.match(text) or _PMCID_RE.match(text)
                                       or _DOI_PREFIX_RE.match(text)):
        raise CitationError("it contains spaces; give one PMID, DOI or https link per line.")
    pubmed = _PUBMED_URL_RE.match(text)
    if pubmed:
        return _pmid(pubmed.group(1), text)
    pmid = _PMID_RE.match(text)
    if pmid:
        return _pmid(pmid.group(1), text)
    pmcid = _PMCID_RE.match(text)
    if pmcid:
        return ParsedCitation(URL, PMC_ARTICLE_URL.format(pmcid.group(1)))
    doi_prefix = _DOI_PREFIX_RE.match(text)
    if doi_prefix or text.startswith("10."):
        if not doi_prefix:
            return _doi(text)
        doi = text[doi_prefix.end():]
        if "/" in doi_prefix.group():  # a doi.org link: its query or fragment is no part of the DOI
            doi = re.split(r"[?#]", doi, maxsplit=1)[0]
        doi = unquote(doi)
        _refuse_invisible(doi)  # a %00 or %E2%80%AE decodes to one
        return _doi(doi)
    return _url(text)


def _refuse_invisible(text: str) -> None:
    """Control and format characters (NUL, bell, right-to-left override, zero-width space) are
    in no identifier; shown in a link they hide or reverse what it says."""
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise CitationError("it contains an invisible or control character; type or paste it again.")


def identity(parsed: ParsedCitation) -> tuple[str, str]:
    """What makes two citations the same: DOIs ignore case, links only in scheme and host."""
    if parsed.kind == URL:
        parts = urlsplit(parsed.value)
        return URL, parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()
    return parsed.kind, parsed.value.lower()


def _pmid(digits: str, original: str) -> ParsedCitation:
    digits = digits.lstrip("0")
    if not digits:
        raise CitationError(f"“{original}” is not a PMID: a PMID is a number greater than 0.")
    if len(digits) > 9:
        raise CitationError(f"“{original}” is not a PMID: PMIDs have at most 9 digits.")
    return ParsedCitation(PMID, digits)


def _doi(doi: str) -> ParsedCitation:
    doi = _without_sentence_punctuation(doi.strip())
    if not _DOI_RE.match(doi):
        raise CitationError(
            f"“{doi}” is not a valid DOI: a DOI is “10.”, 4 to 9 digits, “/” and a suffix "
            "(for example 10.1056/NEJMoa2034577)."
        )
    return ParsedCitation(DOI, doi)


def _without_sentence_punctuation(text: str) -> str:
    """A citation copied from a reference list often brings the list's full stop
    ("...32661-1.", "PMID: 123.") or the bracket closing the sentence around it; registered
    DOIs and PMIDs never end in either, and links practically never do."""
    while text and (text[-1] in ".,;" or (text[-1] == ")" and text.count(")") > text.count("("))):
        text = text[:-1]
    return text


def _url(text: str) -> ParsedCitation:
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise CitationError(f"“{text}” is not a valid link.") from exc
    scheme = parts.scheme.lower()
    if scheme == "http":
        raise CitationError(f"“{text}” uses http: give the https address of the source.")
    if scheme != "https":
        raise CitationError(
            f"“{text}” is not a PMID (digits), a DOI (10.NNNN/...) or an https link."
        )
    if parts.username or parts.password:
        raise CitationError(f"“{text}” contains a user name or password; remove it.")
    try:
        parts.port
    except ValueError:
        raise CitationError(f"“{text}” has an invalid port number.") from None
    host = parts.hostname or ""
    if not _HOST_RE.match(host):
        raise CitationError(f"“{text}” does not name a valid web site.")
    return ParsedCitation(URL, text)


def href(kind: str, value: str) -> str:
    """The address a citation links to: PubMed for PMIDs, doi.org for DOIs, else the URL."""
    if kind == PMID:
        return f"https://pubmed.ncbi.nlm.nih.gov/{value}/"
    if kind == DOI:
        return "https://doi.org/" + quote(value, safe="/:;()._-")
    return value


def label(kind: str, value: str) -> str:
    if kind == PMID:
        return f"PMID {value}"
    if kind == DOI:
        return f"doi:{value}"
    parts = urlsplit(value)
    shown = parts.netloc + parts.path
    return shown if len(shown) <= 80 else shown[:77] + "..."
