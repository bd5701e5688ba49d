"""cuelog: a private, command-line relapse-prevention self-tracker."""

__version__ = "0.1.0"
