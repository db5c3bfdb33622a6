"""mythprint: one content source plus a brand kit, into every printed format."""

__version__ = "0.1.0"
