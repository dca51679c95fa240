"""The Learning Record Store: xAPI statements (pure mapping), the HTTP client, and sync."""
