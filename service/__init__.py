"""wiredesk: agency wire stories from Kafka in, normalised event records out."""

__version__ = "0.1.0"
