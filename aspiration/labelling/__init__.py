"""The labelling desk: people review model labels, the classification records, retraining, and the nlp commands."""
