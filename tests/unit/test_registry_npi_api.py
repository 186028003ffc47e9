"""The NPI Registry API client against a loopback server: answers, quirks and every failure."""
import socket
import threading

import pytest
from werkzeug import Response

from forum.registry.npi_api import CouldNotCheck, fetch_npi
from tests.registry_fixtures import api_result

NPI = "1234567893"


@pytest.fixture
def base(httpserver):
    return httpserver.url_for("/api")


def expect(httpserver, npi=NPI):
    return httpserver.expect_request("/api/", query_string={"version": "2.1", "number": npi})


def test_found_record_becomes_a_snapshot(httpserver, base):
    expect(httpserver).respond_with_json(api_result(NPI))
    record = fetch_npi(NPI, base, timeout=2)
    assert record["source"] == "api" and record["identifier"] == NPI
    assert (record["family_name"], record["given_name"], record["middle_name"]) == ("QUILLFEATHER", "AMELIA", "J")
    assert record["status"] == "active" and record["details"]["entity_type"] == "1"
    assert record["taxonomies"] == [{"code": "207R00000X", "license": "MD000001", "state": "MA", "primary": True}]
    assert "name_prefix" not in record["details"]  # "--" means empty
    assert record["details"]["practice_state"] == "MA"


def test_number_may_be_an_integer(httpserver, base):
    expect(httpserver).respond_with_json(api_result(NPI, number_as_int=True))
    assert fetch_npi(NPI, base, timeout=2)["identifier"] == NPI


def test_null_licence_and_state_become_empty(httpserver, base):
    taxonomies = [{"code": "390200000X", "desc": "Student", "primary": True, "state": None, "license": None}]
    expect(httpserver).respond_with_json(api_result(NPI, taxonomies=taxonomies))
    assert fetch_npi(NPI, base, timeout=2)["taxonomies"] == [
        {"code": "390200000X", "license": "", "state": "", "primary": True}]


def test_former_name_and_organisation_type_are_kept(httpserver, base):
    answer = api_result(NPI, enumeration_type="NPI-2")
    answer["results"][0]["other_names"] = [{"type": "Former Name", "code": "1", "last_name": "CHEN",
                                            "first_name": "MEI"}]
    expect(httpserver).respond_with_json(answer)
    record = fetch_npi(NPI, base, timeout=2)
    assert (record["other_family_name"], record["other_given_name"]) == ("CHEN", "MEI")
    assert record["details"]["other_last_name_type"] == "1"
    assert record["details"]["entity_type"] == "2"


def test_result_count_zero_is_not_found(httpserver, base):
    expect(httpserver).respond_with_json({"result_count": 0, "results": []})
    assert fetch_npi(NPI, base, timeout=2) is None


def test_base_url_with_a_query_string_is_extended(httpserver):
    httpserver.expect_request("/api/", query_string={"pretty": "on", "version": "2.1", "number": NPI}) \
        .respond_with_json({"result_count": 0, "results": []})
    assert fetch_npi(NPI, httpserver.url_for("/api/") + "?pretty=on", timeout=2) is None


@pytest.mark.parametrize("respond, message", [
    (lambda r: r.respond_with_json({"Errors": [{"description": "Field number must be 10 digits"}]}),
     "reported an error: Field number must be 10 digits"),
    (lambda r: r.respond_with_data("", status=429), "HTTP 429"),
    (lambda r: r.respond_with_data("oops", status=500), "HTTP 500"),
    (lambda r: r.respond_with_data("bad gateway", status=502), "HTTP 502"),
    (lambda r: r.respond_with_data("<html>maintenance</html>", content_type="text/html"), "malformed JSON"),
    (lambda r: r.respond_with_data('{"result_count": 1, "results": [', content_type="application/json"),
     "malformed JSON"),
    (lambda r: r.respond_with_json(["not", "an", "object"]), "other than a JSON object"),
    (lambda r: r.respond_with_json({"results": []}), "lacks a result count"),
    (lambda r: r.respond_with_json(api_result("1987654328")), "different NPI"),
    (lambda r: r.respond_with_json({"result_count": 1, "results": [{"number": NPI, "basic": "x"}]}),
     "not in the documented shape"),
])
def test_failures_are_could_not_check_never_not_found(httpserver, base, respond, message):
    respond(expect(httpserver))
    with pytest.raises(CouldNotCheck, match=message):
        fetch_npi(NPI, base, timeout=2)


def test_timeout_is_could_not_check(httpserver, base):
    """The client gives up while the registry is still holding the request: the server's
    answer comes only after the test releases it, so a client that waited would see it."""
    release, answered = threading.Event(), threading.Event()

    def held(_request):
        release.wait(30)
        answered.set()
        return Response("{}", content_type="application/json")

    expect(httpserver).respond_with_handler(held)
    try:
        with pytest.raises(CouldNotCheck, match="did not answer within 0.2 seconds"):
            fetch_npi(NPI, base, timeout=0.2)
        assert not answered.is_set()
    finally:
        release.set()


def test_unreachable_server_is_could_not_check():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(CouldNotCheck, match="could not be reached"):
        fetch_npi(NPI, f"http://127.0.0.1:{port}/api", timeout=1)
