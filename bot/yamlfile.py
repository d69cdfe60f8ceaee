"""YAML through libyaml, PyYAML's C version, when it is installed (ten times faster than pure Python:
the language packs are read at every start)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def read_yaml(path: Path) -> Any:
    """The data of the YAML file ``path`` (UTF-8)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
