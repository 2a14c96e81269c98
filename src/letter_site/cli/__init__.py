"""The command line: ``letter-site check | build | serve | pdf | new | import | system``."""
