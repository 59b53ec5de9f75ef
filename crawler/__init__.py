"""Fetching and cleaning: turns files and URLs into ``Document`` records for the archive."""
