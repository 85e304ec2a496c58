"""What happens to a fetched post, in order: decode → extract → repair → deduplicate → count skips → write."""
