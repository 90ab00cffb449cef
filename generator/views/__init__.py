"""What pages and exports both show of the model: figures, lists, feeds, signs, datasets."""
