"""One module per command or command group; each registers its commands on the root."""
