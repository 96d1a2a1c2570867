"""A small TCP relay, for bench/multihost.py: a network namespace cannot reach the host's
loopback, where PostgreSQL and Redis listen, so the relay listens on an address the
namespace can reach and forwards every connection to the service on 127.0.0.1.

    python bench/relay.py postgres@10.213.7.1=127.0.0.1:5432 redis@10.213.7.1=127.0.0.1:6379

Each listener takes a free port; once all listen, one JSON line on stdout says which
(`{"postgres@10.213.7.1": 40123, …}`). On SIGTERM or SIGINT it prints a second JSON line,
connections and bytes per listener and the CPU time it used, and exits.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from dataclasses import asdict, dataclass


@dataclass
class Count:
    connections: int = 0
    refused: int = 0  # the service behind did not answer
    bytes: int = 0


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, count: Count) -> None:
    try:
        while data := await reader.read(65536):
            count.bytes += len(data)
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


async def listen(spec: str, counts: dict[str, Count]) -> tuple[str, int]:
    name, _, target = spec.partition("=")
    address = name.rpartition("@")[2]
    target_host, _, target_port = target.rpartition(":")
    count = counts.setdefault(name, Count())

    async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        count.connections += 1
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                target_host, int(target_port)
            )
        except OSError:
            count.refused += 1
            writer.close()
            return
        await asyncio.gather(
            pipe(reader, upstream_writer, count), pipe(upstream_reader, writer, count)
        )

    server = await asyncio.start_server(relay, address, 0, reuse_address=True)
    return name, server.sockets[0].getsockname()[1]


async def main(specs: list[str]) -> None:
    counts: dict[str, Count] = {}
    ports = dict([await listen(spec, counts) for spec in specs])
    print(json.dumps(ports), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    figures: dict[str, object] = {name: asdict(count) for name, count in counts.items()}
    figures["cpu_seconds"] = time.process_time()
    print(json.dumps(figures), flush=True)
    # Connections still open are cut here: nothing to flush, nothing to say about them.
    os._exit(0)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
