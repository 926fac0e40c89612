"""The evaluation steps, one module per family of question; bot/engine/evaluate.py runs them in order."""
