"""Reading the index: query parsing, ranking, facets, snippets, citations.  Returns plain data."""
