"""The default config.yaml and rules/ that ship with the package: used when none is given,
copied by `edgar-monitor init`.

The repository's top-level `config.yaml` and `rules/` are the one hand-maintained copy. A
wheel carries them in this folder (setup.py copies them at build time); a source checkout
(an editable install) reads them from the repository root.
"""

from __future__ import annotations

from pathlib import Path

from monitor.errors import ConfigError

_HERE = Path(__file__).resolve().parent
_CHECKOUT = _HERE.parents[1]


def defaults_root() -> Path:
    """The folder holding the default `config.yaml` and `rules/`."""
    for root in (_HERE, _CHECKOUT):
        if (root / "config.yaml").is_file() and (root / "rules").is_dir():
            return root
    raise ConfigError(f"{_HERE}: the packaged default config and rules are missing: "
                      "reinstall edgar-monitor")


def default_config_file() -> Path:
    """The packaged default config.yaml."""
    return defaults_root() / "config.yaml"


def default_rules_dir() -> Path:
    """The packaged default rules folder."""
    return defaults_root() / "rules"


def default_rule_files() -> list[Path]:
    """Every packaged rule file, in name order."""
    return sorted(default_rules_dir().glob("*.yaml"))
