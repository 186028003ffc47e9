"""Time the work a post-length hostile input costs: the privacy screen and the Markdown renderer.

Usage: python bench/hostile_input.py [--repeat N] [--budget-ms MS]
For each input of tests/hostile_inputs.py (20,000 characters of one repeated unit), prints the
CPU time of the best of N runs and the CPU time per 1,000 characters. Exits 1 when an input
costs more than the budget (default 1,000 ms): matching that backtracks or rescans on such an
input costs seconds, while every input here is linear work.

CPU time (time.process_time), not wall time, so other load on the machine changes the figures
little; the tests check what these inputs give, and leave their timing to this script.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum.privacy import screen  # noqa: E402
from forum.security.sanitize import mention_candidates, render_markdown  # noqa: E402
from tests.hostile_inputs import MARKDOWN_INPUTS, PRIVACY_SCREEN_INPUTS  # noqa: E402

DEFAULT_BUDGET_MS = 1000.0
MENTIONS = {"a": "/members/a"}


def render(source: str) -> None:
    """What saving a post does with its body: render it, and collect the handles it mentions."""
    render_markdown(source, MENTIONS)
    mention_candidates(source)


def best_cpu_ms(work, text: str, repeat: int) -> float:
    """The least CPU time of `repeat` runs: the others carry interference, not the code's cost."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work(text)
        best = min(best, time.process_time() - started)
    return best * 1000


def report(title: str, work, inputs: dict, repeat: int, budget_ms: float) -> list[str]:
    """Print one line per input, slowest first; return the names of inputs over the budget."""
    print(f"{title} ({len(inputs)} inputs, best of {repeat}, budget {budget_ms:,.0f} ms each)")
    timings = {name: best_cpu_ms(work, text, repeat) for name, text in inputs.items()}
    for name, ms in sorted(timings.items(), key=lambda item: -item[1]):
        per_k = ms / (len(inputs[name]) / 1000)
        flag = "   OVER BUDGET" if ms > budget_ms else ""
        print(f"  {name:26} {ms:8.1f} ms CPU  {per_k:6.2f} ms per 1,000 characters{flag}")
    return [name for name, ms in timings.items() if ms > budget_ms]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per input; the best counts (default 3)")
    parser.add_argument("--budget-ms", type=float, default=DEFAULT_BUDGET_MS,
                        help=f"CPU milliseconds an input may cost (default {DEFAULT_BUDGET_MS:,.0f})")
    args = parser.parse_args(argv)
    over = report("privacy screen", screen, PRIVACY_SCREEN_INPUTS, args.repeat, args.budget_ms)
    over += report("render and collect mentions", render, MARKDOWN_INPUTS, args.repeat, args.budget_ms)
    print(f"OVER BUDGET: {', '.join(over)}" if over else "every input within budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
