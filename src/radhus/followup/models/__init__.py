"""The follow-up of decisions (S4.5, S4.7): each kind of record in a module of its own."""
