import hashlib
import hmac
import unittest
from decimal import Decimal

import _server  # noqa: F401 (puts the package on the path)

import finos

KEY = "sk_test_abc123"
BODY = b'{"id":"e_1","type":"user.created","data":{"object":{"id":"u_1"}}}'
NOW = 1_800_000_000


def v1(body: bytes, t: int, secret: str = "test_abc123") -> str:
    return hmac.new(secret.encode(), str(t).encode() + b"." + body, hashlib.sha256).hexdigest()


class Webhooks(unittest.TestCase):
    def test_a_timestamped_signature_verifies(self) -> None:
        header = "t=%d,v1=%s" % (NOW, v1(BODY, NOW))
        self.assertTrue(finos.verify_webhook_signature(BODY, header, KEY, now=NOW + 10))
        self.assertTrue(finos.verify_webhook_signature(BODY.decode(), header, KEY, now=NOW))

    def test_a_tampered_body_fails(self) -> None:
        header = "t=%d,v1=%s" % (NOW, v1(BODY, NOW))
        self.assertFalse(finos.verify_webhook_signature(BODY.replace(b"u_1", b"u_2"), header, KEY, now=NOW))

    def test_a_stale_or_future_timestamp_fails(self) -> None:
        header = "t=%d,v1=%s" % (NOW, v1(BODY, NOW))
        self.assertFalse(finos.verify_webhook_signature(BODY, header, KEY, now=NOW + 301))
        self.assertFalse(finos.verify_webhook_signature(BODY, header, KEY, now=NOW - 301))
        self.assertTrue(finos.verify_webhook_signature(BODY, header, KEY, now=NOW + 301, tolerance=600))

    def test_the_current_time_is_the_default(self) -> None:
        import time
        t = int(time.time())
        self.assertTrue(finos.verify_webhook_signature(BODY, "t=%d,v1=%s" % (t, v1(BODY, t)), KEY))
        old = t - 3600
        self.assertFalse(finos.verify_webhook_signature(BODY, "t=%d,v1=%s" % (old, v1(BODY, old)), KEY))

    def test_one_good_signature_among_several_is_enough(self) -> None:
        header = "t=%d,v1=%s,v1=%s" % (NOW, "0" * 64, v1(BODY, NOW))
        self.assertTrue(finos.verify_webhook_signature(BODY, header, KEY, now=NOW))

    def test_the_wrong_key_fails(self) -> None:
        header = "t=%d,v1=%s" % (NOW, v1(BODY, NOW))
        self.assertFalse(finos.verify_webhook_signature(BODY, header, "sk_test_other", now=NOW))

    def test_the_legacy_sha1_header_verifies(self) -> None:
        header = hmac.new(b"test_abc123", BODY, hashlib.sha1).hexdigest()
        self.assertTrue(finos.verify_webhook_signature(BODY, header, KEY))
        self.assertTrue(finos.verify_webhook_signature(BODY, header.upper(), KEY))
        self.assertFalse(finos.verify_webhook_signature(BODY + b" ", header, KEY))

    def test_malformed_headers_return_false(self) -> None:
        for header in (None, "", "t=abc,v1=00", "v1=%s" % v1(BODY, NOW), "t=%d" % NOW, "garbage", "t=%d,v1=zz" % NOW):
            with self.subTest(header=header):
                self.assertFalse(finos.verify_webhook_signature(BODY, header, KEY, now=NOW))


DEPOSIT_EVENT = (b'{"id":"e_2","type":"deposittransition.complete","created_at":"2026-11-05T14:48:59Z",'
                 b'"data":{"object":{"id":"d_1","amount":"202.00","status":"complete"},"previous_status":"pending"}}')


class ConstructEvent(unittest.TestCase):
    def test_a_verified_event_has_its_object_typed_by_the_event_type(self) -> None:
        header = "t=%d,v1=%s" % (NOW, v1(DEPOSIT_EVENT, NOW))
        event = finos.construct_event(DEPOSIT_EVENT, header, KEY, now=NOW)
        self.assertEqual(event.type, "deposittransition.complete")
        self.assertEqual(event.data.object.amount, Decimal("202.00"))
        self.assertIs(type(event.data.object), finos.models.Deposit)
        self.assertEqual(event.data.previous_status, "pending")

    def test_a_bad_signature_raises(self) -> None:
        header = "t=%d,v1=%s" % (NOW, v1(DEPOSIT_EVENT, NOW))
        with self.assertRaises(finos.SignatureVerificationError) as ctx:
            finos.construct_event(DEPOSIT_EVENT.replace(b"202.00", b"999.00"), header, KEY, now=NOW)
        self.assertIsInstance(ctx.exception, finos.FinosError)

    def test_an_unknown_event_type_is_kept_as_it_came(self) -> None:
        body = b'{"id":"e_3","type":"brandnew.thing","data":{"object":{"amount":"1.00"}}}'
        event = finos.construct_event(body, "t=%d,v1=%s" % (NOW, v1(body, NOW)), KEY, now=NOW)
        self.assertEqual(event.data.object.amount, "1.00")
        self.assertIs(type(event), finos.models.Event)


if __name__ == "__main__":
    unittest.main()
