"""HTML views: the page kit, the network graph and the timeline; assets/ holds their JS, CSS and HTML."""
