"""Data that comes from outside the running system: the demo company and the tau2-bench retail interchange."""

from pathlib import Path

# The demo company's own policies (and the tau2 retail policy), ingested by `init --demo` and by the evals.
DEMO_HANDBOOK = Path(__file__).with_name("handbook")
