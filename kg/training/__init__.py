"""Training the learned layer: gold articles parsed and cached, labelled candidates, a fitted model."""
