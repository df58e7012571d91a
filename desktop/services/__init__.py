"""Use cases over the store; no Qt. Long work takes progress(done, total) and a cancel event."""
