"""Client for the NPI Registry API v2.1: one NPI in, a record snapshot (or None) out."""
import http.client
import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlencode

MAX_BODY_BYTES = 2 * 1024 * 1024
EMPTY_MARKERS = ("--",)


class CouldNotCheck(Exception):
    """The API gave no usable answer (timeout, 429, 5xx, an error payload, bad JSON).

    This is never "not found": the caller must report that the registry could not be checked.
    """


def fetch_npi(npi: str, base_url: str, timeout: float) -> dict | None:
    """The API's record for `npi` as a snapshot dict, or None when it lists no such NPI.

    None covers both never-issued and deactivated NPIs (the API omits deactivated ones).
    Raises CouldNotCheck for every failure, with a message an admin can read.
    """
    payload = _get_json(_url(base_url, npi), timeout)
    if not isinstance(payload, dict):
        raise CouldNotCheck("The NPI Registry API answered with something other than a JSON object.")
    if payload.get("Errors"):
        raise CouldNotCheck(f"The NPI Registry API reported an error: {_describe_errors(payload['Errors'])}")
    count, results = payload.get("result_count"), payload.get("results")
    if not isinstance(count, int) or (results is not None and not isinstance(results, list)):
        raise CouldNotCheck("The NPI Registry API answer lacks a result count or results list.")
    if count == 0 or not results:
        return None
    for result in results:
        if isinstance(result, dict) and str(result.get("number", "")).strip() == npi:
            return _snapshot(npi, result)
    raise CouldNotCheck("The NPI Registry API answered about a different NPI than the one asked for.")


def _url(base_url: str, npi: str) -> str:
    query = urlencode({"version": "2.1", "number": npi})
    if "?" in base_url:
        return f"{base_url}&{query}"
    return f"{base_url.rstrip('/')}/?{query}"


def _get_json(url: str, timeout: float):
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "Curbside registry check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BODY_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 429:
            raise CouldNotCheck("The NPI Registry API is rate-limiting us (HTTP 429); try again later.") from exc
        raise CouldNotCheck(f"The NPI Registry API failed with HTTP {exc.code}.") from exc
    except (TimeoutError, socket.timeout) as exc:
        raise CouldNotCheck(f"The NPI Registry API did not answer within {timeout:g} seconds.") from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise CouldNotCheck(f"The NPI Registry API did not answer within {timeout:g} seconds.") from exc
        raise CouldNotCheck(f"The NPI Registry API could not be reached ({reason}).") from exc
    if len(body) > MAX_BODY_BYTES:
        raise CouldNotCheck("The NPI Registry API answer was unexpectedly large.")
    try:
        return json.loads(body)
    except ValueError as exc:
        raise CouldNotCheck("The NPI Registry API answered with malformed JSON.") from exc


def _describe_errors(errors) -> str:
    if not isinstance(errors, list):
        return str(errors)[:200]
    parts = [str(e.get("description") or e) if isinstance(e, dict) else str(e) for e in errors]
    return "; ".join(parts)[:300]


def _text(value) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text in EMPTY_MARKERS else text


def _snapshot(npi: str, result: dict) -> dict:
    """The API result in the shape of a stored record snapshot (see verifiers.common.snapshot)."""
    try:
        basic = result.get("basic") or {}
        taxonomies = [_taxonomy(t) for t in result.get("taxonomies") or []]
        other = _former_name(result.get("other_names") or [])
        entity = {"NPI-1": "1", "NPI-2": "2"}.get(_text(result.get("enumeration_type")), "")
        return {
            "source": "api", "registry": "npi", "council": "", "identifier": npi,
            "family_name": _text(basic.get("last_name")), "given_name": _text(basic.get("first_name")),
            "middle_name": _text(basic.get("middle_name")), "other_family_name": other[0],
            "other_given_name": other[1], "credential": _text(basic.get("credential")),
            "status": "active" if _text(basic.get("status")) == "A" else _text(basic.get("status")),
            "deactivated_on": None, "reactivated_on": None, "taxonomies": taxonomies,
            "details": _details(entity, basic, result.get("addresses") or [], other[2]),
        }
    except (AttributeError, TypeError, ValueError) as exc:
        raise CouldNotCheck("The NPI Registry API answer is not in the documented shape.") from exc


def _taxonomy(item: dict) -> dict:
    return {"code": _text(item.get("code")), "license": _text(item.get("license")),
            "state": _text(item.get("state")), "primary": item.get("primary") is True}


def _former_name(other_names: list) -> tuple[str, str, str]:
    for item in other_names:
        if _text(item.get("last_name")):
            return _text(item.get("last_name")), _text(item.get("first_name")), _text(item.get("code"))
    return "", "", ""


def _details(entity: str, basic: dict, addresses: list, other_type: str) -> dict:
    details = {"entity_type": entity, "name_prefix": _text(basic.get("name_prefix")),
               "name_suffix": _text(basic.get("name_suffix")), "other_last_name_type": other_type,
               "organization_name": _text(basic.get("organization_name")),
               "enumeration_date": _text(basic.get("enumeration_date")),
               "last_update_date": _text(basic.get("last_updated"))}
    for address in addresses:
        if address.get("address_purpose") == "LOCATION":
            details.update(practice_city=_text(address.get("city")), practice_state=_text(address.get("state")))
    return {key: value for key, value in details.items() if value}
