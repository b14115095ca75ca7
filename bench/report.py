"""bench/results.json and the table printed at the end of a run."""

import os
import platform
from importlib.metadata import version

from bench.measure import median_ms, p95_ms

# The targets (docs/benchmark.md, "Targets").
API_RATIO = 1.5
HTML_RATIO = 2.0
GROWTH = 1.3
QUERIES = 6
NOTIFICATION_SECONDS = 60
GENERATE_SECONDS = 300
TARGET_SIZE = 1_000_000


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            names = (line.split(":", 1)[1] for line in cpuinfo if line.startswith("model name"))
            model = next(names, "").strip()
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 2**30, 1),
    }


def page_rows(pages, timings, queries) -> list[dict]:
    rows = []
    for page, small in zip(pages["N"], pages["N/10"], strict=True):
        at_n, at_tenth = timings["N"][page.name], timings["N/10"][page.name]
        median, floor_median = median_ms(at_n["app"]), median_ms(at_n["floor"])
        rows.append(
            {
                "name": page.name,
                "kind": page.kind,
                "url": page.url,
                "floor_url": page.floor,
                "median_ms": median,
                "p95_ms": p95_ms(at_n["app"]),
                "floor_median_ms": floor_median,
                "ratio": _ratio(median, floor_median),
                "median_ms_at_tenth": median_ms(at_tenth["app"]),
                "floor_median_ms_at_tenth": median_ms(at_tenth["floor"]),
                "growth": _ratio(median, median_ms(at_tenth["app"])),
                # Rendered afresh, right after a change (bench.measure).
                "miss_median_ms": _median_or_none(at_n["miss"]),
                "miss_ratio": _ratio(_median_or_none(at_n["miss"]), floor_median),
                "miss_growth": _ratio(
                    _median_or_none(at_n["miss"]), _median_or_none(at_tenth["miss"])
                ),
                "queries": queries["N"][page.url],
                "queries_at_tenth": queries["N/10"][small.url],
            }
        )
    return rows


def results(
    *, options, sizes, pages, timings, queries, page_sizes, due, notifications, generated,
    postgres_version,
) -> dict:  # fmt: skip
    rows = page_rows(pages, timings, queries)
    worst = {
        kind: max((row["ratio"] or 0 for row in rows if row["kind"] == kind), default=None)
        for kind in ("api_list", "html_list")
    }
    # The same, rendered afresh right after a change (no kept page).
    rendered = {
        kind: max((row["miss_ratio"] or 0 for row in rows if row["kind"] == kind), default=None)
        for kind in ("api_list", "html_list")
    }
    due_growth = _ratio(due["N"]["seconds"], due["N/10"]["seconds"])
    sized = page_sizes
    list_queries = [row["queries"] for row in rows if row["kind"] != "page"]
    notes = notifications or {}
    data = {
        "predictions": sizes["N"],
        "seed": options.seed,
        "rounds": options.rounds,
        "pages": rows,
        "api_list_vs_floor": worst["api_list"],
        "html_list_vs_floor": worst["html_list"],
        "worst_page_growth": max(row["growth"] or 0 for row in rows),
        "api_list_vs_floor_rendered": rendered["api_list"],
        "html_list_vs_floor_rendered": rendered["html_list"],
        "worst_page_growth_rendered": max(
            (row["miss_growth"] or row["growth"] or 0) for row in rows
        ),
        "queries_api_page_size_10_vs_100": sized,
        "due_check": {label: due[label] for label in sizes},
        "due_check_growth": due_growth,
        "notifications": notifications,
        "notifications_seconds": notes.get("seconds"),
        "notifications_lost": notes.get("lost"),
        "notifications_duplicated": notes.get("duplicated"),
        "generate_seconds": generated["N"],
        "generate_seconds_at_tenth": generated["N/10"],
        "machine": machine(),
        "versions": {
            "python": platform.python_version(),
            "django": version("django"),
            "postgresql": postgres_version,
            "gunicorn": version("gunicorn"),
        },
    }
    data["targets"] = {
        "api_list_vs_floor <= 1.5": _pass(worst["api_list"], API_RATIO),
        "html_list_vs_floor <= 2.0": _pass(worst["html_list"], HTML_RATIO),
        "worst_page_growth <= 1.3": _pass(data["worst_page_growth"], GROWTH),
        "list queries equal for page size 10 and 100, <= 6": (
            sized[0] == sized[1] and max([*sized, *list_queries]) <= QUERIES
        ),
        "due_check_growth <= 1.3": _pass(due_growth, GROWTH),
        "notifications <= 60 s, 0 lost, 0 duplicated": (
            None
            if notifications is None
            else notes["seconds"] <= NOTIFICATION_SECONDS
            and notes["lost"] == 0
            and notes["duplicated"] == 0
        ),
        # Only meaningful at the size the target names.
        "generate_ledger 1,000,000 <= 300 s": (
            generated["N"] <= GENERATE_SECONDS if sizes["N"] == TARGET_SIZE else None
        ),
    }
    return data


def _median_or_none(samples: list[float]) -> float | None:
    return median_ms(samples) if samples else None


def _pass(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def table(data: dict) -> str:
    lines = [
        f"make bench: {data['predictions']:,} predictions (growth against N/10), "
        f"{data['rounds']} rounds",
        "",
        f"{'request':<32} {'median':>9} {'p95':>9} {'floor':>8} {'ratio':>8} "
        f"{'growth':>7} {'queries':>7} {'miss':>8} {'ratio':>6} {'growth':>6}",
    ]
    for row in data["pages"]:
        lines.append(
            f"{row['name'][:32]:<32} {row['median_ms']:>9.1f} {row['p95_ms']:>9.1f} "
            f"{row['floor_median_ms']:>8.1f} {row['ratio'] or 0:>7.1f}x "
            f"{row['growth'] or 0:>7.2f} {row['queries']:>7}"
            + (
                f" {row['miss_median_ms']:>8.1f} {row['miss_ratio'] or 0:>5.1f}x"
                f" {row['miss_growth'] or 0:>6.2f}"
                if row["miss_median_ms"] is not None
                else ""
            )
        )
    due = data["due_check"]
    lines += [
        "",
        f"API lists / floor (worst): {data['api_list_vs_floor']}x; "
        f"HTML lists / floor (worst): {data['html_list_vs_floor']}x; "
        f"worst growth: {data['worst_page_growth']}",
        f"rendered afresh right after a change (miss): API lists / floor (worst): "
        f"{data['api_list_vs_floor_rendered']}x; HTML lists / floor (worst): "
        f"{data['html_list_vs_floor_rendered']}x; worst growth: "
        f"{data['worst_page_growth_rendered']}",
        f"due check: {due['N']['seconds']:.2f} s at N, {due['N/10']['seconds']:.2f} s at N/10 "
        f"(growth {data['due_check_growth']})",
        f"notifications: {data['notifications_seconds']} s, lost "
        f"{data['notifications_lost']}, duplicated {data['notifications_duplicated']}",
        f"generate_ledger: {data['generate_seconds']} s",
        "",
        "targets:",
    ]
    for name, passed in data["targets"].items():
        verdict = {True: "pass", False: "FAIL", None: "n/a"}[passed]
        lines.append(f"  {verdict:<5} {name}")
    return "\n".join(lines)
