"""The Slack wiring: the Bolt app, its HTTP and Socket Mode servers, delivery and faults, settings and logging.

The only layer that imports slack_bolt; nothing below it imports this package."""
