"""Benchmarks of issue 3: ours against the anchors, measured in one run (``python -m bench``).

Benchmarks are not tests: nothing here asserts a timing. Each section measures our code and the
anchor side by side on the same inputs and reports ratios and PASS/MISS against the issue's targets.
"""
