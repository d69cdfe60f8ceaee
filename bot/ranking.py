"""A ranking of facts scored lazily, so that a question costs what the facts it touches cost.

The facts a question touches (names it, its dates, the previous answer) are scored at once. The
other candidates come in groups, each with a ceiling the scorer works out from the question alone
(no fact of the group scores above it); a group is scored only when a caller reads past the facts
that score above its ceiling. What a caller reads is always exactly the start of the full ranking
(best first, ties by fact id).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from bot.factbase import StoredFact

_EPS = 1e-9  # scores are sums of a few weights: a fact within this of a ceiling may equal it
_SLACK = 1e-6  # a runner-up this close to a margin is scored exactly

Group = tuple[float, Callable[[], Iterable[StoredFact]]]  # a ceiling, and the facts under it


def _order(item: tuple[float, StoredFact]) -> tuple[float, str]:
    return -item[0], item[1].id


class Ranking:
    """Candidate facts with their scores, best first, computed as far as they are read."""

    def __init__(self, score: Callable[[StoredFact], float], touched: list[StoredFact], others: list[Group]) -> None:
        self._score = score
        self._ranked = sorted(((score(f), f) for f in touched), key=_order)
        self._others = sorted(others, key=lambda group: -group[0])

    def above(self, floor: float = -math.inf, ties: bool = True) -> Iterator[tuple[float, StoredFact]]:
        """The facts scoring at least ``floor``, best first; without ``ties``, only the scores are
        exact (a group that can at most tie a fact read is not scored, so which facts tie may differ)."""
        i = 0
        while True:
            ranked = self._ranked
            if self._others and (i == len(ranked) or ranked[i][0] <= self._others[0][0] + (_EPS if ties else -_EPS)):
                ceiling, facts = self._others[0]
                if ceiling + _EPS < floor:
                    return  # nothing unread can reach the floor
                del self._others[0]
                self._ranked = sorted(ranked + [(self._score(f), f) for f in facts()], key=_order)
                continue
            if i == len(ranked) or ranked[i][0] < floor:
                return
            yield ranked[i]
            i += 1

    def first(self, n: int, floor: float = -math.inf,
              where: Callable[[StoredFact], bool] = lambda f: True) -> list[tuple[float, StoredFact]]:
        """The best ``n`` facts scoring at least ``floor`` for which ``where`` holds."""
        out = []
        for item in self.above(floor):
            if where(item[1]):
                out.append(item)
                if len(out) == n:
                    break
        return out

    def scores(self, n: int, floor: float = -math.inf, where: Callable[[StoredFact], bool] = lambda f: True
               ) -> list[float]:
        """The best ``n`` scores of at least ``floor`` of facts for which ``where`` holds, whichever facts have them."""
        return [score for score, _ in islice(filter(lambda item: where(item[1]), self.above(floor, ties=False)), n)]

    def leader(self, margin: float, floor: float = -math.inf, where: Callable[[StoredFact], bool] = lambda f: True
               ) -> tuple[float, StoredFact, bool] | None:
        """The best fact for which ``where`` holds, its score, and whether it leads the next such fact
        by ``margin`` or more (a lone fact leads a runner-up of 0); None when none scores ``floor``."""
        head = self.first(1, floor, where)
        if not head:
            return None
        top, best = head[0]
        pair = self.scores(2, top - margin - _SLACK, where)  # a runner-up further behind cannot matter
        if len(pair) == 1 and top < margin:  # unless there is none, which counts as 0
            pair = self.scores(2, where=where)
        runner = pair[1] if len(pair) > 1 else 0.0
        return top, best, not top - runner < margin
