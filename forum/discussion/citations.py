"""Evidence citations: parse, validate and normalize PMIDs, DOIs and https links; their links.

parse_citation("PMID: 123") -> ParsedCitation("pmid", "123"); a doi.org URL becomes the DOI; a
PubMed URL becomes the PMID; a PubMed Central id (PMC123) becomes its https link. Errors say why
in words a physician can act on.
"""
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

MAX_CITATIONS = 20
MAX_VALUE_LENGTH = 2000
MAX_NOTE_LENGTH = 300

PMID = "pmid"
DOI = "doi"
URL = "url"
KIND_LABELS = {PMID: "PMID", DOI: "DOI", URL: "Link"}

_PMID_RE = re.compile(r"^(?:pmid\s*:?\s*)?(\d+)$", re.IGNORECASE)
_DOI_PREFIX_RE = re.compile(r"^(?:doi\s*:\s*|https?://(?:dx\.|www\.)?doi\.org/)", re.IGNORECASE)
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_PUBMED_URL_RE = re.compile(
    r"^https?://(?:pubmed\.ncbi\.nlm\.nih\.gov/|(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/)(\d+)/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_PMCID_RE = re.compile(r"^(?:pmcid\s*:?\s*)?pmc(\d{1,9})$", re.IGNORECASE)
PMC_ARTICLE_URL = "https://pmc.ncbi.nlm.nih.gov/articles/PMC{}/"
_HOST_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)


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
        return _doi(unquote(text[doi_prefix.end():]) if doi_prefix else text)
    return _url(text)


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


def _without_sentence_punctuation(doi: str) -> str:
    """A DOI copied from a reference list often brings the list's full stop ("...32661-1.") or
    the bracket closing the sentence around it ("(doi:10.1/x)"); registered DOIs practically
    never end in either, and a link with them resolves to nothing."""
    while doi and (doi[-1] in ".,;" or (doi[-1] == ")" and doi.count(")") > doi.count("("))):
        doi = doi[:-1]
    return doi


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
