# frozen_string_literal: true

require_relative "test_helper"

class WebhookTest < Minitest::Test
  KEY = "sk_test_abc123"
  BODY = '{"id":"e1","type":"deposittransition.complete","data":{"object":{"id":"d1","amount":"202.00"},"previous_status":"pending"}}'

  def sign(body, t, key = "test_abc123")
    "t=#{t},v1=#{OpenSSL::HMAC.hexdigest("SHA256", key, "#{t}.#{body}")}"
  end

  def test_a_timestamped_signature_verifies
    now = Time.at(1_793_976_539)
    assert Finos.verify_webhook_signature(BODY, sign(BODY, now.to_i), KEY, now: now)
    assert Finos.verify_webhook_signature(BODY, sign(BODY, now.to_i - 299), KEY, now: now)
  end

  def test_a_tampered_body_fails
    now = Time.now
    header = sign(BODY, now.to_i)
    refute Finos.verify_webhook_signature(BODY.sub("202.00", "999.00"), header, KEY, now: now)
    refute Finos.verify_webhook_signature(BODY, header, "sk_test_otherkey", now: now)
  end

  def test_a_stale_or_future_signature_fails
    now = Time.at(1_793_976_539)
    refute Finos.verify_webhook_signature(BODY, sign(BODY, now.to_i - 301), KEY, now: now)
    refute Finos.verify_webhook_signature(BODY, sign(BODY, now.to_i + 301), KEY, now: now)
    assert Finos.verify_webhook_signature(BODY, sign(BODY, now.to_i - 900), KEY, now: now, tolerance: 1000)
  end

  def test_any_of_several_v1_values_may_match
    t = Time.now.to_i
    good = sign(BODY, t).split("v1=").last
    header = "t=#{t},v1=#{"0" * 64},v1=#{good}"
    assert Finos.verify_webhook_signature(BODY, header, KEY)
  end

  def test_the_legacy_sha1_header
    sha1 = OpenSSL::HMAC.hexdigest("SHA1", "test_abc123", BODY)
    assert Finos.verify_webhook_signature(BODY, sha1, KEY)
    assert Finos.verify_webhook_signature(BODY, sha1.upcase, KEY)
    refute Finos.verify_webhook_signature("#{BODY} ", sha1, KEY)
  end

  def test_garbage_is_false_not_an_exception
    ["", "t=", "v1=abc", "t=abc,v1=00", "nonsense", nil, "t=1,v1=zz"].each do |header|
      refute Finos.verify_webhook_signature(BODY, header, KEY), header.inspect
    end
    refute Finos.verify_webhook_signature(BODY, sign(BODY, Time.now.to_i), "")
  end

  def test_construct_event_verifies_then_types_the_object
    event = Finos.construct_event(BODY, sign(BODY, Time.now.to_i), KEY)
    assert_instance_of Finos::Event, event
    assert_instance_of Finos::Deposit, event.data.object
    assert_equal BigDecimal("202"), event.data.object.amount
    assert_raises(Finos::SignatureVerificationError) { Finos.construct_event(BODY, sign("{}", Time.now.to_i), KEY) }
  end
end
