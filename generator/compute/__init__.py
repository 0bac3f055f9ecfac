"""Step three: pure functions over checked content, giving what pages show (relations, rankings, groupings)."""
