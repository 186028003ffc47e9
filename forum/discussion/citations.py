"""Evidence citations: parse, validate and normalize PMIDs, DOIs and https links; their links.

parse_citation("PMID: 123") -> ParsedCitation("pmid", "123"); a doi.org URL becomes the DOI; a
PubMed URL becomes the PMID; a PubMed Central id (PMC123) or page becomes its https link. Text
as physicians paste it is read where it can mean one thing only (PubMed's "; PMCID: ..." tail,
brackets and the sentence's full stop around it, doi.org without https://, a line break a PDF
put in a DOI); otherwise errors say why in words a physician can act on.
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
# "PMID: 123", "pmid 123", MEDLINE's "PMID- 123", "PubMed ID: 123".
_PMID_RE = re.compile(r"^(?:(?:pmid|pubmed(?:\s*id)?)\s*[:-]?\s*)?(\d+)$", re.IGNORECASE | re.ASCII)
# What PubMed writes after a PMID in its citations: "; PMCID: PMC123", "[PubMed - in process]".
_PUBMED_TAIL_RE = re.compile(r"^((?:pmid|pubmed(?:\s*id)?)\s*[:-]?\s*\d+)\s*"
                             r"(?:;?\s*pmcid\s*:?\s*pmc\d+|\[pubmed[^\]]*\])$", re.IGNORECASE | re.ASCII)
# "doi:10.1/x", "DOI 10.1/x", "doi: https://doi.org/10.1/x"
_DOI_LABEL_RE = re.compile(r"^doi\s*:?\s*(?=10\.|https?://)", re.IGNORECASE | re.ASCII)
_DOI_LINK_RE = re.compile(r"^https?://(?:dx\.|www\.)?doi\.org/", re.IGNORECASE | re.ASCII)
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$", re.ASCII)
_ENCODED_DOI_RE = re.compile(r"^10\.\d{4,9}%2F", re.IGNORECASE | re.ASCII)  # "10.1016%2Fj.x"
_PUBMED_URL_RE = re.compile(
    r"^https?://(?:pubmed\.ncbi\.nlm\.nih\.gov/|(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/)(\d+)/?(?:[?#].*)?$",
    re.IGNORECASE | re.ASCII,
)
_PMCID_RE = re.compile(r"^(?:pmcid\s*:?\s*)?pmc(\d{1,9})$", re.IGNORECASE | re.ASCII)
# A PubMed Central article page, old address or new: the same article as its PMC id.
_PMC_URL_RE = re.compile(r"^https?://(?:(?:www\.)?ncbi\.nlm\.nih\.gov/pmc|pmc\.ncbi\.nlm\.nih\.gov)"
                         r"/articles/pmc(\d{1,9})/?$", re.IGNORECASE | re.ASCII)
PMC_ARTICLE_URL = "https://pmc.ncbi.nlm.nih.gov/articles/PMC{}/"
# The literature's own sites, written without their scheme: their https address is certain.
_KNOWN_SITE_RE = re.compile(r"^(?:(?:dx\.|www\.)?doi\.org|pubmed\.ncbi\.nlm\.nih\.gov"
                            r"|pmc\.ncbi\.nlm\.nih\.gov|(?:www\.)?ncbi\.nlm\.nih\.gov)/",
                            re.IGNORECASE | re.ASCII)
# Any other site written without its scheme ("www.nejm.org/doi/x"): it may not serve https.
_BARE_SITE_RE = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,63}(?:[/?#:]|$)", re.IGNORECASE | re.ASCII)
_HOST_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
                      re.IGNORECASE | re.ASCII)
# Found inside a whole reference pasted into the field, to say which part to give.
_PMID_IN_TEXT_RE = re.compile(r"\bpmid\s*[:-]?\s*(\d{1,9})\b", re.IGNORECASE | re.ASCII)
_DOI_IN_TEXT_RE = re.compile(r"\b10\.\d{4,9}/\S+", re.ASCII)
_WRAPPERS = {"(": ")", "[": "]", "<": ">", "“": "”", "‘": "’", "«": "»", '"': '"', "'": "'"}
_CLOSERS = {")": "(", "]": "[", ">": "<", "”": "“", "’": "‘", "»": "«"}
_LINE_BREAKS = str.maketrans("", "", "\r\n")


class CitationError(ValueError):
    """The text is not a usable citation; the message says why."""


@dataclass(frozen=True)
class ParsedCitation:
    kind: str
    value: str


def parse_citation(text: str) -> ParsedCitation:
    """Normalize `text` to a PMID, DOI or https URL, or raise CitationError."""
    text = _one_line(text)
    if not text:
        raise CitationError("it is empty.")
    if len(text) > MAX_VALUE_LENGTH:
        raise CitationError(f"it is longer than {MAX_VALUE_LENGTH} characters.")
    _refuse_invisible(text)
    text = _without_pubmed_tail(_unwrapped(_without_sentence_punctuation(text)))
    if _KNOWN_SITE_RE.match(text):
        text = "https://" + text
    if re.search(r"\s", text) and not (_PMID_RE.match(text) or _PMCID_RE.match(text)
                                       or _DOI_LABEL_RE.match(text)):
        raise CitationError(_reference_hint(text) or
                            "it contains spaces; give one PMID, DOI or https link per line.")
    pubmed = _PUBMED_URL_RE.match(text)
    if pubmed:
        return _pmid(pubmed.group(1), text)
    pmid = _PMID_RE.match(text)
    if pmid:
        return _pmid(pmid.group(1), text)
    pmcid = _PMCID_RE.match(text) or _PMC_URL_RE.match(text)
    if pmcid:
        return _pmc_article(pmcid.group(1), text)
    doi = _doi_text(text)
    if doi is not None:
        return _doi(doi, text)
    return _url(text)


def _one_line(text: str | None) -> str:
    """The field as a browser's one-line input keeps a paste: line breaks dropped (a DOI a PDF
    wrapped comes back whole); other runs of white space, no-break spaces included, as one; a
    zero-width space or byte-order mark a web page or word processor put at either end, gone
    (inside, _refuse_invisible refuses them: there they may hide what the link says)."""
    text = " ".join((text or "").translate(_LINE_BREAKS).split())
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start]) == "Cf":
        start += 1
    while end > start and unicodedata.category(text[end - 1]) == "Cf":
        end -= 1
    return text[start:end].strip()


def _doi_text(text: str) -> str | None:
    """The DOI in "10.x/y", "doi:10.x/y", "DOI 10.x/y" or a doi.org link (whose query or
    fragment is no part of it), percent-decoded where it was encoded; None for other text."""
    label = _DOI_LABEL_RE.match(text)
    rest = text[label.end():] if label else text
    link = _DOI_LINK_RE.match(rest)
    if link:
        rest = re.split(r"[?#]", rest[link.end():], maxsplit=1)[0]
    elif not label and not rest.startswith("10."):
        return None
    if label or link or _ENCODED_DOI_RE.match(rest):
        rest = unquote(rest)
        _refuse_invisible(rest)  # a %00 or %E2%80%AE decodes to one
    return rest


def _unwrapped(text: str) -> str:
    """Without the brackets or quotes around it ("(10.1/x)", "<https://...>", “PMID 1”), or
    an opening one left from the sentence it was copied from ("(PMID: 123")."""
    while len(text) > 1 and text[0] in _WRAPPERS:
        closer = _WRAPPERS[text[0]]
        if text[-1] == closer:
            text = text[1:-1].strip()
        elif closer != text[0] and text.count(text[0]) > text.count(closer):
            text = text[1:].strip()
        else:
            break
        text = _without_sentence_punctuation(text)
    return text


def _without_pubmed_tail(text: str) -> str:
    tail = _PUBMED_TAIL_RE.match(text)
    return tail.group(1) if tail else text


def _reference_hint(text: str) -> str | None:
    """For a whole reference pasted in one field (authors, title, journal, then identifiers):
    which of its identifiers to give. Text that starts with its identifier ("PMID: 123 456",
    "10.1/a b") is an identifier with a space in it, no reference."""
    pmid = _PMID_IN_TEXT_RE.search(text, 1)
    doi = _DOI_IN_TEXT_RE.search(text, 1)
    found = [f"its PMID {pmid.group(1)}"] if pmid else []
    if doi:
        found.append(f"its DOI {_without_sentence_punctuation(doi.group())}")
    if not found:
        return None
    return f"it looks like a whole reference; give only {' or '.join(found)}."


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


def _pmc_article(digits: str, original: str) -> ParsedCitation:
    digits = digits.lstrip("0")
    if not digits:
        raise CitationError(f"“{original}” is not a PubMed Central id: its number is greater than 0.")
    return ParsedCitation(URL, PMC_ARTICLE_URL.format(digits))


def _doi(doi: str, original: str) -> ParsedCitation:
    doi = _without_sentence_punctuation(doi.strip())
    if not doi:
        raise CitationError(f"“{original}” holds no DOI: give the DOI itself "
                            "(for example 10.1056/NEJMoa2034577).")
    if not _DOI_RE.match(doi):
        raise CitationError(
            f"“{doi}” is not a valid DOI: a DOI is “10.”, 4 to 9 digits, “/” and a suffix "
            "(for example 10.1056/NEJMoa2034577)."
        )
    return ParsedCitation(DOI, doi)


def _without_sentence_punctuation(text: str) -> str:
    """A citation copied from a reference list often brings the list's full stop
    ("...32661-1.", "PMID: 123.") or the bracket or quote closing the sentence around it;
    registered DOIs and PMIDs never end in either, and links practically never do."""
    while text and (text[-1] in ".,;" or (text[-1] in _CLOSERS and
                                          text.count(text[-1]) > text.count(_CLOSERS[text[-1]]))):
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
        if not scheme and _BARE_SITE_RE.match(text):
            raise CitationError(f"“{text}” has no https:// in front: give the full https address.")
        raise CitationError(
            f"“{text}” is not a PMID (digits), a DOI (10.NNNN/...) or an https link."
        )
    if "\\" in parts.netloc:  # a browser reads it as "/": the link would go elsewhere than it says
        raise CitationError(f"“{text}” has a backslash (\\) in its site name; check the link.")
    if parts.username or parts.password:
        raise CitationError(f"“{text}” contains a user name or password; remove it.")
    try:
        port = parts.port
    except ValueError:
        raise CitationError(f"“{text}” has an invalid port number.") from None
    host = _ascii_host(parts.hostname or "")
    if not _HOST_RE.match(host):
        raise CitationError(f"“{text}” does not name a valid web site.")
    if not (parts.hostname or "").isascii():
        text = parts._replace(netloc=host if port is None else f"{host}:{port}").geturl()
    if len(text) > MAX_VALUE_LENGTH:  # "https://" or punycode added to a link near the limit
        raise CitationError(f"it is longer than {MAX_VALUE_LENGTH} characters.")
    return ParsedCitation(URL, text)


def _ascii_host(host: str) -> str:
    """An internationalized site name in its ASCII (punycode, "xn--") form, which is where the
    link goes and which no look-alike letter can disguise; "" when it has none. A name whose
    letters fold to plain ASCII ("ſtatnews.com", full-width letters) is refused: it imitates
    the ASCII name instead of being its own."""
    if host.isascii():
        return host
    try:
        labels = host.encode("idna").decode("ascii").split(".")
    except UnicodeError:
        return ""
    for original, encoded in zip(host.split("."), labels):
        if not original.isascii() and not encoded.lower().startswith("xn--"):
            return ""
    return ".".join(labels)


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
