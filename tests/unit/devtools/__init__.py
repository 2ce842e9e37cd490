"""Unit tests of claimtrail.devtools."""
