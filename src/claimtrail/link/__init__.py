"""Event linking: event mentions in articles, linked across articles to curated or machine events.

Pure stages: ``article_mentions`` (one article), ``link_corpus`` (all articles
and the curated events), ``syndicated_copies`` (near-duplicate texts).
"""
