"""Step one: content files to typed models, with the position of every value for messages."""

from generator.load.content import Content, Located, load_content

__all__ = ["Content", "Located", "load_content"]
