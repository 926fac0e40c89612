"""Bolt's listener executor, split so that what Slack is waiting on never queues behind what it is not.

Bolt runs every listener on one executor. An event is acknowledged before its listener is queued, but a slash
command or a button is acknowledged only when its listener calls ack(), and Slack gives up after 3 seconds (Bolt
then answers 404). With one pool, a burst of events (each reply a few milliseconds of answering and a Web API
call, more when Slack is slow and the reply waits out a 429) queued ahead of the commands: under 200 concurrent
clients, slash commands missed the 3 seconds. Here the listeners Slack is waiting on get a pool of their own.

The pool also counts the listeners in flight, so that a test can wait until every listener Bolt started has
finished (`wait_idle`) and then know that nothing more will be posted, instead of watching for a while.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")

# Replies to events mostly wait on Slack (a 429's Retry-After, retries with backoff), so threads are cheap and
# many: dozens of slow replies can be in flight at once.
REPLY_THREADS = 64
# Listeners that acknowledge: at least as many as the HTTP server's request threads (bot/slack/server.py), so
# every request waiting for its ack has a listener thread at once.
ACK_THREADS = 16


class ListenerPool(Executor):
    """Two thread pools behind one executor: one for listeners that must acknowledge, one for the rest."""

    def __init__(self, ack_threads: int = ACK_THREADS, reply_threads: int = REPLY_THREADS) -> None:
        self._ack = ThreadPoolExecutor(ack_threads, thread_name_prefix="listener-ack")
        self._replies = ThreadPoolExecutor(reply_threads, thread_name_prefix="listener")
        self._awaiting_ack = threading.local()
        self._idle = threading.Condition()
        self._in_flight = 0  # listeners submitted and not finished yet, in both pools

    def note_request(self, body: dict[str, Any], next_: Callable[[], None]) -> None:
        """Global middleware: remember, on this request's thread, whether Slack is still waiting for the ack.

        Bolt runs the global middleware, then submits the listener to this executor, on one thread."""
        self._awaiting_ack.value = body.get("type") != "event_callback"
        next_()

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        """Run `fn` on the acknowledging pool if this thread's request awaits its ack, else on the reply pool."""
        pool = self._ack if getattr(self._awaiting_ack, "value", False) else self._replies
        with self._idle:
            self._in_flight += 1
        try:
            future = pool.submit(fn, *args, **kwargs)
        except BaseException:
            self._finished()
            raise
        future.add_done_callback(lambda _: self._finished())
        return future

    def _finished(self) -> None:
        with self._idle:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no listener is queued or running in either pool; False if some still are after `timeout` s."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Shut both pools down."""
        self._ack.shutdown(wait=wait, cancel_futures=cancel_futures)
        self._replies.shutdown(wait=wait, cancel_futures=cancel_futures)
