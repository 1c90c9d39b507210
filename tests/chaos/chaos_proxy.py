#!/usr/bin/python3
"""A fault-injecting TCP proxy for the sync chaos test (issue 6). It sits between a device and
selfdirect-sync and, for each HTTP request, draws one fault from a seeded random generator:

  pass           forward the request and the answer unchanged
  refuse         close the device's connection before reading anything
  delay          wait 50-400 ms, then forward both ways
  truncate       forward only part of the request body to the server, then close both sides
  duplicate      send the request to the server twice (two connections), answer with the first reply
  drop_answer    forward the whole request, let the server answer (it has committed), then close the
                 device's connection without the answer: the hardest case, a stored record whose
                 device never heard so
  slow_answer    forward the answer a few bytes at a time, slowly

The proxy speaks just enough HTTP/1.1 to find where a request ends (Content-Length) and handles
one request per connection (it asks for "Connection: close" both ways). It counts what it did and
prints the counts as JSON on SIGTERM or when --stats-file is given, so the test can show that every
kind of fault really happened.

usage: chaos_proxy.py --listen PORT --upstream HOST:PORT [--seed N] [--port-file F] [--stats-file F]
                      [--weights pass=4,refuse=1,...]
"""
import argparse
import asyncio
import json
import random
import signal
import sys

FAULTS = ["pass", "refuse", "delay", "truncate", "duplicate", "drop_answer", "slow_answer"]
DEFAULT_WEIGHTS = {"pass": 4, "refuse": 1, "delay": 1, "truncate": 1, "duplicate": 1, "drop_answer": 2, "slow_answer": 1}
MAX_REQUEST = 32 * 1024 * 1024


class Proxy:
    def __init__(self, upstream_host, upstream_port, seed, weights):
        self.upstream = (upstream_host, upstream_port)
        self.random = random.Random(seed)
        self.names = list(weights)
        self.weights = [weights[n] for n in self.names]
        self.counts = {n: 0 for n in FAULTS}
        self.counts["upstream_unreachable"] = 0

    async def read_request(self, reader):
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length > MAX_REQUEST:
            raise ValueError("request too large for the proxy")
        body = await reader.readexactly(length) if length else b""
        return close_header(head), body

    async def exchange(self, request):
        """Sends one request upstream on its own connection and returns the whole answer (b"" when the
        server is down or closes early)."""
        try:
            r, w = await asyncio.open_connection(*self.upstream)
        except OSError:
            self.counts["upstream_unreachable"] += 1
            return b""
        try:
            w.write(request)
            await w.drain()
            return await r.read()  # the server closes after one answer ("Connection: close")
        except (OSError, asyncio.IncompleteReadError):
            return b""
        finally:
            w.close()

    async def handle(self, reader, writer):
        fault = self.random.choices(self.names, self.weights)[0]
        self.counts[fault] += 1
        try:
            if fault == "refuse":
                return
            head, body = await self.read_request(reader)
            request = head + body
            if fault == "delay":
                await asyncio.sleep(self.random.uniform(0.05, 0.4))
            if fault == "truncate":
                cut = self.random.randrange(0, max(1, len(body)))
                try:
                    r, w = await asyncio.open_connection(*self.upstream)
                    w.write(head + body[:cut])
                    await w.drain()
                    await asyncio.sleep(0.05)
                    w.close()
                except OSError:
                    self.counts["upstream_unreachable"] += 1
                return
            answer = await self.exchange(request)
            if fault == "duplicate":
                await self.exchange(request)
            if fault == "drop_answer" or not answer:
                return
            if fault == "slow_answer":
                for i in range(0, len(answer), 7):
                    writer.write(answer[i:i + 7])
                    await writer.drain()
                    await asyncio.sleep(0.001)
            else:
                writer.write(answer)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            writer.close()


def close_header(head):
    """Rewrites the request head to ask for Connection: close (one request per connection)."""
    lines = [l for l in head.split(b"\r\n") if l and not l.lower().startswith(b"connection:")]
    return b"\r\n".join(lines + [b"Connection: close"]) + b"\r\n\r\n"


def parse_weights(text):
    weights = dict(DEFAULT_WEIGHTS)
    if text:
        for part in text.split(","):
            name, _, value = part.partition("=")
            if name not in FAULTS:
                sys.exit(f"chaos_proxy: unknown fault '{name}'")
            weights[name] = float(value)
    return {n: w for n, w in weights.items() if w > 0}


async def main_async(args):
    host, _, port = args.upstream.rpartition(":")
    proxy = Proxy(host, int(port), args.seed, parse_weights(args.weights))
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", args.listen, limit=MAX_REQUEST)
    bound = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{bound}\n")
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for s in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(s, stop.set)
    async with server:
        await stop.wait()
    stats = json.dumps(proxy.counts)
    if args.stats_file:
        with open(args.stats_file, "w") as f:
            f.write(stats + "\n")
    print(stats, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", type=int, default=0)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--port-file")
    ap.add_argument("--stats-file")
    ap.add_argument("--weights", default="")
    asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    main()
