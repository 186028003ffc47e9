"""One verifier per registry behind a common interface; `get_verifier` picks it."""
from forum.registry.verifiers.common import AccountApplicant, RegistryVerifier
from forum.registry.verifiers.gmc import GmcVerifier
from forum.registry.verifiers.nmc import NmcVerifier
from forum.registry.verifiers.npi import NpiVerifier
from forum.registry.verifiers.other import OtherVerifier

VERIFIERS: dict[str, type[RegistryVerifier]] = {
    "npi": NpiVerifier, "gmc": GmcVerifier, "nmc": NmcVerifier, "other": OtherVerifier,
}

__all__ = ["AccountApplicant", "GmcVerifier", "NmcVerifier", "NpiVerifier", "OtherVerifier", "get_verifier"]


def get_verifier(registry: str, config=None) -> RegistryVerifier:
    """The verifier for `registry` ("npi", "gmc", "nmc", "other"); ValueError for any other."""
    try:
        return VERIFIERS[registry](config)
    except KeyError:
        raise ValueError(f"Unknown registry {registry!r}; expected one of {', '.join(VERIFIERS)}.") from None
