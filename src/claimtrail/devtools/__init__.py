"""Developer tools, not the pipeline: synthetic corpora (corpus/), `claimtrail bench` (bench) and the
extractor's accuracy on the labelled set (accuracy, `nox -s accuracy`).  Nothing in the pipeline imports them."""
