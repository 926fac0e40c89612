"""The README's examples are true: the questions of its introduction and the typos and look-alikes of its
thresholds table, read from README.md itself (so that editing an example there changes what is tested), are
answered, suggested or told "not a sister city" as the README says, with the scores it gives."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from bot.engine.answers import AnswerKind
from bot.engine.core import Engine
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SLASH_COMMAND = "/sistercity "  # Slack sends the command's text without the command itself

ANSWERED = "answered"
SUGGESTED = "suggested"  # "did you mean" buttons only
NOT_SISTER = "not a sister city"
NOT_ANSWERED = "not answered"


@dataclass(frozen=True)
class Example:
    """A question the README shows, what it says the bot does with it, and the score it gives, if any."""

    question: str
    outcome: str
    score: int | None = None
    where: str = ""

    @property
    def id(self) -> str:
        return f"{self.where}: {self.question} -> {self.outcome}"


def _intro() -> str:
    return README.split("\n## ", 1)[0]


def _code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def intro_examples() -> list[Example]:
    """'Ask it the way you would ask a colleague: `...`, `...`.' and 'a real place that is not a sister city
    (`...`, `...`) is told so'."""
    asked = re.search(r"ask a colleague:(.*?`)\.\s", _intro(), re.DOTALL)
    places = re.search(r"not a sister city \((.*?)\) is told so", _intro(), re.DOTALL)
    assert asked and places, "the README's introduction no longer has its example questions where this test looks"
    return [Example(q.removeprefix(SLASH_COMMAND), ANSWERED, where="intro") for q in _code_spans(asked[1])] + [
        Example(q, NOT_SISTER, where="intro") for q in _code_spans(places[1])
    ]


def threshold_rows() -> dict[str, tuple[float, str]]:
    """The thresholds table: each constant's name, its value and its 'why' cell."""
    rows = re.findall(r"^\| `(\w+)`[^|]* \| ([\d,.]+)[^|]* \| (.*) \|$", README, re.MULTILINE)
    return {name: (float(value.replace(",", "")), why) for name, value, why in rows}


def threshold_examples() -> list[Example]:
    """In the ANSWER_SCORE and SUGGEST_SCORE rows: `"typed" 80` is answered (or suggested) with that score;
    `"typed" (...)` is not a sister city; `Typed/Ours score N` is not answered."""
    rows = threshold_rows()
    examples = []
    for name, outcome in (("ANSWER_SCORE", ANSWERED), ("SUGGEST_SCORE", SUGGESTED)):
        why = rows[name][1]
        scored = re.findall(r'"([^"]+)" (\d+(?:\.\d+)?)', why)
        assert scored, f'the README\'s {name} row no longer gives examples as "typed" SCORE'
        examples += [Example(typed, outcome, round(float(score)), name) for typed, score in scored]
        examples += [Example(typed, NOT_SISTER, where=name) for typed in re.findall(r'"([^"]+)" \(', why)]
        examples += [
            Example(typed, NOT_ANSWERED, where=name) for typed, _ in re.findall(r"\b([A-Z]\w+)/([A-Z]\w+)", why)
        ]
    return examples


EXAMPLES = intro_examples() + threshold_examples()


def test_the_readme_gives_examples_of_every_kind() -> None:
    found = {(e.where, e.outcome) for e in EXAMPLES}
    assert found == {
        ("intro", ANSWERED),
        ("intro", NOT_SISTER),
        ("ANSWER_SCORE", ANSWERED),
        ("ANSWER_SCORE", NOT_ANSWERED),
        ("SUGGEST_SCORE", SUGGESTED),
        ("SUGGEST_SCORE", NOT_SISTER),
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_readme_example(engine: Engine, example: Example) -> None:
    result = engine.answer(example.question)
    seen = f"{result.kind} {result.entry} score {result.score}"
    if example.outcome == ANSWERED:
        assert result.answered and result.kind not in {AnswerKind.HELP, AnswerKind.GREETING}, seen
    elif example.outcome == SUGGESTED:
        assert result.kind is AnswerKind.SUGGEST and result.suggestions, seen
    elif example.outcome == NOT_SISTER:
        assert result.kind is AnswerKind.NOT_SISTER and result.entry is None, seen
    else:
        assert not result.answered and result.entry is None, seen
    if example.score is not None:
        assert result.score == example.score, seen


def test_the_readme_scores_fall_in_the_bands_its_thresholds_give() -> None:
    rows = threshold_rows()
    answer, suggest = rows["ANSWER_SCORE"][0], rows["SUGGEST_SCORE"][0]
    for example in EXAMPLES:
        if example.outcome == ANSWERED and example.score is not None:
            assert example.score >= answer, example.id
        if example.outcome == SUGGESTED:
            assert example.score is not None and suggest <= example.score < answer, example.id
