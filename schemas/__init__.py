"""The canonical record shapes (posts, accounts, follower snapshots) and the data dictionary."""
