"""Hand-written for fetchTime: Fakex's clock answers {"clock": {"iso": "..."}}."""


class Mixin:
    def parse_clock(self, response):
        return self.parse8601(response["clock"]["iso"])
