"""Forcing two requests (or service calls) to interleave: each runs in its own thread, with
its own app context and database connection, and every one of them waits at a chosen point
(after a function returns) until all have reached it, so they read the same state before
any of them writes. No sleeping and hoping: the barrier makes the race happen every time."""
import threading
from contextlib import ExitStack, contextmanager
from unittest import mock

WAIT = 20  # seconds: a caller that never arrives (blocked on a lock the fix takes) breaks the barrier


@contextmanager
def meeting_after(*places, parties=2, when=None, timeout=WAIT):
    """`places` are (owner, name) pairs: callers of any `owner.name` (whose arguments satisfy
    `when`, if given) wait, once each thread, after it returns, until `parties` threads have
    got there. A barrier that times out lets them go: that is how a request that took a lock
    before the meeting point goes on when the other waits for its lock."""
    barrier = threading.Barrier(parties, timeout=timeout)
    waited = threading.local()

    def pausing(original):
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            if (when is None or when(*args, **kwargs)) and not getattr(waited, "done", False):
                waited.done = True
                try:
                    barrier.wait()
                except threading.BrokenBarrierError:
                    pass
            return result
        return wrapper

    with ExitStack() as stack:
        for owner, name in places:
            stack.enter_context(mock.patch.object(owner, name, pausing(getattr(owner, name))))
        yield


def run_together(*calls):
    """Run each callable in its own thread; their results (or the exception raised), in order."""
    results = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001  (handed back to the test)
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
    return results
