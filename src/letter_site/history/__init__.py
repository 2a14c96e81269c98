"""The letter's record: its released versions (git tags) and what changed from one to the next (issue 17)."""
