"""`make test` on a fresh Debian machine installs the Debian packages it needs when it may (as root or with
passwordless sudo), saying so, and otherwise prints the one command to run (scripts/system-packages.sh)."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from support import ROOT

SCRIPT = ROOT / "scripts" / "system-packages.sh"
TOOLS = {"chromium": "chromium", "pdftotext": "poppler-utils", "zbarimg": "zbar-tools", "java": "default-jre-headless",
         "npm": "npm"}


def fake_machine(tmp_path, present: set[str], font=True):
    """A PATH holding only the basic tools, the named commands and a logging apt-get."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("grep", "id", "true"):
        os.symlink(shutil.which(tool), bin_dir / tool)
    for name in present:
        (bin_dir / name).write_text("#!/bin/sh\nexit 0\n")
    fonts = ("echo /usr/share/fonts/DejaVuSans.ttf\necho /usr/share/fonts/NotoSans-Regular.ttf\n"
             "echo /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf\n")
    (bin_dir / "fc-list").write_text("#!/bin/sh\n" + (fonts if font else ""))
    (bin_dir / "apt-get").write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path / 'apt.log'}\n")
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    return bin_dir


def run(bin_dir, **env):
    return subprocess.run([shutil.which("bash"), str(SCRIPT)], capture_output=True, text=True, timeout=60,
                          env={"PATH": str(bin_dir), "APT_GET": str(bin_dir / "apt-get"), **env})


def test_nothing_to_do_when_everything_is_there(tmp_path):
    proc = run(fake_machine(tmp_path, set(TOOLS)), KB_AS_ROOT="0")
    assert proc.returncode == 0 and proc.stdout == "" and not (tmp_path / "apt.log").exists()


def test_as_root_it_installs_what_is_missing_and_says_so(tmp_path):
    proc = run(fake_machine(tmp_path, set(TOOLS) - {"chromium", "zbarimg"}, font=False), KB_AS_ROOT="0")
    assert proc.returncode == 0, proc.stderr
    assert "installing the Debian packages it needs: chromium zbar-tools fonts-dejavu-core fonts-noto-core" in proc.stdout
    log = (tmp_path / "apt.log").read_text().splitlines()
    assert log[0] == "update -qq"
    assert log[1] == "install -y -qq --no-install-recommends chromium zbar-tools fonts-dejavu-core fonts-noto-core"


@pytest.mark.parametrize("missing", sorted(TOOLS))
def test_otherwise_it_prints_the_one_command_and_stops(tmp_path, missing):
    proc = run(fake_machine(tmp_path, set(TOOLS) - {missing}), KB_AS_ROOT="1000")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"make test needs these Debian packages: {TOOLS[missing]}",
                                        f"install them with: sudo apt-get install --no-install-recommends {TOOLS[missing]}"]
    assert not (tmp_path / "apt.log").exists()


def test_the_readme_test_command_and_ci_use_it():
    assert "@bash scripts/system-packages.sh" in (ROOT / "Makefile").read_text()
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("make test")
