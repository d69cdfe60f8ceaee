"""The command line, run as a user would: a subprocess, from another directory, also from the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import KNOWLEDGE

REPO = KNOWLEDGE.parents[1]


def run(*args: str, cwd: Path, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "cache"), **(env or {})}
    full_env.pop("BOT_KNOWLEDGE_DIR", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=full_env, input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo_env(tmp_path):
    return {"PYTHONPATH": str(REPO)}


def test_ask_json_one_object_per_question_in_order(tmp_path, repo_env):
    out = run("ask", "--json", "When did Hama fall?", "When did Damascus fall?", cwd=tmp_path, env=repo_env)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["question"] for r in rows] == ["When did Hama fall?", "When did Damascus fall?"]
    assert rows[0]["answered"] is True and rows[1]["answered"] is False
    for r in rows:
        assert {"question", "answer", "answered", "intent", "confidence", "sources", "suggestions"} <= set(r)
    assert rows[0]["sources"][0]["quote"].startswith("On December 5")


def test_ask_readable(tmp_path, repo_env):
    out = run("ask", "who launched operation dawn of freedom", cwd=tmp_path, env=repo_env)
    assert out.returncode == 0 and "Syrian National Army" in out.stdout and "\u201c" in out.stdout


def test_chat_json_keeps_context(tmp_path, repo_env):
    out = run("chat", "--json", cwd=tmp_path, env=repo_env, stdin="When did Hama fall?\nAnd Aleppo?\n\n")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 3 and "30 November" in rows[1]["answer"] and rows[2]["intent"] == "empty"


def test_eval_min_sets_exit_code(tmp_path, repo_env):
    qs = tmp_path / "q.yaml"
    qs.write_text("questions:\n  - q: When did Hama fall?\n    date: 2024-12-05\n"
                  "  - q: When did Hama fall?\n    date: 2020-01-01\n", encoding="utf-8")
    ok = run("eval", str(qs), "--min", "0.5", cwd=tmp_path, env=repo_env)
    bad = run("eval", str(qs), "--min", "0.9", cwd=tmp_path, env=repo_env)
    assert ok.returncode == 0 and "1/2 correct" in ok.stdout and "FAIL" in ok.stdout
    assert bad.returncode == 1


def test_check_and_build(tmp_path, repo_env, knowledge_copy):
    assert run("check", cwd=tmp_path, env=repo_env).returncode == 0
    built = run("build", "--out", str(tmp_path / "x.sqlite"), cwd=tmp_path, env=repo_env)
    assert built.returncode == 0 and "17/17 sentences cited (100%)" in built.stdout
    facts = knowledge_copy / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "  - id: broken\n    kind: [\n", encoding="utf-8")
    bad = run("--knowledge", str(knowledge_copy), "check", cwd=tmp_path, env=repo_env)
    assert bad.returncode == 1 and "facts.yaml:" in bad.stderr and "Traceback" not in bad.stderr


def test_errors_are_one_line_without_traceback(tmp_path, repo_env):
    out = run("eval", str(tmp_path / "missing.yaml"), cwd=tmp_path, env=repo_env)
    assert out.returncode == 1 and "Traceback" not in out.stderr and out.stderr.startswith("error:")
    out = run("run", cwd=tmp_path, env={**repo_env, "TELEGRAM_BOT_TOKEN": ""})
    assert out.returncode != 0 and "Traceback" not in out.stderr and "TELEGRAM_BOT_TOKEN" in out.stderr


def test_installed_wheel_carries_the_knowledge(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheels), str(REPO)], check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/knowledge/facts.yaml" in names and any(n.startswith("bot/knowledge/sources/") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run("ask", "--json", "when did hama fall", cwd=elsewhere, env={"PYTHONPATH": str(site)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["answered"] is True
