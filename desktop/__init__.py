"""法治政府建设台账 — offline desktop ledger for township rule-of-law obligations."""

__version__ = "0.1.0"
