"""The domain: records, categories, parsing, periods and the balance; pure Python, no I/O."""
