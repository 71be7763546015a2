"""`make bench`: anonymous article-page throughput and latency against a bare Django view.

Starts the app server the way `make run` does (uvicorn serving the ASGI app) on a fresh,
seeded SQLite database with BENCH=1 (which adds the bare view at /bench/baseline), then
drives both URLs with a fixed number of concurrent connections on loopback and prints
requests per second, p50 and p99 latency, and the article/baseline ratio.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from carevillage.devserver import _detach_and_die_with_parent, wait_for  # noqa: E402
from conftest import free_port  # noqa: E402

CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
WARMUP_SECONDS = 2.0
ARTICLE = "/en/heart/heart-failure/"
BASELINE = "/bench/baseline"


async def load(
    base_url: str,
    path: str,
    seconds: float,
    *,
    cookies: dict[str, str] | None = None,
    timeout: float = 10,
) -> tuple[int, list[float], int]:
    """Keep CONCURRENCY requests in flight for `seconds`; return (ok, latencies, errors).

    Shared by the other bench scenarios (`cookies` for a logged-in session)."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=timeout, cookies=cookies
    ) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code == 200:
                        latencies.append(time.perf_counter() - start)
                    else:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return len(latencies), latencies, errors


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def measure(base_url: str, path: str) -> dict[str, float]:
    asyncio.run(load(base_url, path, WARMUP_SECONDS))
    count, latencies, errors = asyncio.run(load(base_url, path, SECONDS))
    return {
        "rps": count / SECONDS,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "errors": errors,
    }


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="carevillage-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carevillage.settings",
        "CAREVILLAGE_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
        "BENCH": "1",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    print("Preparing a fresh demo database…", flush=True)
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "carevillage.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning"],
        env=env, cwd=ROOT, preexec_fn=_detach_and_die_with_parent,  # noqa: PLW1509
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(base_url + "/healthz", process=server)
        for path in (ARTICLE, BASELINE):
            status = httpx.get(base_url + path).status_code
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        print(f"{CONCURRENCY} concurrent connections, {SECONDS:.0f} s per URL, one uvicorn worker")
        baseline = measure(base_url, BASELINE)
        article = measure(base_url, ARTICLE)
        for name, result in (("bare Django view", baseline), ("anonymous article", article)):
            print(
                f"{name:<18} {result['rps']:8.0f} req/s  p50 {result['p50_ms']:6.1f} ms  "
                f"p99 {result['p99_ms']:6.1f} ms  errors {result['errors']}"
            )
        print(f"article / baseline throughput ratio: {article['rps'] / baseline['rps']:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
