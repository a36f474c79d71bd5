"""Build hook: the wheel carries the top-level config.yaml and rules/ as package data.

They stay at the repository root (where users and the design card expect them) and are
copied into monitor/defaults/ of the build, so there is one hand-maintained copy.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithDefaults(build_py):  # type: ignore[misc]
    """build_py, then copy config.yaml and rules/*.yaml into monitor/defaults/."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib, "monitor", "defaults")
        (target / "rules").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "config.yaml", target / "config.yaml")
        for rule_file in sorted((ROOT / "rules").glob("*.yaml")):
            shutil.copyfile(rule_file, target / "rules" / rule_file.name)


setup(cmdclass={"build_py": BuildPyWithDefaults})
