"""Data that comes from outside the running system: the demo company and the tau2-bench retail interchange."""
