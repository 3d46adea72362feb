"""Editorial review of generated articles: a review store, the review web app, publishing states.

- :class:`~narrator.editorial.store.ReviewStore`: decisions and the corpus index (SQLite);
- :func:`~narrator.editorial.publish.states`: each article's review state, for publishing;
- :data:`~narrator.editorial.cli.review`: the ``narrator review`` click group.
"""
