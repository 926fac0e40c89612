"""The replies, one module per family of finding; bot/engine/compose.py picks one for each finding."""
