"""The runner: every read and write of raw/ and build/, around the pure stages."""
