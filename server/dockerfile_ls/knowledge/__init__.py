"""Offline knowledge of what operating system an image reference runs."""
