"""Publishing: the files generated from the models for the Hub (the dataset card, JSON Schema,
Croissant)."""
