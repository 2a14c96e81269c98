"""The command line: ``letter-site check | build | pdf | new``."""
