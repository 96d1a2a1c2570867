"""bench/wrk_paced.lua paces each wrk connection like a student: a think time between
replies, left out of the latencies wrk reports. Checked against a server that answers at
once, so what is measured is the script's pacing alone."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.wrk import run_wrk, wrk_available

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not wrk_available(), reason="needs wrk (Debian's package)"),
]


class Instant(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    posts: list[str] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        Instant.posts.append(self.rfile.read(length).decode())
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_each_connection_thinks_between_answers_and_the_latency_leaves_it_out(tmp_path: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Instant)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    prepared = tmp_path / "answers.tsv"
    prepared.write_text(
        "".join(f"{n % 2}\t/answer/\tcsrftoken=abc\tn={n}\n" for n in range(2000)),
        encoding="utf-8",
    )
    try:
        figures = run_wrk(
            f"http://127.0.0.1:{server.server_address[1]}/",
            seconds=2,
            connections=10,
            prepared=prepared,
            think_ms=(100, 100),
        )
    finally:
        server.shutdown()
    # Ten students, each answering every 0.1 s for 2 s: about 200 answers, not thousands.
    assert 120 <= figures.requests <= 220
    assert figures.p50_ms < 50  # the reply is instant; the 100 ms of thinking is not in it
    assert figures.non_2xx == 0 and not figures.ran_out
    # Each thread sent its own share of the prepared answers from its first line, in
    # order, each once (none lost to the request wrk asks for to check that it parses).
    sent = [int(body.removeprefix("n=")) for body in Instant.posts]
    for thread in (0, 1):
        share = sorted(number for number in sent if number % 2 == thread)
        assert share == list(range(thread, thread + 2 * len(share), 2))
