"""Rendering: an Answer as Block Kit (checked against Slack's limits) or as terminal text. Pure functions.

Imports the engine and the knowledge layers, never the Slack wiring."""
