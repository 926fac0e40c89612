"""The knowledge layer: the schema of the knowledge files and the loader that validates them.

Imports nothing else of the bot: every other layer reads the knowledge through these models."""
