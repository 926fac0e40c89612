"""Boston Sister Cities Slack bot: a pure answer engine, Block Kit rendering, and Slack wiring at the edge."""

import os

# The bot uses no pydantic plugins; looking for them scans every installed package's metadata at the first model
# (about 10 ms of each start). Set the variable yourself to use one.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
