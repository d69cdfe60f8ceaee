"""Synthetic knowledge N times the size of a real folder, for the scale benchmark and its test.

Copy 0 is the folder itself. Every other copy k renames, to invented words, just enough words of the
entity names and aliases (English and Arabic) that each alias is new, and does so in every text of
its facts and in its own copy of each source text, so quotes stay verbatim and aliases unique. Ids
take a ``-cK`` suffix; every other copy spreads its facts over a second copy of each source (another
publisher and date), so 100 copies of a one-source folder hold 150 sources. Lexicon and dates are
shared. The result passes ``python -m bot check``; questions about copy 0 keep their answers.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import ROLES
from bot.text import normalise
from bot.vocab import STOPWORDS, is_word, name_like
from bot.yamlfile import SAFE_DUMPER, read_yaml

_TOKEN = re.compile(r"\w+")
_LATIN = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z")
_VOWELS = "aeiou"
_ARABIC = "تثجحخدذرزشصضطظعغقمنهي"  # no clitic letters (و ب ل ف ك س) and nothing normalise folds


def _load(path: Path) -> Any:
    return read_yaml(path)


def _dump(data: Any, path: Path) -> None:
    path.write_text(yaml.dump(data, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


def renamed_words(entities: list[dict], corpus: str) -> list[str]:
    """The words (case-folded) to rename so that every alias changes: the whole of one-word aliases,
    then for each longer alias left unchanged its most name-like word, else its rarest in ``corpus``."""
    aliases = [[t.casefold() for t in _TOKEN.findall(str(a)) if normalise(t) not in STOPWORDS and len(t) > 1]
               for e in entities for a in [e["name"], *(e.get("aliases") or [])]]
    counts = Counter(t.casefold() for t in _TOKEN.findall(corpus))
    chosen: set[str] = set()
    for tokens in sorted((t for t in aliases if t), key=len):
        if not chosen.intersection(tokens):
            chosen.add(max(tokens, key=lambda t: (len(tokens) == 1 or name_like(t), not is_word(t), -counts[t], t)))
    return sorted(chosen)


class _Renamer:
    """One copy's word map: each renamed word to an invented one, case kept, whole words only."""

    def __init__(self, words: list[str], rng: random.Random, taken: set[str]) -> None:
        self.map = {w: self._invent(w, rng, taken) for w in words}
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                                   + r")(?!\w)", re.IGNORECASE)

    @staticmethod
    def _invent(word: str, rng: random.Random, taken: set[str]) -> str:
        while True:
            if "\u0600" <= word[:1] <= "\u06ff":
                new = "".join(rng.choice(_ARABIC) for _ in range(max(4, min(len(word), 6))))
            else:
                new = "".join(rng.choice(_LATIN) + rng.choice(_VOWELS) for _ in range(max(2, len(word) // 2 + 1)))
            if new not in taken:
                taken.add(new)
                return new

    def _case(self, m: re.Match) -> str:
        old, new = m.group(0), self.map[m.group(0).casefold()]
        return new.upper() if old.isupper() and len(old) > 1 else new.capitalize() if old[:1].isupper() else new

    def text(self, value: Any) -> Any:
        """``value`` (a string, list or mapping of them) with every renamed word replaced."""
        if isinstance(value, str):
            return self._pattern.sub(self._case, value)
        if isinstance(value, list):
            return [self.text(v) for v in value]
        if isinstance(value, dict):
            return {k: self.text(v) for k, v in value.items()}
        return value


def _later(published: Any, days: int) -> Any:
    """A publication date ``days`` later (dates known only to the month or year stay as they are)."""
    try:
        return (date.fromisoformat(str(published)) + timedelta(days=days)).isoformat()
    except ValueError:
        return published


def generate(knowledge: Path, out: Path, scale: int, seed: int = 1) -> Path:
    """Write ``scale`` copies of ``knowledge`` into the new folder ``out`` and return it."""
    shutil.copytree(knowledge, out)
    metas = {p: _load(p) for p in sorted((out / "sources").glob("*.yaml"))}
    default_source = str(next(iter(metas.values()))["id"])
    entities = [e for p in sorted(out.glob("entities*.yaml")) for e in _load(p)["entities"]]
    facts_files = sorted(out.glob("facts*.yaml"))
    facts = [f for p in facts_files for f in _load(p)["facts"]]
    for f in facts:  # copy 0 names its source, so the copies' sources may sort first
        f["source"] = str(f.get("source") or default_source)
    for p in facts_files[1:]:
        p.unlink()
    _dump({"facts": facts}, facts_files[0])
    corpus = yaml.dump(facts, Dumper=SAFE_DUMPER, allow_unicode=True)
    words = renamed_words(entities, corpus)
    taken = {normalise(t) for e in entities for a in [e["name"], *(e.get("aliases") or [])] for t in a.split()}
    rng = random.Random(seed)
    for k in range(1, scale):
        _write_copy(out, k, _Renamer(words, rng, taken), metas, entities, facts)
    return out


def _write_copy(out: Path, k: int, r: _Renamer, metas: dict[Path, dict], entities: list[dict],
                facts: list[dict]) -> None:
    """Copy ``k``: its sources (two per source when k is odd), entities and facts."""
    def cid(i: Any) -> str:
        return f"{i}-c{k}"

    sources: dict[str, list[str]] = {}
    for path, meta in metas.items():
        text = r.text((path.parent / meta["file"]).read_text(encoding="utf-8"))
        ids = [cid(meta["id"])] + ([f"{cid(meta['id'])}b"] if k % 2 else [])
        for n, sid in enumerate(ids):
            name = f"{path.stem}-{sid.removeprefix(str(meta['id']) + '-')}"
            (out / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
            copy = {**r.text({key: v for key, v in meta.items() if key not in ("id", "file", "published", "url")}),
                    "id": sid, "file": f"{name}.txt", "publisher": f"Synthetic Wire {k}{'ab'[n]}",
                    "published": _later(meta["published"], k + n)}
            _dump(copy, out / "sources" / f"{name}.yaml")
        sources[str(meta["id"])] = ids
    _dump({"entities": [{**e, **r.text({key: e[key] for key in ("name", "name_ar", "aliases") if key in e}),
                         **{key: cid(e[key]) for key in ("id", "about", "within") if e.get(key)}} for e in entities]},
          out / f"entities-c{k}.yaml")
    not_text = {"id", "kind", "action", "date", "until", "salience", "source", *ROLES}
    _dump({"facts": [{**r.text({key: v for key, v in f.items() if key not in not_text}),
                      **{key: v for key, v in f.items() if key in ("kind", "action", "date", "until", "salience")},
                      **{role: [cid(e) for e in f[role]] for role in ROLES if f.get(role)},
                      "id": cid(f["id"]), "source": sources[f["source"]][n % len(sources[f["source"]])]}
                     for n, f in enumerate(facts)]},
          out / f"facts-c{k}.yaml")
