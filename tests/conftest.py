"""Shared fixtures: the real knowledge base and one engine for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import Engine
from bot.loader import load_knowledge
from bot.models import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The project's real knowledge base."""
    return load_knowledge(REPO / "knowledge")


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    """The answer engine over the real knowledge base."""
    return Engine.build(kb)
