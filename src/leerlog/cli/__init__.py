"""The command line: options, prompts and exit codes; everything else lives below it."""
