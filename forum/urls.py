"""Building links for pages cheaply: Flask's url_for costs tens of microseconds a call, and a
thread list or a thread page made dozens of them, most the same from one request to the next.

`template_url_for` is the templates' url_for. A link depends only on the endpoint, its values
and the script root the app is mounted under, so it is remembered (in a bounded map per app)
and built again only when it has aged out. Blueprint-relative endpoints and links with options
(`_external`, `_anchor`, `_scheme`...) are always built.

`IdConverter` is the routes' `<int:...>`: it matches only numbers an id column can hold.
"""
from flask import current_app, has_request_context, request, url_for
from werkzeug.routing import IntegerConverter

from forum.database import MAX_ID
from forum.lru import LruCache

_MEMO_KEY = "curbside.urls"
MEMO_SIZE = 20_000


def template_url_for(endpoint, **values):
    """url_for with a memory (see the module docstring)."""
    if (not has_request_context() or endpoint.startswith(".")
            or any(name.startswith("_") for name in values)):
        return url_for(endpoint, **values)
    try:
        key = (request.script_root, endpoint, *sorted(values.items()))
        hash(key)
    except TypeError:  # an unhashable value (a list for a repeated query argument)
        return url_for(endpoint, **values)
    memo = current_app.extensions.get(_MEMO_KEY)
    if memo is None:
        memo = current_app.extensions[_MEMO_KEY] = LruCache(MEMO_SIZE)
    url = memo.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        memo.put(key, url)
    return url


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: every one names a row, so a number past the id columns'
    range (forum.database.MAX_ID) does not match and is a 404, instead of reaching the database
    driver, which fails on it."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
