"""The domain: documents, the archive, Vietnamese analysis and the Whoosh index."""
