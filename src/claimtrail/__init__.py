"""claimtrail: news articles become a validated data package in which every claim and figure is traced to its words."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimtrail")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
