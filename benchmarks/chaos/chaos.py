#!/usr/bin/env python3
"""Chaos run: the real service under steady query load while its chat model upstream fails and recovers.

A fake OpenAI chat endpoint (OpenAI's wire format, on loopback) goes through phases: healthy, failing with 500s,
throttling with 429 + Retry-After, slow beyond the LLM timeout, and healthy again. The service uses it as its LLM
(embeddings and the index stay embedded). Clients query all the time; at the end the script prints, per phase
and in total, the answers from the model, the degraded (extractive) answers, the errors and latency percentiles,
and the circuit breaker states seen on /status.

Usage: benchmarks/chaos/chaos.py [--jar bootstrap/target/rag-service.jar] [--clients 8] [--phase-seconds 10]
Needs a JDK >= 21 (found like scripts/run does) and the built jar (scripts/run builds it).
"""
import argparse
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

PHASES = ["healthy", "failing", "throttled", "slow", "recovered"]


class FakeOpenAi(http.server.ThreadingHTTPServer):
    daemon_threads = True
    phase = "healthy"
    calls = {}


class ChatHandler(http.server.BaseHTTPRequestHandler):
    # Keep-alive, as OpenAI's servers do: the client pools connections.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        phase = self.server.phase
        self.server.calls[phase] = self.server.calls.get(phase, 0) + 1
        if phase == "failing":
            return self.reply(500, {"error": {"message": "The server had an error", "type": "server_error",
                                              "param": None, "code": None}})
        if phase == "throttled":
            return self.reply(429, {"error": {"message": "Rate limit reached", "type": "requests",
                                              "param": None, "code": "rate_limit_exceeded"}},
                              {"Retry-After": "1"})
        if phase == "slow":
            time.sleep(6)
        self.reply(200, {
            "id": "chatcmpl-chaos", "object": "chat.completion", "created": int(time.time()),
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": "From the model [1].", "refusal": None}}],
            "usage": {"prompt_tokens": 200, "completion_tokens": 8, "total_tokens": 208}})

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_java():
    for home in [os.environ.get("JAVA_HOME"), "/usr/lib/jvm/temurin-25-jdk-amd64"]:
        if home and os.path.exists(os.path.join(home, "bin", "java")):
            return os.path.join(home, "bin", "java")
    return shutil.which("java")


def request(url, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
    except OSError:
        return 0, None


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default="bootstrap/target/rag-service.jar")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--phase-seconds", type=float, default=10)
    args = parser.parse_args()

    fake = FakeOpenAi(("127.0.0.1", 0), ChatHandler)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="rag-chaos-")
    environment = dict(os.environ, PORT=str(port), HOST="127.0.0.1", DATA_DIR=data_dir,
                       OPENAI_API_KEY="sk-chaos", OPENAI_BASE_URL=f"http://127.0.0.1:{fake.server_port}/v1",
                       EMBEDDING_PROVIDER="local", LLM_PROVIDER="openai", OPT_OUT_TRACKING="true",
                       LLM_TIMEOUT_MS="3000", REQUEST_TIMEOUT_MS="5000", CIRCUIT_BREAKER_DELAY_MS="3000",
                       LOG_LEVEL="WARNING",
                       RATE_LIMIT_RPM="1000000000", RATE_LIMIT_BURST="1000000000",
                       RATE_LIMIT_TPM="1000000000")
    log = open(os.environ.get("CHAOS_LOG", os.devnull), "w")
    service = subprocess.Popen([find_java(), "-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector", "-jar", args.jar], env=environment,
                               stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while request(base + "/health/ready", timeout=2)[0] != 200:
            if time.time() > deadline or service.poll() is not None:
                sys.exit("the service did not become ready")
            time.sleep(0.5)
        status, _ = request(base + "/documents", {
            "texts": ["The Fresnel lens was invented by Augustin-Jean Fresnel in 1822 for lighthouses.",
                      "Sourdough rises because of wild yeast and lactic acid bacteria in the starter.",
                      "Volcanic eruptions happen when magma rises through cracks in the crust."],
            "ids": ["lighthouse", "sourdough", "volcano"]})
        assert status == 200, status
        # The first calls load the OpenAI client's classes and open connections: not what this run measures.
        for _ in range(3):
            request(base + "/query", {"question": "Warm-up: who invented the lens?", "use_cache": False})

        results = []  # (phase, outcome, seconds)
        breaker_states = {phase: set() for phase in PHASES}
        lock = threading.Lock()
        stop = threading.Event()

        def client(number):
            i = 0
            while not stop.is_set():
                i += 1
                phase = fake.phase
                started = time.perf_counter()
                status, body = request(base + "/query", {"question": f"Who invented the lens? ({number}-{i})",
                                                         "use_cache": False})
                elapsed = time.perf_counter() - started
                outcome = ("degraded" if body.get("degraded") else "model") if status == 200 else f"error_{status}"
                with lock:
                    results.append((phase, outcome, elapsed))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for phase in PHASES:
            fake.phase = phase
            phase_end = time.time() + args.phase_seconds
            while time.time() < phase_end:
                _, status_body = request(base + "/status", timeout=5)
                if status_body:
                    breaker_states[phase].add(status_body["circuit_breakers"].get("llm", {}).get("state"))
                time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join()

        print(f"chaos run: {args.clients} clients, {args.phase_seconds:.0f} s per phase, "
              f"LLM timeout 3 s, request deadline 5 s, breaker delay 3 s")
        header = f"{'phase':<10} {'requests':>8} {'model':>6} {'degraded':>8} {'errors':>6} " \
                 f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'upstream calls':>14}  breaker states"
        print(header)
        for phase in PHASES + ["total"]:
            rows = [r for r in results if phase == "total" or r[0] == phase]
            latencies = [r[2] * 1000 for r in rows]
            count = lambda outcome: sum(1 for r in rows if r[1] == outcome)
            errors = sum(1 for r in rows if r[1].startswith("error"))
            calls = sum(fake.calls.values()) if phase == "total" else fake.calls.get(phase, 0)
            states = ",".join(sorted(s for s in (set().union(*breaker_states.values()) if phase == "total"
                                                 else breaker_states[phase]) if s))
            print(f"{phase:<10} {len(rows):>8} {count('model'):>6} {count('degraded'):>8} {errors:>6} "
                  f"{percentile(latencies, 50):>7.0f} {percentile(latencies, 95):>7.0f} "
                  f"{percentile(latencies, 99):>7.0f} {max(latencies, default=0):>7.0f} {calls:>14}  {states}")
        error_kinds = sorted({r[1] for r in results if r[1].startswith("error")})
        if error_kinds:
            print("errors by kind:", ", ".join(f"{k}={sum(1 for r in results if r[1] == k)}" for k in error_kinds))
    finally:
        service.terminate()
        service.wait(30)
        fake.shutdown()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
