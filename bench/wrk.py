"""wrk, a load generator written in C, as the bench scripts run it: the figures of one
run against one URL, read from the JSON line bench/wrk_report.lua prints.

A Python client on the same two cores tops out below what gunicorn serves for a trivial
view, so a ratio against its figure measures the client. wrk does not: it is the tool
wherever throughputs are compared.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPORT_SCRIPT = Path(__file__).with_name("wrk_report.lua")
PACED_SCRIPT = Path(__file__).with_name("wrk_paced.lua")
THREADS = 2
CONNECTIONS = 50


@dataclass(frozen=True)
class WrkFigures:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    ran_out: int  # threads that used up their prepared requests (then repeated the last)

    @property
    def rate(self) -> float:
        return self.requests / max(self.seconds, 1e-9)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    url: str,
    *,
    seconds: float,
    connections: int = CONNECTIONS,
    cookie: str = "",
    prepared: Path | None = None,
    think_ms: tuple[int, int] | None = None,
) -> WrkFigures:
    """`wrk -t2 -c<connections> -d<seconds>s --latency` against `url`: a GET, or the
    POSTs in `prepared` (see bench/wrk_report.lua for its format). With `think_ms` (and
    `prepared`), each connection is a student who pauses that long between answers."""
    if think_ms and prepared is None:
        raise ValueError("A think time paces prepared answers: give `prepared` too.")
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(PACED_SCRIPT if think_ms else REPORT_SCRIPT),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(url)
    if prepared is not None:
        command += ["--", str(prepared)]
        if think_ms:
            command += [str(think_ms[0]), str(think_ms[1])]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(text for text in reversed(output.splitlines()) if text.startswith("{"))
    return WrkFigures(**json.loads(line))
