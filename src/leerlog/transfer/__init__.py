"""Files in and out: CSV and JSON readers and writers, import checks, atomic output files."""
