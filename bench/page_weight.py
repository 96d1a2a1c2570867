"""Compressed size of a question page with everything it loads, as production serves it.

Renders a real question page under production settings (DEBUG off, WhiteNoise's
hashed and compressed files), then adds up the gzip size of the HTML and of every
stylesheet and script it references. Prints figures; asserts nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.environment import production_env  # noqa: E402


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-weight-"))
    env = production_env(DATABASE_URL=f"sqlite:///{workdir / 'weight.sqlite3'}")
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    script = """
import django, gzip, re, sys
django.setup()
from django.test import Client
from django.contrib.staticfiles.storage import staticfiles_storage
from tests.quizzes.factories import make_set, start_attempt
client = Client()
attempt = start_attempt(client, make_set(multiple_choice=1, ordering=1))
html = client.get(f"/attempts/{attempt.public_id}/").content
print("page", len(html), len(gzip.compress(html, 9)))
for url in re.findall(rb'(?:src|href)="(/static/[^"]+)"', html):
    name = url.decode().removeprefix("/static/")
    data = staticfiles_storage.open(name).read()
    print(name, len(data), len(gzip.compress(data, 9)))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
    )
    total_raw = total_gzip = 0
    print("Question page and what it loads (gzip -9, as WhiteNoise serves it):")
    for line in result.stdout.splitlines():
        name, raw, packed = line.rsplit(" ", 2)
        total_raw += int(raw)
        total_gzip += int(packed)
        print(f"  {name:<48} {int(raw) / 1024:7.1f} KB raw  {int(packed) / 1024:6.1f} KB gzip")
    print(
        f"  {'total':<48} {total_raw / 1024:7.1f} KB raw  {total_gzip / 1024:6.1f} KB gzip"
        f"   (target ≤ 30 KB; no third-party requests)"
    )
    hosts = re.findall(r"https?://", result.stdout)
    print(f"  third-party URLs referenced: {len(hosts)}")


if __name__ == "__main__":
    main()
