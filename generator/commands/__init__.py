"""One module per command; the CLI in generator/cli.py only parses options and calls these."""
