"""The Markdown report: machine, versions, command, a summary of every target, then each section."""

from __future__ import annotations

from datetime import UTC, datetime

from bench import machine
from bench.common import Section, table


def render(
    sections: list[Section],
    *,
    command: str,
    started: datetime,
    seconds: float,
    load_start: tuple[float, float, float] | None = None,
) -> str:
    load = ""
    if load_start is not None:
        load = (
            f" The load average was {load_start[0]:.2f} when the run started (2 cores; other processes may "
            "share the machine: compare ratios measured in the same run rather than absolute rates)."
        )
    lines = [
        "# Benchmarks (issue 3)",
        "",
        f"Command: `{command}` (from the repository root, with the project's venv). "
        f"Run started {started.astimezone(UTC):%Y-%m-%d %H:%M} UTC and took {seconds:.0f} s. "
        "Benchmarks are not tests: no timing is asserted anywhere; this file is the result." + load,
        "",
        "## Machine and versions",
        "",
        table(["", ""], [[k, v] for k, v in machine.describe()]),
        "",
        table(["package", "version"], [[k, v] for k, v in machine.versions().items()]),
        "",
        "## Targets",
        "",
        table(
            ["section", "target", "goal", "measured", "verdict"],
            [[s.title, t.name, t.goal, t.measured, f"**{t.verdict}**"] for s in sections for t in s.targets],
        ),
        "",
    ]
    for section in sections:
        lines += [f"## {section.title}", "", f"_Section time: {section.seconds:.0f} s._", ""]
        for block in section.blocks:
            lines += [block, ""]
        for caption, text in section.profiles:
            lines += [f"**Profile: {caption}**", "", "```", text.rstrip(), "```", ""]
    return "\n".join(lines).rstrip() + "\n"
