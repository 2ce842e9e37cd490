"""Unit tests, one folder per package of src/claimtrail (tests/unit/<package>/test_<module>.py)."""
