"""Pages for planning, tracking, reviewing and publishing, one module per area.

Every view asks ``aspiration.accounts.permissions`` (``@permissions.requires()`` and ``permissions.require``)."""
