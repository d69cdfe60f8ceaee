"""A fact bot about the late-2024 Syrian opposition offensive, answering from a sourced fact base."""

__version__ = "0.1.0"
