"""The two ways a step fails: the page did not behave (StepFailure) or Chromium did not answer (CDPError)."""


class StepFailure(Exception):
    pass


class CDPError(Exception):
    pass


def expect(condition, message):
    """Stops the step with `message` unless `condition` holds."""
    if not condition:
        raise StepFailure(message)
