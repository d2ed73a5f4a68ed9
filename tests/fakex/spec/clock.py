"""Hand-written for fetchTime: Fakex's clock answers {"clock": {"iso": "..."}}."""

from ccxt.base.errors import BadResponse


class Mixin:
    def parse_clock(self, response):
        clock = response.get("clock") if isinstance(response, dict) else None
        text = clock.get("iso") if isinstance(clock, dict) else None
        timestamp = self.parse8601(text) if isinstance(text, str) else None
        if timestamp is None:
            raise BadResponse(f"{self.id} fetchTime() expected {{'clock': {{'iso': <time>}}}}, got {response!r:.200}")
        return timestamp
