"""What reaches a terminal: Rich and plain tables, bars, progress."""
