"""The content-addressed stores a rebuild reuses, under .claimtrail-cache/ (outside build/, never committed).

* `store`: EntryStore, bytes by key, written atomically; a damaged entry counts as absent;
* `work`: WorkCache, each article's findings and sentences;
* `versions`: what besides the input decides a result (the code hash, dependency versions), and the keys.

Every key contains the code hash and the dependency versions, so an entry is either exactly what a
fresh computation would give or absent: nothing needs invalidating.
"""
