"""Docs kept in step with the code: commands, CI, configuration, rules."""

from __future__ import annotations

import re

import click
import yaml

from monitor.cli import main
from monitor.config import Config, load_config
from monitor.rules import load_rules

from .conftest import REPO

README = (REPO / "README.md").read_text()


def command_names(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            names.extend(command_names(command, f"{full} "))
        else:
            names.append(full)
    return names


def test_every_cli_command_has_help_and_is_in_the_readme() -> None:
    for name in command_names(main):
        command: click.Command = main
        for part in name.split():
            command = command.commands[part]  # type: ignore[attr-defined]
        assert command.help, f"{name} has no help text"
        assert f"edgar-monitor {name}" in README, f"README does not mention `{name}`"


def test_ci_runs_the_readme_test_command() -> None:
    [test_command] = re.findall(r"```sh\n(pip install -e '\.\[test\]' && pytest)\n```", README)
    ci = (REPO / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()


def test_readme_quick_start_starts_the_monitor_with_a_user_agent() -> None:
    assert re.search(r"pip install \. && EDGAR_USER_AGENT=\"[^\"]+@[^\"]+\" edgar-monitor run",
                     README)


def test_config_yaml_validates_and_documents_the_defaults() -> None:
    config = load_config(REPO / "config.yaml", {})
    defaults = Config()
    for section in ("edgar", "discovery", "extraction", "health"):
        assert getattr(config, section) == getattr(defaults, section), section
    assert config.slack.default_channel == defaults.slack.default_channel
    raw = yaml.safe_load((REPO / "config.yaml").read_text())
    assert set(raw) <= set(Config.model_fields)


def test_every_rules_file_validates() -> None:
    files = sorted((REPO / "rules").glob("*.yaml"))
    assert files
    for path in files:
        assert load_rules([path]).rules
