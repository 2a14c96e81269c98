"""The citation engine: notes numbered in reading order, each cite in full or as "Id."."""
