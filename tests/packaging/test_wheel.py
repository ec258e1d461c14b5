"""sop_workflow is an extension: its wheel, installed into a fresh virtualenv beside a minimal
Wagtail host project of its own (tests/packaging/host: one page type, no news, no home), migrates,
registers the host's type and takes one register entry through SOP steps 1-7 to a live page
with its publication record.

The fresh virtualenv reaches the pinned Django/Wagtail through a .pth file pointing at this
project's site-packages (nothing is downloaded); the wheel itself is installed with --no-deps.
Everything runs from a temporary folder, so the repository's apps cannot be imported.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = Path(__file__).resolve().parent / "host"


def run(args, cwd, env=None):
    result = subprocess.run(  # noqa: S603 - our own interpreters and the repository's files
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    return result.stdout


def test_wheel_runs_one_entry_through_steps_1_to_7_in_a_host_project(tmp_path):
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "sop_workflow", source / "sop_workflow", ignore=ignore)
    wheels = tmp_path / "wheels"
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels, "."],
        cwd=source,
    )
    (wheel,) = wheels.glob("*.whl")

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    site_packages = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path
    ).strip()
    Path(site_packages, "project_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel],
        cwd=tmp_path,
    )

    site = tmp_path / "site"
    shutil.copytree(HOST, site, ignore=ignore)
    (site / "data").mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(HOST_DATA_DIR=str(site / "data"), DJANGO_SETTINGS_MODULE="host_site.settings")

    # Only the wheel's sop_workflow is importable there: not the repository's apps.
    probe = run(
        [
            python,
            "-c",
            "import importlib.util as u, sop_workflow; "
            "print(sop_workflow.__file__); print([u.find_spec(n) is None for n in ('news', 'home', 'cms')])",
        ],
        cwd=site,
        env=env,
    ).splitlines()
    assert probe[0].startswith(site_packages)
    assert probe[1] == "[True, True, True]"

    result = json.loads(run([python, "run_sop.py"], cwd=site, env=env).strip().splitlines()[-1])
    assert result["sop_workflow"].startswith(site_packages)
    assert result["setup"].startswith("Struktur SOP siap: 1 halaman daftar, 5 peran")
    assert result["governed"] == "Kegiatan"
    assert result["page_type"] == "KegiatanPage"
    assert result["ringkasan"] == "Dari surat 7/ND/2026: Kerja bakti kantor"  # the host's prefill
    assert result["steps"] == [
        "Pemeriksaan Kasubag (langkah 4)",
        "Persetujuan Kabag (langkah 5)",
        "Penerbitan Web Admin (langkah 6-7)",
    ]
    assert result["live"] is True
    assert result["terbit"] is True
    assert result["status"] == "Terbit"
    assert result["record"] is True and result["record_surat"] is True
    assert result["inspect_status"] == 200 and result["inspect_shows_terbit"] is True
    assert result["public_status"] == 200 and result["public_shows_title"] is True
