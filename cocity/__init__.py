"""Cocity: a city and the people who live, work and travel in it co-create the city."""
