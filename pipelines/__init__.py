"""What happens to a fetched post, in order: decode → extract → deduplicate → count skips → write."""
