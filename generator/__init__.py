"""convenant: docs-as-code for the samenwerkingsconvenanten of Zorg- en Veiligheidshuizen."""

__version__ = "0.1.0"
