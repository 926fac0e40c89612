"""The answer engine: a pure function from a question and the knowledge base to an Answer (no Slack, no I/O).

Imports only the knowledge layer."""
