"""`next` only ever points at a path on this site."""
import pytest

from forum.security.safe_redirect import safe_next


@pytest.mark.parametrize("target", ["/", "/account", "/threads/1?page=2", "/a/b#c"])
def test_local_paths_pass(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", [
    None, "", "https://evil.example", "//evil.example", "///evil.example", "/\\evil.example",
    "\\\\evil.example", "javascript:alert(1)", "http:/evil", "evil.example/path", "/ok\r\nSet-Cookie: x",
    " //evil.example", "/\t/evil.example",
])
def test_everything_else_is_refused(target):
    assert safe_next(target) is None
