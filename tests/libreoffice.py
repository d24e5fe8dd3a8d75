"""LibreOffice headless as the tests use it (test code): one conversion, in its own profile
so that parallel or repeated runs do not collide."""

from __future__ import annotations

import subprocess
from pathlib import Path


def convert(book: Path, to: str, outdir: Path, profile: Path) -> Path:
    """``book`` converted by ``soffice --headless --convert-to TO`` into ``outdir``; the file written."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / f"{book.stem}.{to.split(':')[0]}"
