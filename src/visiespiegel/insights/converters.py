class PublicId:
    """A remark's public id in a URL: 32 hex digits, nothing else reaches the database."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
