"""The deployment files agree with the code: the bot commands they run exist in the CLI (and
parse), the settings they use exist in env.example, and env.example is documented."""

from __future__ import annotations

import argparse
import configparser
import json
import re
import shlex
from collections import OrderedDict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"

#: The settings the bot reads (the brief's list); env.example must have each.
BOT_VARS = {
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "BOT_ADMIN_IDS", "BOT_KNOWLEDGE_DIR",
    "BOT_STATE_DIR", "BOT_DB_PATH", "BOT_LOG_QUESTIONS", "WEBHOOK_URL", "WEBHOOK_SECRET",
    "WEBHOOK_LISTEN", "WEBHOOK_PORT", "BOT_DRAIN_SECONDS", "BOT_RATE_LIMIT",
}
CLI_SUBCOMMANDS = {"build", "check", "ask", "chat", "eval", "bench", "run", "doctor"}
SHELL_OPERATORS = {"&&", "||", ";", "|", "&", ">", ">>", "<", "2>&1", "(", ")", "$("}


# --------------------------------------------------------------------------- helpers

def cli_parser() -> argparse.ArgumentParser:
    from bot.cli import build_parser

    return build_parser()


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommand parsers of ``parser``, by name (from its _SubParsersAction)."""
    for action in parser._actions:  # noqa: SLF001 - argparse keeps no public accessor
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    raise AssertionError("the CLI parser has no subcommands")


def env_example_vars() -> list[str]:
    """Variable names in env.example, set (KEY=) or commented out (# KEY=)."""
    text = (DEPLOY / "env.example").read_text(encoding="utf-8")
    return re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE)


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs; continuation lines joined, comments and blanks dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # comment lines inside a continuation are dropped too, as Docker does
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        out.append((keyword.upper(), args.strip()))
    assert not pending, "the Dockerfile ends inside a continuation"
    return out


def exec_or_shell(args: str) -> list[str]:
    """Words of a CMD/RUN/ENTRYPOINT argument: the JSON exec form, or the shell form split."""
    if args.startswith("["):
        return json.loads(args)
    return shell_words(args)


def shell_words(command: str) -> list[str]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


def bot_invocations(words: list[str], at_start_only_factbot: bool = True) -> list[tuple[str, list[str]]]:
    """Every bot command in a list of shell words: ("bot", args) for ``python -m bot ARGS`` and
    ``factbot ARGS``."""
    found: list[tuple[str, list[str]]] = []
    segment_start = True
    for i, word in enumerate(words):
        if word in SHELL_OPERATORS:
            segment_start = True
            continue
        module = None
        rest_from = None
        if re.search(r"(^|/)python(3(\.\d+)?)?$", word) and words[i + 1:i + 2] == ["-m"]:
            target = words[i + 2] if i + 2 < len(words) else ""
            if target == "bot":
                module, rest_from = target, i + 3
        elif word.endswith("/bin/factbot") or (word == "factbot" and (segment_start or not at_start_only_factbot)):
            module, rest_from = "bot", i + 1
        segment_start = False
        if module is None:
            continue
        args: list[str] = []
        for arg in words[rest_from:]:
            if arg in SHELL_OPERATORS:
                break
            args.append(arg)
        found.append((module, args))
    return found


def assert_parses(module: str, args: list[str], where: str) -> None:
    """``args`` must be a valid command line of the CLI."""
    parser = cli_parser()
    assert args, f"{where}: `{module}` without a subcommand"
    assert args[0] in subcommands(parser), f"{where}: no CLI subcommand {args[0]!r}"
    try:
        parser.parse_args(args)
    except SystemExit as exc:  # argparse exits on a bad command line
        if exc.code not in (0, None):
            pytest.fail(f"{where}: `{module} {' '.join(args)}` does not parse: exit {exc.code}")


