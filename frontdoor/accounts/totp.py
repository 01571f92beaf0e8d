"""The code an authenticator app would show now, computed from a device's key.

Front Door never needs this to sign anyone in; it is for the demonstration
(`manage.py demo_code`, demo devices only), the tests and the benchmarks, which sign in
through the real pages with a real code instead of a phone.
"""

from __future__ import annotations

import time
from typing import Any

from django_otp.oath import TOTP


def next_code(device: Any, *, wait: bool = True) -> str:
    """A code the device accepts now: the current time step's, or the next one if that was used.

    A TOTP code is single use (the device remembers the last step it accepted), and the
    device accepts one step ahead; if that is used too, wait for the next step.
    """
    device.refresh_from_db()
    while True:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now = time.time()
        totp.time = now
        current = totp.t()
        wanted = max(current, device.last_t + 1)
        if wanted <= current + device.tolerance or not wait:
            totp.time = now + (wanted - current) * device.step
            return f"{totp.token():0{device.digits}d}"
        time.sleep(device.step - (now - device.t0) % device.step + 0.05)
