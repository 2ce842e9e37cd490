"""Unit tests of claimtrail.schema."""
