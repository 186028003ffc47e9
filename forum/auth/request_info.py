"""Where a request came from, for the security log and the sessions list."""
from flask import request

from forum.auth.security_log import RequestInfo


def request_info() -> RequestInfo:
    return RequestInfo(ip_address=request.remote_addr, user_agent=request.user_agent.string)