def parse_unit(path: Path) -> configparser.RawConfigParser:
    """A systemd unit through configparser; repeated keys keep every value, newline-joined."""

    class MultiDict(OrderedDict):
        def __setitem__(self, key, value):  # configparser stores option values as lists while reading
            if isinstance(value, list) and key in self and isinstance(self[key], list):
                self[key].extend(value)
            else:
                super().__setitem__(key, value)

    parser = configparser.RawConfigParser(strict=False, dict_type=MultiDict, empty_lines_in_values=False,
                                          interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    return parser


def unit_values(unit: configparser.RawConfigParser, section: str, key: str) -> list[str]:
    return unit.get(section, key, fallback="").split("\n") if unit.has_option(section, key) else []


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def compose_words(command) -> list[str]:
    return list(command) if isinstance(command, list) else shell_words(command)


def readme() -> str:
    return (DEPLOY / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[tuple[str, str]]:
    """(where, command line) from README code blocks (continuations joined) and inline code."""
    text = readme()
    found: list[tuple[str, str]] = []
    fence = r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```"  # fenced blocks, also indented in list items
    for block in re.findall(fence, text, flags=re.MULTILINE | re.DOTALL):
        pending = ""
        for line in block.splitlines():
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            found.append(("README code block", pending + line))
            pending = ""
    prose = re.sub(fence, "", text, flags=re.MULTILINE | re.DOTALL)
    for span in re.findall(r"`([^`]+)`", prose):
        found.append(("README inline code", span.replace("\n", " ")))
    return found


# --------------------------------------------------------------------------- the CLI

def test_cli_has_the_subcommands_deploy_uses():
    assert CLI_SUBCOMMANDS <= set(subcommands(cli_parser()))


# --------------------------------------------------------------------------- Dockerfile

@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return dockerfile_instructions((DEPLOY / "Dockerfile").read_text(encoding="utf-8"))


def test_dockerfile_parser_joins_continuations():
    got = dockerfile_instructions("FROM x\n# c\nRUN a \\\n  # inner comment\n  && b\nCMD [\"y\"]\n")
    assert got == [("FROM", "x"), ("RUN", "a && b"), ("CMD", '["y"]')]


def test_dockerfile_base_user_and_build_steps(dockerfile):
    args = {a.split("=", 1)[0]: a.split("=", 1)[1] for k, a in dockerfile if k == "ARG" and "=" in a}
    bases = [re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], a.split()[0]) for k, a in dockerfile if k == "FROM"]
    assert bases and all(re.fullmatch(r"python:3\.11-slim(-\w+)?", b) for b in bases), bases
    users = [a for k, a in dockerfile if k == "USER"]
    assert users and users[-1] not in ("root", "0"), "the image must run as a non-root user"
    runs = " ".join(a for k, a in dockerfile if k == "RUN")
    assert "pip install" in runs
    commands = [args_ for k, a in dockerfile if k == "RUN" for _, args_ in bot_invocations(exec_or_shell(a))]
    assert [c[0] for c in commands if c][:2] == ["check", "build"], "check, then build, at image build"
    # check and build run after USER (so the built fact base belongs to the bot user)
    order = [k for k, _ in dockerfile]
    last_user = max(i for i, k in enumerate(order) if k == "USER")
    check_at = next(i for i, (k, a) in enumerate(dockerfile) if k == "RUN" and "bot check" in a)
    assert check_at > last_user


def test_dockerfile_cmd_and_healthcheck(dockerfile):
    cmds = [exec_or_shell(a) for k, a in dockerfile if k == "CMD"]
    assert cmds and cmds[-1] == ["python", "-m", "bot", "run"]
    health = [a for k, a in dockerfile if k == "HEALTHCHECK"]
    assert len(health) == 1 and " CMD " in f" {health[0]} " and not health[0].upper().startswith("NONE")
    words = exec_or_shell(health[0].split("CMD", 1)[1].strip())
    assert bot_invocations(words), "the health check must run a bot command"


def test_dockerfile_bot_commands_exist(dockerfile):
    seen = 0
    for keyword, args in dockerfile:
        if keyword in ("RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"):
            text = args.split("CMD", 1)[1].strip() if keyword == "HEALTHCHECK" else args
            for module, argv in bot_invocations(exec_or_shell(text)):
                assert_parses(module, argv, f"Dockerfile {keyword}")
                seen += 1
    assert seen >= 4


def test_dockerfile_copies_exist_and_are_not_ignored(dockerfile):
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    for keyword, args in dockerfile:
        if keyword != "COPY" or args.startswith("--from"):
            continue
        *sources, _dest = args.split()
        for src in sources:
            if "*" in src:
                continue  # optional (README.md*)
            assert (ROOT / src).exists(), f"COPY {src}: not in the repository"
            assert f"!{src.rstrip('/')}" in ignore, f"COPY {src}: excluded by Dockerfile.dockerignore"


def test_dockerfile_env_names_are_bot_settings(dockerfile):
    names = set()
    for keyword, args in dockerfile:
        if keyword == "ENV":
            names |= set(re.findall(r"(?:^|\s)([A-Z][A-Z0-9_]*)=", args))
    assert {n for n in names if n.startswith(("BOT_", "WEBHOOK_", "TELEGRAM_"))} <= set(env_example_vars())


# --------------------------------------------------------------------------- compose

def test_compose_profiles_and_services():
    services = compose()["services"]
    assert "profiles" not in services["bot"], "polling must be the default"
    assert "--webhook" not in compose_words(services["bot"]["command"])
    assert services["bot-webhook"]["profiles"] == ["webhook"]
    assert services["bot-scale"]["profiles"] == ["scale"]
    assert services["bot-scale"]["deploy"]["replicas"] >= 2
    for name in ("bot-webhook", "bot-scale"):
        assert "--webhook" in compose_words(services[name]["command"])
        assert "factbot-webhook" in services[name]["networks"]["default"]["aliases"]
    for proxy, bot in (("caddy", "bot-webhook"), ("caddy-scale", "bot-scale")):
        assert services[proxy]["profiles"] == services[bot]["profiles"]
        assert bot in services[proxy]["depends_on"]
        assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services[proxy]["volumes"]
        assert {"443:443", "80:80"} <= set(services[proxy]["ports"])


def test_compose_mounts_knowledge_and_state():
    data = compose()
    for name, svc in data["services"].items():
        if not name.startswith("bot"):
            continue
        env = svc["environment"]
        volumes = svc["volumes"]
        assert f"../knowledge:{env['BOT_KNOWLEDGE_DIR']}:ro" in volumes
        assert f"state:{env['BOT_STATE_DIR']}" in volumes
        assert svc["env_file"] == ".env"
        build = svc["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert "state" in data["volumes"]
    assert (ROOT / "knowledge").is_dir()


def test_compose_bot_commands_exist():
    for name, svc in compose()["services"].items():
        for key in ("command", "entrypoint"):
            if key in svc:
                for module, argv in bot_invocations(compose_words(svc[key])):
                    assert_parses(module, argv, f"compose {name}.{key}")


def test_compose_and_caddy_use_only_known_variables():
    known = set(env_example_vars())
    compose_text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    referenced = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", compose_text))
    assert referenced and referenced <= known, referenced - known
    for svc in compose()["services"].values():
        env = svc.get("environment", {})
        assert set(env) <= known, set(env) - known
    caddy_vars = set(re.findall(r"\{\$([A-Za-z_][A-Za-z0-9_]*)", (DEPLOY / "Caddyfile").read_text(encoding="utf-8")))
    assert caddy_vars <= known
    # and compose hands Caddy each variable its Caddyfile reads
    assert caddy_vars <= set(compose()["services"]["caddy"]["environment"])
    assert caddy_vars <= set(compose()["services"]["caddy-scale"]["environment"])


def test_caddy_upstream_matches_compose():
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    name = re.search(r"^\s*name\s+(\S+)", caddyfile, flags=re.MULTILINE).group(1)
    port = re.search(r"^\s*port\s+(\d+)", caddyfile, flags=re.MULTILINE).group(1)
    assert name == "factbot-webhook"
    for svc in ("bot-webhook", "bot-scale"):
        assert str(compose()["services"][svc]["environment"]["WEBHOOK_PORT"]) == port
    assert "X-Telegram-Bot-Api-Secret-Token {$WEBHOOK_SECRET}" in caddyfile
    assert caddyfile.count("{") == caddyfile.count("}")


# --------------------------------------------------------------------------- systemd

@pytest.fixture(scope="module")
def unit() -> configparser.RawConfigParser:
    return parse_unit(DEPLOY / "factbot.service")


def test_unit_parser_keeps_repeated_keys(tmp_path):
    path = tmp_path / "x.service"
    path.write_text("[Service]\nEnvironment=A=1\nEnvironment=B=2\nExecStart=\nExecStart=/bin/x\n")
    parsed = parse_unit(path)
    assert unit_values(parsed, "Service", "Environment") == ["A=1", "B=2"]
    assert unit_values(parsed, "Service", "ExecStart")[-1] == "/bin/x"


def test_unit_sections_and_hardening(unit):
    assert {"Unit", "Service", "Install"} <= set(unit.sections())
    svc = dict(unit.items("Service"))
    assert svc.get("User") or svc.get("DynamicUser") == "yes"
    expected = {"ProtectSystem": "strict", "NoNewPrivileges": "yes", "Restart": "on-failure",
                "ProtectHome": "yes", "PrivateTmp": "yes"}
    for key, value in expected.items():
        assert svc.get(key) == value, key
    assert svc.get("EnvironmentFile")
    assert unit.get("Install", "WantedBy") == "multi-user.target"


def test_unit_writes_only_the_state_folder(unit):
    state = "/var/lib/" + unit.get("Service", "StateDirectory")
    assert unit_values(unit, "Service", "ReadWritePaths") == [state]
    env = dict(v.split("=", 1) for v in unit_values(unit, "Service", "Environment"))
    assert env["BOT_STATE_DIR"] == state
    assert env["BOT_DB_PATH"].startswith(state + "/")
    assert {k for k in env if k.startswith(("BOT_", "WEBHOOK_", "TELEGRAM_"))} <= set(env_example_vars())


def test_unit_bot_commands_exist(unit):
    starts = [v for v in unit_values(unit, "Service", "ExecStart") if v]
    starts += [v for key in ("ExecStartPre", "ExecStartPost", "ExecReload") for v in unit_values(unit, "Service", key)]
    assert starts
    for line in starts:
        invocations = bot_invocations(shell_words(line.lstrip("-@:+!")))
        assert invocations, f"ExecStart does not run the bot: {line}"
        for module, argv in invocations:
            assert_parses(module, argv, "factbot.service")


# --------------------------------------------------------------------------- env.example, README

def test_env_example_has_every_setting_once():
    names = env_example_vars()
    assert BOT_VARS <= set(names), BOT_VARS - set(names)
    assert len(names) == len(set(names)), "a variable appears twice in env.example"


def test_env_example_is_documented_in_readme():
    text = readme()
    missing = [n for n in env_example_vars() if not re.search(rf"\b{n}\b", text)]
    assert not missing, f"not in deploy/README.md: {missing}"


def test_env_example_sets_no_secret():
    text = (DEPLOY / "env.example").read_text(encoding="utf-8")
    assert re.search(r"^TELEGRAM_BOT_TOKEN=\s*$", text, flags=re.MULTILINE)
    assert not re.search(r"^WEBHOOK_SECRET=\S", text, flags=re.MULTILINE)


def test_readme_bot_commands_exist():
    seen = 0
    for where, line in readme_commands():
        try:
            words = shell_words(line)
        except ValueError:  # an unbalanced quote in prose
            continue
        for module, argv in bot_invocations(words):
            if not argv and where == "README inline code":
                continue  # the program named in prose, e.g. `factbot`
            assert_parses(module, argv, f"{where}: {line.strip()}")
            seen += 1
    assert seen >= 10


def test_readme_botfather_command_list():
    text = readme()
    block = re.search(r"/setcommands.*?```\n(.*?)```", text, flags=re.DOTALL).group(1)
    public = {line.split(" - ")[0].strip() for line in block.strip().splitlines()}
    assert public == {"start", "help", "ask", "timeline", "map", "sources", "language"}
    for admin in ("/reload", "/unanswered", "/stats"):
        assert admin in text
    assert "/setinline" in text and "/setprivacy" in text


def test_readme_covers_editor_workflow_and_scale_out():
    text = readme()
    for needle in ("python -m bot check", "python -m bot eval tests/questions.yaml", "git revert",
                   "/reload", "Scale-out", "sticky", "Redis", "PostgreSQL", "rolling restart"):
        assert needle.lower() in text.lower(), needle


def test_readme_botfather_list_matches_the_bot():
    app = pytest.importorskip("bot.telegram.app")
    block = re.search(r"/setcommands.*?```\n(.*?)```", readme(), flags=re.DOTALL).group(1)
    listed = {line.split(" - ")[0].strip(): line.split(" - ", 1)[1].strip() for line in block.strip().splitlines()}
    assert listed == {c.command: c.description for c in app.COMMANDS}
    assert not {c.command for c in app.ADMIN_COMMANDS} & set(listed)


# --------------------------------------------------------------------------- stop: drain within the grace period

def _seconds(text: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(s|m)?", str(text).strip())
    assert match, f"not a duration: {text!r}"
    return float(match[1]) * (60 if match[2] == "m" else 1)


def test_stop_grace_period_covers_the_drain(unit):
    """SIGTERM: the bot answers what it fetched for BOT_DRAIN_SECONDS, then exits; the service manager
    must wait that long plus a margin (start-up of shutdown, closing files) before it sends SIGKILL."""
    from bot.settings import DRAIN_SECONDS

    graces = {name: _seconds(svc["stop_grace_period"]) for name, svc in compose()["services"].items()
              if "stop_grace_period" in svc and "caddy" not in name}
    graces["factbot.service"] = _seconds(unit.get("Service", "TimeoutStopSec"))
    assert set(graces) >= {"bot", "bot-webhook", "bot-scale", "factbot.service"}
    for where, grace in graces.items():
        assert DRAIN_SECONDS + 3 <= grace <= DRAIN_SECONDS + 10, (where, grace, DRAIN_SECONDS)
    env = dict(v.split("=", 1) for v in unit_values(unit, "Service", "Environment"))
    assert "BOT_DRAIN_SECONDS" not in env  # the default is what the grace periods were set for


def test_healthcheck_is_the_live_doctor(dockerfile):
    (health,) = [a for k, a in dockerfile if k == "HEALTHCHECK"]
    assert '"doctor", "--live"' in health
