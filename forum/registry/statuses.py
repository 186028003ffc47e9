"""Registry status vocabularies shared by the importers and the verifiers (GMC, NMC)."""
import re

GMC_ACTIVE = "Registered with a licence to practise"
GMC_PROVISIONAL = "Provisionally registered with a licence to practise"
GMC_WITHOUT_LICENCE = "Registered without a licence to practise"
GMC_SUSPENDED = "Suspended"
GMC_NOT_REGISTERED = "Not registered"
GMC_STATUSES = (GMC_ACTIVE, GMC_PROVISIONAL, GMC_WITHOUT_LICENCE, GMC_SUSPENDED, GMC_NOT_REGISTERED)

TRUE_WORDS = frozenset({"yes", "y", "true", "1", "removed"})
FALSE_WORDS = frozenset({"", "no", "n", "false", "0"})


def _key(text: str) -> str:
    """Case, spacing and US spellings (license, practice) do not change a GMC status."""
    text = re.sub(r"\s+", " ", (text or "").strip().lower())
    return text.replace("license", "licence").replace("practice", "practise")


_GMC_BY_KEY = {_key(status): status for status in GMC_STATUSES}


def canonical_gmc_status(text: str) -> str | None:
    """The GMC's own wording of `text`, or None when it is not one of the five statuses."""
    return _GMC_BY_KEY.get(_key(text))


def parse_flag(text: str) -> bool | None:
    """yes/no style flags as admins type them in a spreadsheet; None when unrecognisable."""
    word = (text or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None
