"""The five seed systems, one module each (the seed pages are in ../shared/seeds/)."""
