"""Group sessions: one meeting logged once for everyone present, and its attendance sheet."""
