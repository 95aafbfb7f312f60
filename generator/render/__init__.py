"""Renderers: each turns an assembled Document into one output format."""
