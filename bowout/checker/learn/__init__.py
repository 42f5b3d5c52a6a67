"""What the checker learns from data, and the data it learns from: our corpus and the real
messages beside the repository. Nothing here runs when a message is checked."""
