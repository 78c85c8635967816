import os

# Tests must not depend on a developer's shared embedding cache: every text is embedded for real.
os.environ.pop("ASPIRATION_EMBEDDING_CACHE", None)
