"""Accounts, tokens and the dependencies that guard every route."""
