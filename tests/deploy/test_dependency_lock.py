"""The dependency locks (requirements/, written by `make lock`): every install, development, CI
and production, takes pinned versions checked against their hashes, and production takes no
test or lint tool. These read the files as pip reads them."""

import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ROOT / "requirements" / "production.txt"
DEV = ROOT / "requirements" / "dev.txt"
# Test and lint tools named here even if pyproject.toml's extras stop naming them directly.
NEVER_IN_PRODUCTION = {"pytest", "pytest-django", "playwright", "ruff", "mypy", "djhtml", "uv"}


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: Marker | None
    hashes: frozenset[str]

    def applies_here(self) -> bool:
        return self.marker is None or self.marker.evaluate()


def read_lock(path: Path) -> list[Pin]:
    """The pins of a lock file: `name==version ; marker \\` and its `--hash=` lines."""
    logical = re.sub(r"\\\n", " ", path.read_text())
    pins = []
    for line in logical.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement_text, *options = re.split(r"\s+(?=--)", line)
        requirement = Requirement(requirement_text)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{path.name}: {requirement_text} is not an exact pin"
        hashes = frozenset(option.removeprefix("--hash=") for option in options if option.startswith("--hash="))
        assert len(hashes) == len(options), f"{path.name}: {requirement_text} has options other than --hash"
        pins.append(Pin(canonicalize_name(requirement.name), specifier.version, requirement.marker, hashes))
    assert pins, f"{path.name} pins nothing"
    return pins


def pins_by_name(pins: list[Pin]) -> dict[str, list[Pin]]:
    by_name: dict[str, list[Pin]] = {}
    for pin in pins:
        by_name.setdefault(pin.name, []).append(pin)
    return by_name


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def extra_requirements(requirement: Requirement) -> list[Requirement]:
    """What `name[extra]` adds to `name` here, from the installed distribution's metadata (which
    test_running_venv_is_the_lock holds to the locked version), markers evaluated."""
    added = []
    for text in importlib.metadata.requires(requirement.name) or []:
        extra_requirement = Requirement(text)
        marker = extra_requirement.marker
        if marker is None or marker.evaluate({"extra": ""}):
            continue  # `name` needs it anyway
        if any(marker.evaluate({"extra": extra}) for extra in requirement.extras):
            extra_requirement.marker = None
            added.append(extra_requirement)
    return added


def unsatisfied(requirements: list[Requirement], pins: list[Pin]) -> list[str]:
    """Each requirement (for Python 3.11) whose package the lock lacks or pins at a version the
    requirement refuses; every pin of that name counts (a universal lock may have one per marker)."""
    by_name = pins_by_name(pins)
    problems = []
    for requirement in requirements:
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        locked = by_name.get(canonicalize_name(requirement.name), [])
        if not locked:
            problems.append(f"{requirement}: not in the lock")
        for pin in locked:
            if not requirement.specifier.contains(pin.version, prereleases=True):
                problems.append(f"{requirement}: the lock pins {pin.version}")
        problems += unsatisfied(extra_requirements(requirement), pins) if requirement.extras else []
    return problems


def runtime_requirements() -> list[Requirement]:
    project = pyproject()
    texts = project["project"]["dependencies"] + project["build-system"]["requires"]
    return [Requirement(text) for text in texts]


def extras_requirements() -> list[Requirement]:
    extras = pyproject()["project"]["optional-dependencies"]
    return [Requirement(text) for extra in ("test", "lint") for text in extras[extra]]


def test_production_lock_satisfies_the_dependencies_and_the_build_backend():
    problems = unsatisfied(runtime_requirements(), read_lock(PRODUCTION))
    assert not problems, "requirements/production.txt is behind pyproject.toml (make lock): " + "; ".join(problems)


def test_dev_lock_satisfies_the_dependencies_and_the_test_and_lint_extras():
    problems = unsatisfied(runtime_requirements() + extras_requirements(), read_lock(DEV))
    assert not problems, "requirements/dev.txt is behind pyproject.toml (make lock): " + "; ".join(problems)


@pytest.mark.parametrize("lock", [PRODUCTION, DEV], ids=lambda path: path.name)
def test_every_locked_package_has_a_sha256_hash(lock):
    pins = read_lock(lock)
    without = [f"{pin.name}=={pin.version}" for pin in pins if not pin.hashes]
    malformed = [h for pin in pins for h in pin.hashes if not re.fullmatch(r"sha256:[0-9a-f]{64}", h)]
    assert not without, f"{lock.name}: no --hash for " + ", ".join(without)
    assert not malformed, f"{lock.name}: not a sha256 hash: " + ", ".join(malformed)


def test_production_lock_holds_no_test_or_lint_tool():
    runtime_names = {canonicalize_name(requirement.name) for requirement in runtime_requirements()}
    tools = NEVER_IN_PRODUCTION | {canonicalize_name(r.name) for r in extras_requirements()} - runtime_names
    production_names = set(pins_by_name(read_lock(PRODUCTION)))
    assert not tools & production_names, f"test or lint tools in production.txt: {sorted(tools & production_names)}"
    assert not tools - set(pins_by_name(read_lock(DEV))), "dev.txt must hold every test and lint tool"


def test_production_pins_are_the_dev_pins():
    """The same package at the same version with the same hashes: what CI tested is what runs."""
    dev = {(pin.name, str(pin.marker)): pin for pin in read_lock(DEV)}
    differ = []
    for pin in read_lock(PRODUCTION):
        twin = dev.get((pin.name, str(pin.marker)))
        where = f"{pin.name}{' ; ' + str(pin.marker) if pin.marker else ''}"
        if twin is None:
            differ.append(f"{where}: not in dev.txt")
        elif twin.version != pin.version:
            differ.append(f"{where}: {pin.version} in production.txt, {twin.version} in dev.txt")
        elif twin.hashes != pin.hashes:
            differ.append(f"{where}: the hashes differ")
    assert not differ, "; ".join(differ)


def test_running_venv_is_the_lock():
    """The venv the tests run in has exactly the locked versions: a stale venv (`make` reinstalls
    when requirements/dev.txt changes) or a lock behind what was installed by hand fails here."""
    differ = []
    for pin in read_lock(DEV):
        if not pin.applies_here():
            continue
        try:
            installed = importlib.metadata.version(pin.name)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != pin.version:
            differ.append(f"{pin.name}: lock {pin.version}, venv {installed}")
    assert not differ, "the venv is not requirements/dev.txt (make .venv/.installed): " + "; ".join(differ)


MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")


def test_lock_headers_name_the_command_make_lock_runs():
    """Each file says how it was made, and `make lock` makes it that way."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    # Under `make test` this is a sub-make: without MAKEFLAGS/MAKELEVEL it prints only commands,
    # not "make[1]: Entering directory".
    environment = {name: value for name, value in os.environ.items() if name not in MAKE_VARIABLES}
    dry_run = subprocess.run(
        [make, "--no-print-directory", "-n", "-o", ".venv/.installed", "lock"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout
    lines = dry_run.replace("\\\n", " ").splitlines()
    commands = [shlex.split(line) for line in lines if " pip compile " in line]
    made = {
        command[command.index("-o") + 1]: ["uv", *(arg for arg in command[1:] if arg != "--quiet")]
        for command in commands
    }
    for lock in (PRODUCTION, DEV):
        header = lock.read_text().splitlines()[1]
        expected = made[str(lock.relative_to(ROOT))]
        assert shlex.split(header.removeprefix("#")) == expected, f"{lock.name} was not made by: {shlex.join(expected)}"
