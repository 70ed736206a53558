"""Administration and supervisor pages: offices, dashboard and reports (token-based shells)."""
