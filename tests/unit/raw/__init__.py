"""Unit tests of claimtrail.raw."""
