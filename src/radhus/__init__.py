"""Rådhus: the executive management of Swedish municipalities."""
