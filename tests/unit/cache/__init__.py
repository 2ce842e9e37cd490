"""Unit tests of claimtrail.cache."""
