"""Load on loopback: `sistercity run --http` (waitress, as in production) takes a burst of 5,000 signed requests from
200 concurrent clients, including Slack's redeliveries and replies the Web API first refuses with a 429. Every
request is acknowledged inside Slack's 3 seconds, and every reply reaches Slack exactly once. The figures are
printed at the end of the run (benchmarks/load_http.py prints the same, standalone)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot_process import HTTP_READY, running
from tests.fake_slack import FakeSlack
from tests.reliability_figures import DUPLICATES, FIGURES, LOST, REQUESTS
from tests.slack_load import SLACK_ACK_SECONDS, LoadPlan, LoadReport, run_load
from tests.slack_payloads import BOT_TOKEN, SIGNING_SECRET

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


@pytest.fixture(scope="module")
def bot(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The bot in HTTP mode, with the default settings (rate limit included): its events URL and its log."""
    settings = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url}
    args = ["--http", "--host", "127.0.0.1", "--port", "0"]
    with running(args, settings, HTTP_READY, tmp_path_factory.mktemp("load")) as (found, log):
        yield found[1], log


def _record(report: LoadReport) -> None:
    for line in report.lines():
        print(line)
        FIGURES.report(line)
    FIGURES.count(REQUESTS, sum(1 for s in report.ack_seconds if s <= SLACK_ACK_SECONDS))
    FIGURES.count(LOST, report.lost)
    FIGURES.count(DUPLICATES, report.duplicates)


def _assert_held(report: LoadReport) -> None:
    assert report.statuses == {200: report.plan.requests}, report.lines()
    assert max(report.ack_seconds) < SLACK_ACK_SECONDS, report.lines()
    assert report.lost == 0 and report.duplicates == 0, report.lines()
    assert report.replies_delivered == report.replies_expected


def test_a_burst_of_5000_requests_is_acknowledged_in_time_and_answered_once(
    fake: FakeSlack, bot: tuple[str, Path]
) -> None:
    url, log = bot
    report = run_load(url, fake, LoadPlan(requests=5_000, clients=200))
    _record(report)
    _assert_held(report)
    assert report.kinds["retry"] == 500 and report.kinds["command"] > 1_000
    assert "Traceback" not in log.read_text()


def test_replies_stuck_behind_rate_limits_do_not_delay_acknowledgements(fake: FakeSlack, bot: tuple[str, Path]) -> None:
    # 100 replies each wait out a 3-second Retry-After: with Bolt's single listener pool (5 threads, or even 64)
    # slash commands queued behind them and missed Slack's 3 seconds.
    url, _ = bot
    report = run_load(url, fake, LoadPlan(requests=1_500, clients=200, rate_limited=100, retry_after=3, seed=5))
    _record(report)
    _assert_held(report)
