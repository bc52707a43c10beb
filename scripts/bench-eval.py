#!/usr/bin/env python3
"""Time a command several times: median, min and max wall time, peak RSS.

usage: bench-eval.py [--runs N] [--events N] [--bytes N] -- COMMAND...
With --events/--bytes it also prints throughput (events/s, MB/s) at the median.
Output goes to /dev/null; each run's peak RSS comes from /usr/bin/time.
"""
import argparse, statistics, subprocess, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--events", type=int, default=0)
    ap.add_argument("--bytes", type=int, default=0)
    ap.add_argument("--label", default="")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command and a.command[0] == "--" else a.command
    times, rss = [], []
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up (page cache)
    for _ in range(a.runs):
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        rss.append(int(p.stderr.strip().splitlines()[-1]) / 1024)
    med = statistics.median(times)
    line = f"{a.label or ' '.join(cmd)} | median {med:.3f} s | min {min(times):.3f} | max {max(times):.3f} | peak RSS {max(rss):.1f} MiB"
    if a.events:
        line += f" | {a.events / med / 1e6:.2f} M events/s"
    if a.bytes:
        line += f" | {a.bytes / med / 1e6:.0f} MB/s"
    print(line)


if __name__ == "__main__":
    sys.exit(main())
