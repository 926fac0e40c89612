"""Load-test the bot's HTTP endpoint on loopback and print the figures.

    python benchmarks/load_http.py [--requests 5000] [--clients 200] [--rate-limited 50] [--retry-after 1]

It starts a fake Slack Web API and `sistercity run --http --port 0` (waitress, as in production, with dummy
tokens), then sends the requests from that many concurrent clients: signed slash commands, mentions and DMs, and
Slack's redeliveries of some events (the same event_id, with X-Slack-Retry-Num). The fake first answers some
replies with a 429. It prints the requests, the p50/p99/max acknowledgement times, the replies, losses and
duplicates, and exits with 1 if any request was not acknowledged within 3 seconds or any reply was lost or
duplicated. tests/test_load.py runs the same burst in CI.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the load driver and the fake Slack live with the tests

from tests.bot_process import HTTP_READY, running  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_load import SLACK_ACK_SECONDS, LoadPlan, run_load  # noqa: E402
from tests.slack_payloads import BOT_TOKEN, SIGNING_SECRET  # noqa: E402


def main() -> int:
    defaults = LoadPlan()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=defaults.requests)
    parser.add_argument("--clients", type=int, default=defaults.clients)
    parser.add_argument("--rate-limited", type=int, default=defaults.rate_limited, help="replies first refused")
    parser.add_argument("--retry-after", type=int, default=defaults.retry_after, help="their Retry-After, seconds")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    args = parser.parse_args()
    plan = LoadPlan(
        requests=args.requests,
        clients=args.clients,
        rate_limited=args.rate_limited,
        retry_after=args.retry_after,
        seed=args.seed,
    )
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as workdir:
        settings = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url}
        http = ["--http", "--host", "127.0.0.1", "--port", "0"]
        with running(http, settings, HTTP_READY, Path(workdir)) as (found, _):
            report = run_load(found[1], fake, plan)
    for line in report.lines():
        print(line)
    held = report.slow == 0 and set(report.statuses) == {200} and report.lost == 0 and report.duplicates == 0
    if not held:
        print(
            f"FAILED: every request must be acknowledged with 200 within {SLACK_ACK_SECONDS:.0f} s, and every "
            "reply delivered exactly once."
        )
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
