"""Boston Sister Cities Slack bot: a pure answer engine, Block Kit rendering, and Slack wiring at the edge."""
