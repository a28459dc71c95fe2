"""Inputs: files and folders of articles, their formats, page furniture and publication dates."""
