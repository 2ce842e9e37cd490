"""Unit tests of claimtrail.validate."""
